import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODELS_DIR, resolveModelDir } from './model-dirs.js';

const tmp = mkdtempSync(join(tmpdir(), 'parley-model-dirs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function folder(root: string, name: string, files: string[]): void {
  mkdirSync(join(root, name), { recursive: true });
  for (const file of files) writeFileSync(join(root, name, file), 'x');
}

describe('resolveModelDir', () => {
  it('is the models folder at the repository root, and it ships the default models', () => {
    expect(BUNDLED_MODELS_DIR).toBe(join(resolve(import.meta.dirname, '../../..'), 'models') + '/');
    for (const [name, file] of [
      ['silero-vad', 'silero_vad.onnx'],
      ['sentiment-fasttext-en', 'tweets.ftz'],
      ['sentiment-fasttext-en', 'conv.ftz'],
      ['emotion-fasttext-en', 'emotion.ftz'],
      ['punct-case-fasttext-en', 'punct.ftz'],
    ] as const) {
      expect(existsSync(join(BUNDLED_MODELS_DIR, name, file)), `${name}/${file}`).toBe(true);
      expect(existsSync(join(BUNDLED_MODELS_DIR, name, 'MODEL.md')), `${name}/MODEL.md`).toBe(true);
    }
  });

  it('prefers a complete folder in the configured directory, else the shipped one', () => {
    const shipped = join(tmp, 'shipped');
    const configured = join(tmp, 'configured');
    folder(shipped, 'm', ['a', 'b']);
    folder(configured, 'm', ['a', 'b']);
    expect(resolveModelDir(configured, 'm', ['a', 'b'], shipped)).toBe(join(configured, 'm'));
    // A half-copied override does not hide the complete shipped model.
    rmSync(join(configured, 'm', 'b'));
    expect(resolveModelDir(configured, 'm', ['a', 'b'], shipped)).toBe(join(shipped, 'm'));
    // A model only the configured directory has is found there.
    folder(configured, 'extra', ['x']);
    expect(resolveModelDir(configured, 'extra', ['x'], shipped)).toBe(join(configured, 'extra'));
    expect(resolveModelDir(configured, 'absent', ['x'], shipped)).toBeUndefined();
    expect(resolveModelDir(undefined, 'm', ['a'], shipped)).toBeUndefined();
  });

  it('finds the shipped models from any configured directory', () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    expect(resolveModelDir(empty, 'silero-vad', ['silero_vad.onnx'])).toBe(
      join(BUNDLED_MODELS_DIR, 'silero-vad'),
    );
  });
});
