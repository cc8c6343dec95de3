// Writes the README's table of check's rules from the rule registry (src/check/rules), between its
// markers. `--check` only says whether the README is up to date (exit 1 when it is not).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const README = join(ROOT, 'README.md');

const scratch = mkdtempSync(join(tmpdir(), 'cm-readme-rules-'));
const outfile = join(scratch, 'rule-table.mjs');
await build({ entryPoints: [join(ROOT, 'src', 'check', 'rules', 'rule-table.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning', external: ['web-tree-sitter', '@libpg-query/parser', 'libpg-query', 'pg'] });
const { withRuleTable } = await import(pathToFileURL(outfile).href);
rmSync(scratch, { recursive: true });

const readme = readFileSync(README, 'utf8');
const updated = withRuleTable(readme);
if (updated === undefined) {
  process.stderr.write('README.md has no check-rules markers\n');
  process.exit(1);
}
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    process.stderr.write('README.md: the rule table is stale; run node scripts/readme-rules.mjs\n');
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync(README, updated);
  process.stdout.write('README.md: rule table written\n');
}
