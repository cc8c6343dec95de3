// How long `create-migration verify` takes on a history of N generated migrations (default 20),
// each creating an enum, a table and an index. Run after `npm run build`:
//   node bench/verify-history.mjs [N] [--database-url URL]
// The Python environment is $ALEMBIC (a virtual environment) or the suite's .cache/python/current.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'create-migration.js');
const args = process.argv.slice(2);
const count = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 20);
const urlAt = args.indexOf('--database-url');
const server = urlAt >= 0 ? ['--database-url', args[urlAt + 1]] : [];
const venv = process.env.ALEMBIC ?? join(root, '.cache', 'python', 'current');

const project = mkdtempSync(join(tmpdir(), 'create-migration-bench-'));
cpSync(join(root, 'test', 'fixtures', 'alembic-project'), project, { recursive: true });
mkdirSync(join(project, 'alembic', 'versions'), { recursive: true });
for (let index = 1; index <= count; index += 1) {
  const spec = join(project, `spec-${index}.yaml`);
  writeFileSync(
    spec,
    `message: create table ${index}\nschema: bench\noperations:\n` +
      `  - {op: create_enum, name: state_${index}, values: [NEW, DONE]}\n` +
      `  - op: create_table\n    table: items_${index}\n    columns:\n` +
      `      - {name: id, type: bigint, primary_key: true}\n      - {name: state, type: state_${index}, nullable: false, server_default: "'NEW'"}\n` +
      `      - {name: payload, type: jsonb}\n` +
      `  - {op: create_index, table: items_${index}, columns: [state]}\n`,
  );
  execFileSync(process.execPath, [bin, 'generate', '--spec', spec], { cwd: project });
}

for (const extra of [[], ['--offline']]) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, 'verify', '--alembic', venv, '--json', ...server, ...extra], { cwd: project, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`verify failed:\n${run.stdout}${run.stderr}`);
  const report = JSON.parse(run.stdout);
  const perMigration = report.migrations.map((migration) => migration.seconds);
  const mean = perMigration.reduce((sum, value) => sum + value, 0) / perMigration.length;
  console.log(
    `verify ${extra.join(' ') || '(online)'}: ${count} migrations in ${seconds.toFixed(1)} s wall` +
      ` (${server.length ? 'server' : 'embedded server'}; per migration mean ${mean.toFixed(2)} s, last ${perMigration.at(-1).toFixed(2)} s)`,
  );
}
