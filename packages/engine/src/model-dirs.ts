import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The `models/` folder at the root of the Parley repository: the models that ship with Parley
 * (voice activity, sentiment, emotion, punctuation). Both this file and its build output sit three
 * folders below the root (packages/engine/{src,dist}/), and workspaces link the engine package by
 * its real path, so the built server finds the folder wherever it is started from.
 */
export const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

/**
 * Where model folder `name` is, or undefined when it is nowhere. The configured models directory
 * (PARLEY_MODELS_DIR, default ./models) comes first, so an operator adds or replaces a model by
 * putting a folder of the same name there; the shipped folder is the fallback. A folder counts
 * only when it holds every file in `files`, so a half-copied override never hides a complete
 * shipped model. `modelsDir: undefined` means "no models at all" (lexicon and rule fallbacks).
 *
 * This is the one place a model folder is looked up: every model, shipped, downloaded or trained,
 * goes through it.
 */
export function resolveModelDir(
  modelsDir: string | undefined,
  name: string,
  files: readonly string[],
  bundledDir: string = BUNDLED_MODELS_DIR,
): string | undefined {
  if (modelsDir === undefined) return undefined;
  for (const root of modelsDir === bundledDir ? [modelsDir] : [modelsDir, bundledDir]) {
    const dir = join(root, name);
    if (files.every((file) => existsSync(join(dir, file)))) return dir;
  }
  return undefined;
}
