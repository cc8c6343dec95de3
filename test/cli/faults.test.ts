import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createAlembicProject, type AlembicProject } from '../support/alembic-project.js';
import { BIN, runCli, type CliResult } from '../support/cli.js';
import { currentProcess } from '../../src/fs/process-identity.js';
import { pythonJson } from '../support/python-run.js';

// The machine misbehaving under a run: files Alembic would load that cannot be read, a
// read-only or full disk, locks left by runs that died (here, on another host, half-way through
// a takeover), a database that never answers. Each must end in one line naming the file and
// exit 1 (or a wait that says who holds the lock), never a stack trace, never a file half written.

const python = inject('python');
const SPEC = 'message: add bio to users\noperations:\n  - {op: add_column, table: users, column: {name: bio, type: text}}\n';
const FIRST = 'revision = "001_first"\ndown_revision = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n';

function project(files: Record<string, string> = { '001_first.py': FIRST }): AlembicProject {
  const made = createAlembicProject();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(made.versions, name), text);
  writeFileSync(join(made.root, 'spec.yaml'), SPEC);
  return made;
}

/** Every entry under `root` by what it is (links and FIFOs not followed or opened), to prove nothing changed. */
function directoryState(root: string): Record<string, string> {
  const state: Record<string, string> = {};
  const visit = (directory: string, prefix: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      const stats = lstatSync(path);
      if (stats.isDirectory()) visit(path, `${prefix}${name}/`);
      else if (stats.isSymbolicLink()) state[`${prefix}${name}`] = `-> ${readlinkSync(path)}`;
      else if (!stats.isFile()) state[`${prefix}${name}`] = `mode ${stats.mode}`;
      else state[`${prefix}${name}`] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  visit(root, '');
  return state;
}

function expectOneLineRefusal(result: CliResult, words: string): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toContain(words);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(result.stdout).toBe('');
}

function alembicHeads(made: AlembicProject): string[] {
  const script = 'import json, sys\nfrom alembic.config import Config\nfrom alembic.script import ScriptDirectory\nprint(json.dumps(sorted(ScriptDirectory.from_config(Config(json.load(sys.stdin))).get_heads())))\n';
  return pythonJson<string[]>(python, script, made.config);
}

/** A pid that belonged to a process which has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

let unprivilegedBin: string | undefined;
afterAll(() => {
  if (unprivilegedBin !== undefined) rmSync(dirname(dirname(unprivilegedBin)), { recursive: true, force: true });
});

/**
 * The bin, with the package.json and dist/ it loads, copied where any user can read it: the
 * checkout may sit in a directory only its owner can enter (mktemp -d makes one such).
 */
function readableBin(): string {
  if (unprivilegedBin === undefined) {
    const copy = mkdtempSync(join(tmpdir(), 'cm-unprivileged-bin-'));
    chmodSync(copy, 0o755);
    const root = dirname(dirname(BIN));
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
    unprivilegedBin = join(copy, 'bin', basename(BIN));
  }
  return unprivilegedBin;
}

