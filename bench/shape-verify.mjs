// What the shape checks cost per migration in `verify`, side by side with their anchor in one run:
//   node bench/shape-verify.mjs [--anchor REF] [--migrations N] [--rounds R] [--database-url URL]
// The same specs are generated twice: by this checkout, and by create-migration as it was at REF
// (default: the last commit before the shape checks), built from `git archive` in a temporary
// directory. This checkout's `verify` then proves each history on the same server, the two
// alternating, and the medians per migration are compared. Each migration creates an enum, a table with a key, a
// unique column, a check and a foreign key, and an index, and adds a column to an earlier table:
// verify's re-upgrade runs every shape check on objects that exist.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
// main just before issue 14's shape checks (c3fce73, their first commit) came onto it.
const ANCHOR = option('--anchor', '1730e28');
const COUNT = Number(option('--migrations', 10));
const ROUNDS = Number(option('--rounds', 3));
const server = option('--database-url', undefined);
const venv = process.env.ALEMBIC ?? join(ROOT, '.cache', 'python', 'current');

const scratch = mkdtempSync(join(tmpdir(), 'cm-shape-verify-'));

/** The anchor's CLI, built from its own sources with this checkout's dependencies. */
function buildAnchor() {
  const directory = join(scratch, 'anchor');
  mkdirSync(directory);
  const archive = execFileSync('git', ['-C', ROOT, 'archive', ANCHOR], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', directory], { input: archive });
  symlinkSync(join(ROOT, 'node_modules'), join(directory, 'node_modules'));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: directory, stdio: 'inherit' });
  return join(directory, 'bin', 'create-migration.js');
}

function spec(index) {
  const previous = index > 1 ? `  - {op: add_column, table: items_${index - 1}, column: {name: note, type: text, nullable: false, server_default: "''"}}\n` : '';
  return (
    `message: step ${index}\nschema: bench\noperations:\n` +
    `  - {op: create_enum, name: state_${index}, values: [NEW, ACTIVE, DONE]}\n` +
    `  - op: create_table\n    table: items_${index}\n    columns:\n` +
    `      - {name: id, type: bigint, primary_key: true}\n` +
    `      - {name: code, type: varchar(40), nullable: false, unique: true}\n` +
    `      - {name: state, type: state_${index}, nullable: false, server_default: "'NEW'"}\n` +
    `      - {name: price, type: "numeric(10,2)", check: "price >= 0"}\n` +
    (index > 1 ? `      - {name: parent_id, type: bigint, references: {table: items_${index - 1}, column: id}}\n` : '') +
    `      - {name: payload, type: jsonb, nullable: false, server_default: "'{}'::jsonb"}\n` +
    `  - {op: create_index, table: items_${index}, columns: [state], where: "state IN ('NEW', 'ACTIVE')"}\n` +
    previous
  );
}

/** An Alembic project whose history `bin` generated from the specs. */
function history(bin, name) {
  const project = join(scratch, name);
  cpSync(join(ROOT, 'test', 'fixtures', 'alembic-project'), project, { recursive: true });
  mkdirSync(join(project, 'alembic', 'versions'), { recursive: true });
  for (let index = 1; index <= COUNT; index += 1) {
    const file = join(project, `spec-${index}.yaml`);
    writeFileSync(file, spec(index));
    execFileSync(process.execPath, [bin, 'generate', '--spec', file], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return project;
}

/** Seconds per migration of one verify run. */
function verify(bin, project) {
  const run = spawnSync(process.execPath, [bin, 'verify', '--alembic', venv, '--json', ...(server ? ['--database-url', server] : [])], { cwd: project, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`verify failed in ${project}:\n${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout).migrations.map((migration) => migration.seconds);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const current = join(ROOT, 'bin', 'create-migration.js');
  const anchor = buildAnchor();
  const projects = { current: history(current, 'current'), anchor: history(anchor, 'anchor') };
  const times = { current: [], anchor: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    // Both histories proved by this checkout's verify: only the migrations' SQL differs.
    times.anchor.push(...verify(current, projects.anchor));
    times.current.push(...verify(current, projects.current));
  }
  const [withChecks, without] = [median(times.current), median(times.anchor)];
  console.log(`verify, per migration (median of ${ROUNDS} runs of ${COUNT} migrations each; ${server ? 'the given server' : 'an embedded server per run'}; load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} at the end):`);
  console.log('| history generated by | seconds per migration |');
  console.log('|---|---:|');
  console.log(`| this checkout (shape checks) | ${withChecks.toFixed(3)} s |`);
  console.log(`| ${ANCHOR} (anchor: guards by name) | ${without.toFixed(3)} s |`);
  console.log(`| difference | ${(withChecks - without).toFixed(3)} s (${((withChecks / without - 1) * 100).toFixed(0)} %) |`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
