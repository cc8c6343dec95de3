// The install as users get it, against the budgets of issue 17: `npm pack`, a production install of
// the tarball into an empty directory with an empty npm cache (cold), then the installed bin's
// start-up: `--help` and the wizard's first question in a real terminal (util-linux `script` gives
// it one), each next to its anchor measured the same way in the same run (`node -e 0`, and a
// program that prints one line into the same terminal). Run alone (`node bench/install.mjs`) it
// builds and prints its table; bench/run.mjs adds it to bench/results.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importTypeScript } from './import-typescript.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BUDGET = { megabytes: 30, helpMs: 150, promptMs: 300 };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function milliseconds(command, args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Milliseconds until `text` is on the screen of `command` run in a terminal; then Ctrl-C, and the exit awaited. */
function msUntilScreenShows(command, text, cwd) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...process.env, TERM: 'xterm-256color' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let shown;
    child.stdout.on('data', (chunk) => {
      screen += chunk;
      if (shown === undefined && screen.includes(text)) {
        shown = Number(process.hrtime.bigint() - started) / 1e6;
        child.stdin.write('\u0003');
      }
    });
    child.on('error', reject);
    child.on('exit', () => (shown === undefined ? reject(new Error(`${command} never showed "${text}":\n${screen}`)) : resolvePromise(shown)));
  });
}

/** The install figures and start-up times, as a Markdown section. */
export async function installReport() {
  // The suite's own pack-and-install helper.
  const { packTarball, installTarball, treeBytes, installedPackages } = await importTypeScript(join(ROOT, 'test', 'support', 'packed-install.ts'));
  const scratch = mkdtempSync(join(tmpdir(), 'cm-bench-pack-'));
  const tarball = packTarball(scratch, ROOT);
  const installs = Array.from({ length: Math.min(RUNS, 3) }, () => installTarball(tarball));
  const installed = installs[0];
  const megabytes = treeBytes(join(installed.directory, 'node_modules')) / 1024 / 1024;
  const packages = installedPackages(installed.directory).length;
  const installSeconds = median(installs.map((install) => install.seconds));

  // A project for the wizard: init makes alembic.ini and the versions directory.
  const project = mkdtempSync(join(tmpdir(), 'cm-bench-project-'));
  spawnSync(installed.bin, ['init'], { cwd: project });
  const node = median(Array.from({ length: RUNS }, () => milliseconds(process.execPath, ['-e', '0'], project)));
  const help = median(Array.from({ length: RUNS }, () => milliseconds(installed.bin, ['--help'], project)));
  const floor = [];
  const prompt = [];
  for (let run = 0; run < RUNS; run += 1) {
    floor.push(await msUntilScreenShows(`${process.execPath} -e "process.stdout.write('? ready\\n'); setTimeout(() => {}, 5000)"`, '? ready', project));
    prompt.push(await msUntilScreenShows(installed.bin, 'What do you want to do?', project));
  }
  const promptMs = median(prompt);
  const floorMs = median(floor);
  for (const directory of [scratch, project, ...installs.map((install) => install.directory)]) rmSync(directory, { recursive: true, force: true });

  const verdict = (value, budget) => (value < budget ? 'met' : '**missed**');
  return `## Install and first run

\`npm pack\`, then \`npm install --omit=dev\` of the tarball into an empty directory with an empty npm cache (median of ${installs.length}); the installed bin (\`node_modules/.bin/create-migration\`) timed whole, median of ${RUNS}; the first question timed in a terminal (\`script\`) from start to the question on screen. Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} at the end.

| measure | value | anchor, same run | budget |
|---|---:|---:|---|
| installed size (node_modules) | ${megabytes.toFixed(1)} MB | | under ${BUDGET.megabytes} MB: ${verdict(megabytes, BUDGET.megabytes)} |
| packages installed | ${packages} | | |
| cold install | ${installSeconds.toFixed(2)} s | | |
| \`create-migration --help\` | ${help.toFixed(0)} ms | \`node -e 0\`: ${node.toFixed(0)} ms (${(help / node).toFixed(1)}×) | under ${BUDGET.helpMs} ms: ${verdict(help, BUDGET.helpMs)} |
| the wizard's first question on screen | ${promptMs.toFixed(0)} ms | a one-line Node program in the same terminal: ${floorMs.toFixed(0)} ms (${(promptMs / floorMs).toFixed(1)}×) | under ${BUDGET.promptMs} ms: ${verdict(promptMs, BUDGET.promptMs)} |
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  process.stdout.write(await installReport());
}
