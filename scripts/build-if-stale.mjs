// Runs before `npm start`: builds only what is older than its sources, so a repeated start with
// nothing changed goes straight to listening. `npm run build` still builds everything.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Newest modification time under the given paths (files or folders), 0 when none exist. */
function newest(paths) {
  let latest = 0;
  const stack = paths.map((p) => join(root, p));
  while (stack.length > 0) {
    const path = stack.pop();
    let info;
    try {
      info = statSync(path);
    } catch {
      continue;
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(path))
        if (name !== 'node_modules' && name !== 'dist') stack.push(join(path, name));
    } else latest = Math.max(latest, info.mtimeMs);
  }
  return latest;
}

/** Oldest modification time of the given files; 0 when any is missing (never built). */
function oldest(files) {
  let earliest = Infinity;
  for (const file of files) {
    try {
      earliest = Math.min(earliest, statSync(join(root, file)).mtimeMs);
    } catch {
      return 0;
    }
  }
  return earliest;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// tsc -b leaves an up-to-date project's .tsbuildinfo untouched, so each package is compared with
// its own: a package whose sources are newer than its last build makes tsc -b run.
const shared = ['tsconfig.json', 'tsconfig.base.json', 'package-lock.json'];
const stale = ['contract', 'engine', 'server', 'client'].some(
  (p) =>
    newest([...shared, `packages/${p}/src`, `packages/${p}/tsconfig.json`, `packages/${p}/package.json`]) >=
    oldest([`packages/${p}/dist/.tsbuildinfo`]),
);
if (stale) {
  console.error('Building the server (TypeScript)…');
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
}

const webInputs = ['packages/web', 'packages/client/src', 'packages/contract/src', 'package-lock.json'];
if (newest(webInputs) >= oldest(['packages/web/dist/index.html'])) {
  console.error('Building the dashboard…');
  run('npm', ['run', 'build', '--silent', '-w', 'packages/web']);
}
