import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package's root (package.json, templates/), whether running from src/ or the built dist/. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'templates'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('create-migration: cannot find its package directory');
    directory = parent;
  }
  root = directory;
  return root;
}
