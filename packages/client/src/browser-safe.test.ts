import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every module reachable from `start` through relative imports, with the bare imports each makes. */
function importGraph(start: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [start];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (graph.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'/g)].map(
      (m) => m[1] as string,
    );
    graph.set(
      file,
      specifiers.filter((s) => !s.startsWith('.')),
    );
    for (const s of specifiers.filter((s) => s.startsWith('.')))
      pending.push(join(dirname(file), s.replace(/\.js$/, '.ts')));
  }
  return graph;
}

describe('the browser entry', () => {
  it('reaches no Node built-in and no other workspace package', () => {
    const graph = importGraph(join(import.meta.dirname, 'index.ts'));
    expect(graph.size).toBeGreaterThan(5);
    const offending = [...graph].flatMap(([file, bare]) => bare.map((b) => `${file} imports ${b}`));
    expect(offending).toEqual([]);
  });

  it('while the Node entry does use node:fs', () => {
    const graph = importGraph(join(import.meta.dirname, 'node.ts'));
    expect(graph.get(join(import.meta.dirname, 'node.ts'))).toContain('node:fs');
  });
});
