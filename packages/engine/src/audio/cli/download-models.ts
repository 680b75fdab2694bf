/**
 * `npm run models:download -- <model id>... [--models-dir DIR] [--base-url URL] [--force]`
 *
 * Downloads official model files into the models directory (default: $PARLEY_MODELS_DIR, else
 * ./models) and checks them before installing; an interrupted download resumes when run again.
 * `--base-url` (or $PARLEY_MODELS_BASE_URL) fetches from a mirror holding the same file names.
 * Run without ids to list what it knows.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ModelDownloadError, downloadModel, downloadUrl } from '../model-download.js';
import { MODEL_CATALOG, installedModelDir, modelSpec } from '../models.js';

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'models-dir': { type: 'string' },
      'base-url': { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const modelsDir = resolve(values['models-dir'] ?? process.env['PARLEY_MODELS_DIR'] ?? 'models');
  const baseUrl = values['base-url'] ?? process.env['PARLEY_MODELS_BASE_URL'];

  if (positionals.length === 0) {
    console.log(`Models directory: ${modelsDir}\n`);
    for (const spec of MODEL_CATALOG) {
      const state = installedModelDir(modelsDir, spec) ? 'installed' : 'not installed';
      const languages =
        spec.languages.length === 0 ? '' : ` [${spec.languages.join(', ').replace('*', 'multilingual')}]`;
      console.log(`  ${spec.id.padEnd(38)} ${state.padEnd(14)} ${spec.kind}${languages}`);
    }
    console.log('\nDownload one with: npm run models:download -- <id>');
    return 0;
  }

  const unknown = positionals.filter((id) => modelSpec(id) === undefined);
  if (unknown.length > 0) {
    console.error(
      `Unknown model: ${unknown.join(', ')}. Known: ${MODEL_CATALOG.map((s) => s.id).join(', ')}`,
    );
    return 2;
  }
  for (const id of positionals) {
    const spec = modelSpec(id);
    if (spec === undefined) continue;
    console.error(`${id}: ${downloadUrl(spec, baseUrl === undefined ? {} : { baseUrl })}`);
    let lastShown = 0;
    try {
      const dir = await downloadModel({
        modelsDir,
        spec,
        force: values.force === true,
        ...(baseUrl === undefined ? {} : { baseUrl }),
        onProgress: ({ receivedBytes, totalBytes }) => {
          const now = Date.now();
          if (now - lastShown < 500 && receivedBytes !== totalBytes) return;
          lastShown = now;
          const percent = totalBytes ? ` ${Math.floor((receivedBytes / totalBytes) * 100)}%` : '';
          const total = totalBytes ? ` / ${megabytes(totalBytes)}` : '';
          process.stderr.write(`\r  ${megabytes(receivedBytes)}${total} MB${percent}   `);
        },
      });
      process.stderr.write('\n');
      console.log(`${id}: installed in ${dir}`);
    } catch (error) {
      process.stderr.write('\n');
      if (error instanceof ModelDownloadError) {
        console.error(`${id}: ${error.message}`);
        return 1;
      }
      throw error;
    }
  }
  return 0;
}

process.exitCode = await main();
