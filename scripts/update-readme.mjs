// Writes the README's generated sections (the operations and the one-line commands) from the
// operations' declarations and the generators: the TypeScript that makes them is bundled and run
// as the benchmarks run the tool's modules. test/docs/readme.test.ts fails while README.md differs
// from what this writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { importTypeScript } from '../bench/import-typescript.mjs';

const { withSections } = await importTypeScript('scripts/readme/sections.ts');
const readme = readFileSync('README.md', 'utf8');
const updated = withSections(readme);
if (updated === readme) {
  console.log('README.md is up to date');
} else {
  writeFileSync('README.md', updated);
  console.log('README.md: generated sections written');
}
