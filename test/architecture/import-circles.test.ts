import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Layers point one way: no folder of src/ (or generators/) imports, directly or through others,
// a folder that imports it back. A circle is reported with the imports that close it.

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Folder imports that are known to close a circle, each with the issue that removes it. An entry
 * that no longer closes a circle must go: the test fails on it too.
 */
const ALLOWED: readonly { readonly from: string; readonly to: string; readonly why: string }[] = [];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** `src/cli` for src/cli/main.ts, `src` for src/errors.ts, `generators` for generators/index.ts. */
function folderOf(file: string): string {
  const parts = relative(ROOT, file).split('/');
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts[0]!;
}

type Edges = Map<string, Map<string, string[]>>;

/** folder → folder → the imports (`file -> file`) that make the edge. */
function folderImports(): Edges {
  const edges: Edges = new Map();
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'generators'))]) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)) {
      const target = resolve(dirname(file), match[1]!).replace(/\.js$/, '.ts');
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to) continue;
      const byTarget = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, byTarget);
      byTarget.set(to, [...(byTarget.get(to) ?? []), `${relative(ROOT, file)} imports ${relative(ROOT, target)}`]);
    }
  }
  return edges;
}

/** Strongly connected groups of more than one folder (Tarjan). */
function circles(edges: Edges): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (folder: string): void => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder)!);
    stack.push(folder);
    for (const next of edges.get(folder)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(folder, Math.min(low.get(folder)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(folder, Math.min(low.get(folder)!, index.get(next)!));
      }
    }
    if (low.get(folder) === index.get(folder)) {
      const group: string[] = [];
      for (let member = stack.pop()!; ; member = stack.pop()!) {
        group.push(member);
        if (member === folder) break;
      }
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const folder of edges.keys()) if (!index.has(folder)) visit(folder);
  return found;
}

/** The shortest path within a circle of folders that leads from one of them back to itself. */
function shortestCycle(group: readonly string[], edges: Edges): string[] {
  let best: string[] = [];
  for (const start of group) {
    const previous = new Map<string, string>();
    const queue = [start];
    for (let at = 0; at < queue.length; at += 1) {
      const folder = queue[at]!;
      for (const next of edges.get(folder)?.keys() ?? []) {
        if (!group.includes(next)) continue;
        if (next === start) {
          const path = [folder];
          while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
          if (best.length === 0 || path.length < best.length) best = path;
          queue.length = 0;
          break;
        }
        if (!previous.has(next) && next !== start) {
          previous.set(next, folder);
          queue.push(next);
        }
      }
    }
  }
  return best;
}

/** A circle as the folders it goes through, each step with the imports that make it. */
function describeCircle(group: readonly string[], edges: Edges): string {
  const cycle = shortestCycle(group, edges);
  const steps = cycle.map((from, step) => {
    const to = cycle[(step + 1) % cycle.length]!;
    const imports = edges.get(from)!.get(to)!;
    return `  ${from} -> ${to}: ${imports.slice(0, 3).join('; ')}${imports.length > 3 ? `; and ${imports.length - 3} more` : ''}`;
  });
  return `${[...cycle, cycle[0]].join(' -> ')}\n${steps.join('\n')}`;
}

describe('imports between folders', () => {
  const edges = folderImports();

  it('form no circle', () => {
    const allowed = structuredClone(edges);
    for (const { from, to } of ALLOWED) allowed.get(from)?.delete(to);
    const reports = circles(allowed).map((group) => describeCircle(group, allowed));
    expect(reports, `folders that import each other (move what both need into a folder below them):\n${reports.join('\n')}`).toEqual([]);
  });

  it.each(ALLOWED)('allows $from -> $to ($why) only while that import still closes a circle', ({ from, to }) => {
    const without = structuredClone(edges);
    without.get(from)?.delete(to);
    const closes = edges.get(from)?.has(to) === true && circles(edges).some((group) => group.includes(from) && group.includes(to)) && !circles(without).some((group) => group.includes(from) && group.includes(to));
    expect(closes, `${from} -> ${to} no longer closes a circle: remove it from ALLOWED in ${relative(ROOT, import.meta.filename)}`).toBe(true);
  });
});
