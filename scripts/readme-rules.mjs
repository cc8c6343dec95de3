// Writes the README's table of check's rules from the rule registry (src/check/rules), between its
// markers. `--check` only says whether the README is up to date (exit 1 when it is not).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importTypeScript } from '../bench/import-typescript.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const README = join(ROOT, 'README.md');

const { withRuleTable } = await importTypeScript(join(ROOT, 'src', 'check', 'rules', 'rule-table.ts'));
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
