import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHECK_FIXTURES } from './check-fixtures.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'versions' ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** Every spec this repository ships or tests with: the examples (history first) and check's own, in the order they make one history. */
export const SPECS = [...yamlFiles(join(EXAMPLES, 'history')).sort(), ...yamlFiles(EXAMPLES).filter((path) => !path.includes('/history/')), ...yamlFiles(join(CHECK_FIXTURES, 'generated'))];