/** Runs the bin as an unprivileged user (root reads every file whatever its mode). */
function runUnprivileged(args: readonly string[], cwd: string): CliResult {
  const command = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, readableBin(), ...args] : [process.execPath, BIN, ...args];
  const result = spawnSync(command[0]!, command.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1763812800' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `script` (sh) in a mount namespace of its own, where it may mount a tmpfs or a read-only bind. */
function inMountNamespace(script: string): { code: number | null; output: string } {
  const result = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1763812800' } });
  if (result.error) throw new Error(`test setup: unshare failed: ${result.error.message}`);
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('history files that cannot be trusted or read', () => {
  it('refuses a revision id that would end the new file\'s docstring, and nothing it holds ever runs', () => {
    const evil = `revision = '002_e"""\\nimport os; os.system("touch PWNED")\\n"""'\ndown_revision = "001_first"\n`;
    const made = project({ '001_first.py': FIRST, '002_evil.py': evil });
    const before = directoryState(made.root);
    const result = runCli(['generate', '--spec', 'spec.yaml'], { cwd: made.root });
    expectOneLineRefusal(result, '002_evil.py:1: the revision id');
    expect(result.stderr).toContain('holds a quote or a backslash');
    expect(directoryState(made.root)).toEqual(before);
    // Alembic loads the history as it stands without running the text: it is inert while no file copies it.
    expect(alembicHeads(made)).toEqual(['002_e"""\nimport os; os.system("touch PWNED")\n"""']);
    expect(existsSync(join(made.root, 'PWNED'))).toBe(false);
  });

  it.each([
    ['a directory named like a migration', (versions: string) => mkdirSync(join(versions, '002_x.py')), 'is a directory'],
    ['a dangling symbolic link', (versions: string) => symlinkSync('gone.py', join(versions, '002_x.py')), 'does not exist'],
    ['a symbolic link loop', (versions: string) => symlinkSync('002_x.py', join(versions, '002_x.py')), 'ELOOP'],
    ['a FIFO', (versions: string) => spawnSync('mkfifo', [join(versions, '002_x.py')]), 'FIFO'],
  ])('generate and renumber refuse %s with one line naming it', (_name, setup, words) => {
    const made = project();
    setup(made.versions);
    const before = directoryState(made.versions);
    const generated = runCli(['generate', '--spec', 'spec.yaml'], { cwd: made.root });
    expectOneLineRefusal(generated, '002_x.py:1: ');
    expect(generated.stderr).toContain(words);
    // A one-line command reads the history the way generate does.
    const oneLine = runCli(['add-column', 'users', 'bio:text'], { cwd: made.root });
    expectOneLineRefusal(oneLine, '002_x.py:1: ');
    expect(oneLine.stderr).toContain(words);
    // renumber reads it through check's reader of version locations, in words of its own.
    expectOneLineRefusal(runCli(['renumber', '--write'], { cwd: made.root }), '002_x.py');
    expect(directoryState(made.versions)).toEqual(before);
  });

  it('refuses an unreadable migration and an unwritable versions directory (as a user without the rights)', () => {
    const made = project();
    chmodSync(made.root, 0o755);
    writeFileSync(join(made.versions, '002_x.py'), 'revision = "002_x"\ndown_revision = "001_first"\n');
    chmodSync(join(made.versions, '002_x.py'), 0o000);
    chmodSync(made.versions, 0o777);
    expectOneLineRefusal(runUnprivileged(['generate', '--spec', 'spec.yaml'], made.root), '002_x.py:1: cannot be opened: permission denied (EACCES)');
    chmodSync(join(made.versions, '002_x.py'), 0o644);
    chmodSync(made.versions, 0o755);
    const result = runUnprivileged(['generate', '--spec', 'spec.yaml'], made.root);
    expectOneLineRefusal(result, 'permission denied (EACCES)');
    expect(result.stderr).toContain(made.versions);
    expect(made.files()).toEqual(['001_first.py', '002_x.py']);
  });

  it('refuses a read-only versions directory (EROFS) with one line, and writes nothing', () => {
    const made = project();
    const { code, output } = inMountNamespace(
      `mount --bind ${made.versions} ${made.versions} && mount -o remount,bind,ro ${made.versions} && cd ${made.root} && ${process.execPath} ${BIN} generate --spec spec.yaml; echo "exit=$?"`,
    );
    expect(code, output).toBe(0);
    expect(output).toContain('read-only (EROFS)');
    expect(output).toContain('exit=1');
    expect(output).not.toMatch(/internal error|\n\s+at /);
    expect(made.files()).toEqual(['001_first.py']);
  });

  it('on a full disk writes nothing, leaves no lock or temporary file, and the next run with space succeeds at once', () => {
    const made = project();
    const first = join(made.versions, '001_first.py');
    const run = `${process.execPath} ${BIN} generate --spec ${join(made.root, 'spec.yaml')} --dir ${made.versions}`;
    const { code, output } = inMountNamespace(
      [
        `cp ${first} /tmp/first.py.$$ && mount -t tmpfs -o size=64k tmpfs ${made.versions} && cp /tmp/first.py.$$ ${first}`,
        `dd if=/dev/zero of=${made.versions}/.filler bs=4k count=100 2>/dev/null; ${run}; echo "exit=$?"`,
        `echo "left: $(ls -A ${made.versions} | grep -v -e .filler -e 001_first.py | tr '\\n' ' ')"`,
        `rm ${made.versions}/.filler && start=$(date +%s%N) && ${run} && echo "second=$(( ($(date +%s%N) - start) / 1000000 ))ms"`,
      ].join('\n'),
    );
    expect(code, output).toBe(0);
    expect(output).toContain('no space left on the device (ENOSPC)');
    expect(output).toContain('exit=1');
    expect(output).toContain('left: \n');
    expect(output).toMatch(/002_add_bio_to_users\.py\nsecond=\d+ms/);
    expect(Number(/second=(\d+)ms/.exec(output)![1])).toBeLessThan(10_000);
  });
});

describe('locks that recover', () => {
  const lockPath = (made: AlembicProject): string => join(made.versions, '.create-migration.lock');
  /** A lock record as another run wrote it; `here` gives it this process's host, boot and PID namespace. */
  const here = (): Record<string, unknown> => {
    const { boot, pidns } = currentProcess();
    return { host: hostname(), ...(boot !== undefined && { boot }), ...(pidns !== undefined && { pidns }) };
  };
  const record = (fields: Record<string, unknown>): string =>
    JSON.stringify({ tool: 'create-migration', pid: 4242, host: 'elsewhere', token: 'a'.repeat(32), acquired: new Date().toISOString(), expires: new Date(Date.now() + 60_000).toISOString(), ...fields });

  it('takes over an empty lock (a full disk under create-migration 0.1) within seconds', () => {
    const made = project();
    writeFileSync(lockPath(made), '');
    const started = Date.now();
    expect(runCli(['generate', '--spec', 'spec.yaml'], { cwd: made.root }).code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync(lockPath(made))).toBe(false);
  });

  it('takes over a lock from another host (a previous container) once its lease has passed', () => {
    const made = project();
    writeFileSync(lockPath(made), record({ expires: new Date(Date.now() - 1000).toISOString() }));
    expect(runCli(['generate', '--spec', 'spec.yaml'], { cwd: made.root }).code).toBe(0);
  });

  it('waits for a live lock from another host, saying who holds it, and gives up naming the holder', () => {
    const made = project();
    writeFileSync(lockPath(made), record({}));
    const result = runCli(['generate', '--spec', 'spec.yaml'], { cwd: made.root, env: { CREATE_MIGRATION_LOCK_WAIT: '2' } });
    expectOneLineRefusal(result, 'is held by create-migration (pid 4242 on host elsewhere');
    expect(result.stderr).toContain('waiting for');
    expect(made.files()).toEqual(['001_first.py']);
  });

  it('takes over a lock whose process died, also when a run died half-way through taking it over', () => {
    const made = project();
    const pid = deadPid();
    const token = 'b'.repeat(32);
    writeFileSync(lockPath(made), record({ ...here(), pid, token }));
    // The dead claimant held the claim on that lock: its claim is taken over the same way.
    writeFileSync(`${lockPath(made)}.takeover-${token}`, record({ ...here(), pid, token: 'c'.repeat(32) }));
    expect(runCli(['generate', '--spec', 'spec.yaml'], { cwd: made.root }).code).toBe(0);
    expect(readdirSync(made.versions).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('never takes over a stale lock while a live run holds the claim on it', () => {
    const made = project();
    const token = 'd'.repeat(32);
    writeFileSync(lockPath(made), record({ ...here(), pid: deadPid(), token }));
    writeFileSync(`${lockPath(made)}.takeover-${token}`, record({ ...here(), pid: process.pid, token: 'e'.repeat(32) }));
    expectOneLineRefusal(runCli(['generate', '--spec', 'spec.yaml'], { cwd: made.root, env: { CREATE_MIGRATION_LOCK_WAIT: '1' } }), 'is held by');
    expect(made.files()).toEqual(['001_first.py']);
  });

  it('gives six runs racing to take over one stale lock six numbers and one chain', async () => {
    const made = project();
    writeFileSync(lockPath(made), record({ ...here(), pid: deadPid(), token: 'f'.repeat(32) }));
    const runs = Array.from({ length: 6 }, (_, index) => {
      writeFileSync(join(made.root, `spec${index}.yaml`), SPEC.replace('add bio', `add bio ${index}`).replace('name: bio', `name: bio${index}`));
      return new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'generate', '--spec', `spec${index}.yaml`], { cwd: made.root, stdio: 'ignore' });
        child.on('exit', (code) => resolve(code));
      });
    });
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(made.files().map((name) => name.slice(0, 3))).toEqual(['001', '002', '003', '004', '005', '006', '007']);
    expect(alembicHeads(made)).toHaveLength(1);
  });

  it("removes temporary files of runs that died, and keeps a live run's", () => {
    const made = project();
    const dead = deadPid();
    const leftovers = [`.create-migration-tmp.${dead}.0.0123456789ab.new.tmp`, `.002_x.py.${dead}.0123abcd.tmp`, `.002_y.py.${dead}.tmp`];
    for (const name of leftovers) writeFileSync(join(made.versions, name), 'half a file');
    const live = `.create-migration-tmp.${process.pid}.0.0123456789ab.lock.tmp`;
    writeFileSync(join(made.versions, live), 'a waiting run');
    expect(runCli(['generate', '--spec', 'spec.yaml'], { cwd: made.root }).code).toBe(0);
    expect(readdirSync(made.versions).filter((name) => name.startsWith('.'))).toEqual([live]);
  });

  it('a database that never answers times out instead of holding the lock, and a killed run leaves a lock the next run takes over', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const made = project();
      const url = `postgresql://nobody@127.0.0.1:${port}/db?connect_timeout=1`;
      const started = Date.now();
      const result = runCli(['generate', '--spec', 'spec.yaml', '--database-url', url], { cwd: made.root });
      expectOneLineRefusal(result, 'the server did not answer within 1 s');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(existsSync(lockPath(made))).toBe(false);

      // SIGKILL while it waits for the database, holding the lock: the next run takes it over at once.
      const child = spawn(process.execPath, [BIN, 'generate', '--spec', 'spec.yaml', '--database-url', url.replace('=1', '=30')], { cwd: made.root, stdio: 'ignore' });
      for (let tries = 0; !existsSync(lockPath(made)) && tries < 200; tries += 1) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(existsSync(lockPath(made))).toBe(true);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('exit', resolve));
      expect(JSON.parse(readFileSync(lockPath(made), 'utf8'))).toMatchObject({ pid: child.pid, host: hostname() });
      const again = Date.now();
      expect(runCli(['generate', '--spec', 'spec.yaml'], { cwd: made.root }).code).toBe(0);
      expect(Date.now() - again).toBeLessThan(10_000);
      expect(readdirSync(made.versions).filter((name) => name.startsWith('.'))).toEqual([]);
    } finally {
      silent.close();
    }
  });
});
