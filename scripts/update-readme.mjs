// Writes the README's generated sections (the operations and the one-line commands) from the
// operations' declarations and the generators: the TypeScript that makes them is bundled with
// esbuild (as the build does) into a temporary module and run. test/docs/readme.test.ts fails
// while README.md differs from what this writes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const directory = mkdtempSync(join(tmpdir(), 'create-migration-readme-'));
try {
  const outfile = join(directory, 'sections.mjs');
  await build({ entryPoints: ['scripts/readme/sections.ts'], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  const { withSections } = await import(pathToFileURL(outfile).href);
  const readme = readFileSync('README.md', 'utf8');
  const updated = withSections(readme);
  if (updated === readme) {
    console.log('README.md is up to date');
  } else {
    writeFileSync('README.md', updated);
    console.log('README.md: generated sections written');
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
