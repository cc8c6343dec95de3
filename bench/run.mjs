// npm run bench: times whole processes on histories of 100 to 10,000 numbered migrations.
// Each history is made of generated files (the examples' migrations, with their tables renamed per
// file so no two files share their SQL, then stamped again as generate stamps what it writes), in
// a temporary Alembic project. Medians of several runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchCheckSpeed, checkSpeedTable } from './check-speed.mjs';
import { importTypeScript } from './import-typescript.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'create-migration.js');
const SPEC = join(ROOT, 'examples', 'add-user-preferences.yaml');
// A spec with no SQL fragment in JSON: neither PostgreSQL's parser nor the YAML parser loads.
const PLAIN_SPEC = join(ROOT, 'bench', 'add-nickname.json');
const ALEMBIC = join(ROOT, '.cache', 'python', 'current', 'bin', 'alembic');
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000,10000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

/** The tool's own stamp functions (src/render/stamp.ts). */
const { restamp } = await importTypeScript(join(ROOT, 'src', 'render', 'stamp.ts'));

/** The three example migrations as generated, used as templates. */
function templates() {
  const scratch = mkdtempSync(join(tmpdir(), 'cm-bench-templates-'));
  cpSync(join(ROOT, 'examples', 'versions'), scratch, { recursive: true });
  execFileSync(process.execPath, [BIN, 'generate', '--spec', SPEC, '--dir', scratch], { env: { ...process.env, SOURCE_DATE_EPOCH: '1763812800' } });
  const texts = readdirSync(scratch).sort().map((name) => readFileSync(join(scratch, name), 'utf8'));
  rmSync(scratch, { recursive: true });
  return texts;
}

function migration(template, number, previous) {
  const id = `${String(number).padStart(3, '0')}_change_${number}`;
  const text = template
    .replace(/Revision ID: .*/, `Revision ID: ${id}`)
    .replace(/Revises:.*/, `Revises:${previous ? ` ${previous}` : ''}`)
    .replace(/^revision = .*/m, `revision = "${id}"`)
    .replace(/^down_revision = .*/m, `down_revision = ${previous ? `"${previous}"` : 'None'}`)
    // Every name the example migrations create gets the file's number, as a real history's names
    // are unique: otherwise generate would (rightly) refuse its spec against the schema they build.
    .replace(/\b(users|assets|service_accounts|service_account_role|chk_users_status|ix_assets_custom_attributes|pk_users|pk_assets|pk_service_accounts|uq_users_email|uq_service_accounts_email)\b/g, `$1_${number}`);
  return { id, text: restamp(template, text, VERSION) };
}

/** An Alembic project whose versions directory holds `size` numbered migrations in one chain. */
function project(size, texts) {
  const root = mkdtempSync(join(tmpdir(), `cm-bench-${size}-`));
  cpSync(join(ROOT, 'test', 'fixtures', 'alembic-project'), root, { recursive: true });
  const versions = join(root, 'alembic', 'versions');
  mkdirSync(versions, { recursive: true });
  let previous = null;
  for (let number = 1; number <= size; number += 1) {
    const { id, text } = migration(texts[number % texts.length], number, previous);
    writeFileSync(join(versions, `${id}.py`), text);
    previous = id;
  }
  return { root, versions, head: previous };
}

