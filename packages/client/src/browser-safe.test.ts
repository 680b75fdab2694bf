import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The contract's dependency-free core, which the SDK's build compiles into its own dist/ and its
 * sources import as `#contract` (see package.json `imports`).
 */
const CONTRACT_CORE = join(import.meta.dirname, '../../contract/src/core/index.ts');

/**
 * Every module reachable at run time from `start` through relative imports and `#contract`, with
 * the other bare imports each makes. Type-only imports and exports are left out: the compiler
 * erases them.
 */
function importGraph(start: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [start];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (graph.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/(?:^|\n)\s*(import|export)(\s+type\b)?[^'"]*from\s+'([^']+)'/g)]
      .filter((m) => m[2] === undefined)
      .map((m) => m[3] as string);
    graph.set(
      file,
      specifiers.filter((s) => !s.startsWith('.') && s !== '#contract'),
    );
    for (const s of specifiers) {
      if (s === '#contract') pending.push(CONTRACT_CORE);
      else if (s.startsWith('.')) pending.push(join(dirname(file), s.replace(/\.js$/, '.ts')));
    }
  }
  return graph;
}

describe('the browser entry', () => {
  it('reaches no Node built-in and no other workspace package', () => {
    const graph = importGraph(join(import.meta.dirname, 'index.ts'));
    expect(graph.size).toBeGreaterThan(5);
    const offending = [...graph].flatMap(([file, bare]) => bare.map((b) => `${file} imports ${b}`));
    expect(offending).toEqual([]);
    expect(graph.has(CONTRACT_CORE)).toBe(true);
  });

  it('while the Node entry does use node:fs', () => {
    const graph = importGraph(join(import.meta.dirname, 'node.ts'));
    expect(graph.get(join(import.meta.dirname, 'node.ts'))).toContain('node:fs');
  });
});
