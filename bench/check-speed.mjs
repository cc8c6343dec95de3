// check on hand-written histories, cold (no cache, no stamps: every file parsed), side by side in
// one run with its floor and a peer: a plain Python process that reads and ast.parse()s the same
// files (what Python itself must do before it can say anything about them), and squawk (from npm)
// on the SQL the same migrations run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handWrittenMigration } from './hand-written-migrations.mjs';

const AST_FLOOR = `
import ast, os, sys
directory = sys.argv[1]
for name in sorted(os.listdir(directory)):
    if name.endswith(".py"):
        with open(os.path.join(directory, name), encoding="utf-8") as source:
            ast.parse(source.read(), name)
`;

function history(size) {
  const root = mkdtempSync(join(tmpdir(), `cm-bench-hand-${size}-`));
  const versions = join(root, 'versions');
  const sql = join(root, 'sql');
  mkdirSync(versions);
  mkdirSync(sql);
  let previous = null;
  for (let number = 1; number <= size; number += 1) {
    const migration = handWrittenMigration(number, previous);
    writeFileSync(join(versions, migration.file), migration.python);
    writeFileSync(join(sql, migration.file.replace(/\.py$/, '.sql')), migration.sql);
    previous = migration.revision;
  }
  writeFileSync(join(root, 'ast_floor.py'), AST_FLOOR);
  return { root, versions, sql };
}

/**
 * The CPU seconds (user + system) this process's waited-for children have used, from Linux's
 * /proc (fields cutime and cstime, in clock ticks of 1/100 s); undefined elsewhere.
 */
function childrenCpu() {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** A whole process's wall-clock seconds, and its CPU seconds where the system tells them. */
function timedRun(command, args, cwd, env, allowed) {
  const cpuBefore = childrenCpu();
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  if (!allowed.includes(result.status)) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(0, 2000)}`);
  const cpuAfter = childrenCpu();
  return { wall: elapsed, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median wall-clock and CPU seconds of some timed runs. */
function medians(runs) {
  const cpu = runs.map((run) => run.cpu);
  return { wall: median(runs.map((run) => run.wall)), cpu: cpu.includes(undefined) ? undefined : median(cpu) };
}

/**
 * Medians of `runs` interleaved runs (check, ast floor, squawk, in turn, so load changes hit all
 * three alike) on hand-written histories of each size.
 */
export function benchCheckSpeed({ root, bin, python, sizes, runs }) {
  const squawk = join(root, 'node_modules', '.bin', 'squawk');
  const rows = [];
  for (const size of sizes) {
    process.stderr.write(`hand-written history of ${size} migrations...\n`);
    const made = history(size);
    const times = { check: [], floor: [], squawk: [] };
    for (let run = 0; run < runs; run += 1) {
      times.check.push(timedRun(process.execPath, [bin, 'check', '--no-cache', '--no-stamps', '--dir', made.versions], made.root, {}, [0, 1]));
      times.floor.push(timedRun(python, [join(made.root, 'ast_floor.py'), made.versions], made.root, {}, [0]));
      if (existsSync(squawk)) times.squawk.push(timedRun(squawk, ['--reporter', 'gcc', join(made.sql, '*.sql')], made.root, {}, [0, 1]));
    }
    rows.push({ size, check: medians(times.check), floor: medians(times.floor), squawk: times.squawk.length > 0 ? medians(times.squawk) : undefined });
    rmSync(made.root, { recursive: true, force: true });
  }
  return rows;
}

export function checkSpeedTable(rows) {
  const seconds = (value) => (value === undefined ? 'n/a' : `${value.toFixed(3)} s`);
  const ratio = (a, b) => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`);
  return [
    '| hand-written migrations | `check --no-cache --no-stamps` | per file | Python reads + `ast.parse` (floor) | check ÷ floor (target ≤ 1.5×) | squawk on the same migrations\' SQL | check ÷ squawk | CPU: check | CPU: floor | CPU: check ÷ floor |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((row) =>
      `| ${row.size.toLocaleString('en-US')} | ${seconds(row.check.wall)} | ${((row.check.wall / row.size) * 1000).toFixed(2)} ms | ${seconds(row.floor.wall)} | ${ratio(row.check.wall, row.floor.wall)} | ${seconds(row.squawk?.wall)} | ${ratio(row.check.wall, row.squawk?.wall)} | ${seconds(row.check.cpu)} | ${seconds(row.floor.cpu)} | ${ratio(row.check.cpu, row.floor.cpu)} |`,
    ),
  ].join('\n');
}