/** The same history after a merge: two branches each added the next number after the head. */
function forked(size, texts) {
  const base = project(size, texts);
  for (const side of ['left', 'right']) {
    const { text } = migration(texts[1], size + 1, base.head);
    const id = `${size + 1}_${side}`;
    writeFileSync(join(base.versions, `${id}.py`), text.replace(/_change_\d+"/, `_${side}"`).replace(/Revision ID: .*/, `Revision ID: ${id}`));
  }
  return base;
}

/** The seconds a whole process takes; `allowed` lists the exit codes that count as its normal result. */
function seconds(command, args, cwd, env, after, allowed = [0, 1]) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  if (!allowed.includes(result.status)) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  after?.();
  return elapsed;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(runs, work) {
  return median(Array.from({ length: runs }, work));
}

const format = (value) => (value === undefined ? 'n/a' : `${value.toFixed(3)} s`);

const texts = templates();
const haveAlembic = existsSync(ALEMBIC);
const rows = [];
for (const size of SIZES) {
  process.stderr.write(`history of ${size} migrations...\n`);
  const chain = project(size, texts);
  const fork = forked(size, texts);
  const cache = mkdtempSync(join(tmpdir(), 'cm-bench-cache-'));
  const slowRuns = size >= 5000 ? Math.min(RUNS, 3) : RUNS;
  const node = timed(RUNS, () => seconds(process.execPath, ['-e', '0'], chain.root));
  // generate must succeed: a refusal would time a shorter path.
  const generate = timed(RUNS, () => seconds(process.execPath, [BIN, 'generate', '--spec', SPEC, '--dry-run'], chain.root, {}, undefined, [0]));
  const generatePlain = timed(RUNS, () => seconds(process.execPath, [BIN, 'generate', '--spec', PLAIN_SPEC, '--dry-run'], chain.root, {}, undefined, [0]));
  // As a fresh clone in CI sees the history: no cache, every file's stamp intact (which must be so).
  const stamped = spawnSync(process.execPath, [BIN, 'check', '--no-cache'], { cwd: chain.root, encoding: 'utf8' });
  if (!stamped.stdout.includes(`(${size} unedited since`)) throw new Error(`check did not find every stamp intact:\n${stamped.stdout.slice(-500)}`);
  const checkStamped = timed(RUNS, () => seconds(process.execPath, [BIN, 'check', '--no-cache'], chain.root));
  // As for a hand-written history: every file parsed.
  const checkParsed = timed(slowRuns, () => seconds(process.execPath, [BIN, 'check', '--no-cache', '--no-stamps'], chain.root));
  seconds(process.execPath, [BIN, 'check', '--no-stamps'], chain.root, { CREATE_MIGRATION_CACHE_DIR: cache });
  const checkWarm = timed(RUNS, () => seconds(process.execPath, [BIN, 'check', '--no-stamps'], chain.root, { CREATE_MIGRATION_CACHE_DIR: cache }));
  const renumber = timed(RUNS, () => seconds(process.execPath, [BIN, 'renumber'], fork.root));
  let revision;
  let heads;
  if (haveAlembic) {
    const before = new Set(readdirSync(chain.versions));
    // Each run writes one file; it is removed again so every run sees the same directory.
    const removeNew = () => {
      for (const name of readdirSync(chain.versions)) if (!before.has(name)) unlinkSync(join(chain.versions, name));
    };
    revision = timed(slowRuns, () => seconds(ALEMBIC, ['revision', '-m', 'x'], chain.root, {}, removeNew));
    heads = timed(slowRuns, () => seconds(ALEMBIC, ['heads'], chain.root));
  }
  rows.push({ size, node, generate, generatePlain, checkStamped, checkParsed, checkWarm, renumber, revision, heads });
  for (const directory of [chain.root, fork.root, cache]) rmSync(directory, { recursive: true, force: true });
}

const cpu = /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? cpus()[0]?.model ?? 'unknown';
const machine = `${cpus().length} CPUs (nproc), ${cpu}; Node ${process.version}; load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} at the end`;
const table = [
  '| migrations | `node -e 0` | `generate --dry-run` | generate ÷ node | `generate`, JSON spec without SQL | ÷ node | `check` (stamps, no cache) | `check`, every file parsed (`--no-stamps`, no cache) | `check --no-stamps`, warm cache | `renumber` (plan, forked) | `alembic revision -m x` | `alembic heads` | alembic revision ÷ generate |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((row) =>
    [
      row.size.toLocaleString('en-US'),
      format(row.node),
      format(row.generate),
      `${(row.generate / row.node).toFixed(1)}×`,
      format(row.generatePlain),
      `${(row.generatePlain / row.node).toFixed(1)}×`,
      format(row.checkStamped),
      format(row.checkParsed),
      format(row.checkWarm),
      format(row.renumber),
      format(row.revision),
      format(row.heads),
      row.revision === undefined ? 'n/a' : `${(row.revision / row.generate).toFixed(1)}×`,
    ].join(' | ').replace(/^/, '| ').replace(/$/, ' |'),
  ),
].join('\n');
// check on hand-written histories (every file parsed), next to Python's ast.parse floor and squawk.
const PYTHON = join(ROOT, '.cache', 'python', 'current', 'bin', 'python');
const handWritten = checkSpeedTable(benchCheckSpeed({ root: ROOT, bin: BIN, python: existsSync(PYTHON) ? PYTHON : 'python3', sizes: (process.env.BENCH_HAND_SIZES ?? '1000,5000').split(',').map(Number), runs: RUNS }));
const handWrittenReport = `## check on hand-written histories\n\nCold (no cache, no stamps), medians of ${RUNS} interleaved runs; load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} at the end.\n\n${handWritten}\n`;
const report = `# Benchmark\n\nMedians of whole-process runs (${RUNS} runs; 3 for the slow columns at 5,000 files and more), measured ${new Date().toISOString().slice(0, 10)} on: ${machine}.\n${haveAlembic ? '' : `\nAlembic columns are n/a: no virtual environment at ${ALEMBIC} (run \`npm test\` once to make it).\n`}\n${table}\n\n${handWrittenReport}\n${await (await import('./install.mjs')).installReport()}${await (await import('./verify.mjs')).verifySection()}`;
writeFileSync(join(ROOT, 'bench', 'results.md'), report);
process.stdout.write(report);
