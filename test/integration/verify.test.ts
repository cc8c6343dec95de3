import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withScheme } from '../../src/verify/database-url.js';
import { createAlembicProject, type AlembicProject } from '../support/alembic-project.js';
import { BIN, runCli, type CliResult } from '../support/cli.js';
import { createDatabase, withClient, type TestDatabase } from '../support/databases.js';
import { ensureVenv } from '../support/python-env.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLES = join(ROOT, 'examples');
const FIXTURES = join(ROOT, 'test/fixtures/verify');
const adminUrl = inject('adminUrl');
const python = inject('python');

/** Databases on the suite's server, less those other test files make and drop meanwhile (test support's, init's pytest). */
async function databases(): Promise<string[]> {
  const { rows } = await withClient(adminUrl, (client) => client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname NOT LIKE 'cm\\_test\\_%' AND datname NOT LIKE 'test\\_migrations\\_%' ORDER BY 1"));
  return rows.map((row) => row.datname);
}

async function tablesIn(database: TestDatabase): Promise<string[]> {
  const { rows } = await withClient(database.url, (client) =>
    client.query<{ name: string }>("SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"),
  );
  return rows.map((row) => row.name);
}

/** A project whose history is 001 and 002 made by `generate` from examples/history, plus `extra` files. */
function projectWith(...extra: string[]): AlembicProject {
  const project = createAlembicProject();
  mkdirSync(project.versions, { recursive: true });
  for (const spec of readdirSync(join(EXAMPLES, 'history')).sort()) {
    const made = runCli(['generate', '--spec', join(EXAMPLES, 'history', spec)], { cwd: project.root });
    expect(made.code, made.stderr).toBe(0);
  }
  for (const file of extra) copyFileSync(join(FIXTURES, file), join(project.versions, file));
  return project;
}

/** A TMPDIR of the test's own, to see what verify leaves in it; open like /tmp, since as root the server runs as "postgres". */
function privateTmpdir(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(directory, 0o777);
  return directory;
}

let decoy: TestDatabase;
let decoyEnv: Record<string, string>;

function verify(project: AlembicProject, args: string[], env: Record<string, string> = decoyEnv): CliResult {
  return runCli(['verify', '--alembic', python.python, ...args], { cwd: project.root, env });
}

beforeAll(async () => {
  // The variable env.py reads points at a database verify must leave alone.
  decoy = await createDatabase(adminUrl);
  decoyEnv = { DATABASE_URL: withScheme(decoy.url, 'postgresql+psycopg2') };
});

afterAll(async () => {
  expect(await tablesIn(decoy)).toEqual([]);
  await decoy.drop();
});

describe('verify on a history of generated migrations', () => {
  it('passes each migration, on an embedded server it starts and removes, with the project .venv', () => {
    const project = projectWith();
    const spec = join(EXAMPLES, 'add-user-preferences.yaml');
    expect(runCli(['generate', '--spec', spec], { cwd: project.root }).code).toBe(0);
    // The project's own virtual environment is found without --alembic.
    symlinkSync(dirname(dirname(python.python)), join(project.root, '.venv'));
    const temporary = privateTmpdir('verify-embedded-');

    const result = runCli(['verify'], { cwd: project.root, env: { ...decoyEnv, TMPDIR: temporary } });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual(['ok       001_create_users', 'ok       002_create_assets', 'ok       003_add_user_preferences']);
    expect(lines[3]).toMatch(/^verify: 3 migrations, 3 ok, 0 failed \(alembic [\d.]+, SQLAlchemy [\d.]+, embedded PostgreSQL [\d.]+; [\d.]+ s\)$/);
    // The embedded server's files are gone.
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('passes with --offline on the suite server, creating and dropping its databases there', async () => {
    const project = projectWith();
    const before = await databases();
    const result = verify(project, ['--database-url', adminUrl, '--offline', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({ total: 2, ok: 2, failed: 0, not_run: 0 });
    expect(report.migrations.map((migration: { revision: string; path: string; status: string; schema_changed: boolean }) => [migration.revision, migration.path, migration.status, migration.schema_changed])).toEqual([
      ['001_create_users', 'alembic/versions/001_create_users.py', 'ok', true],
      ['002_create_assets', 'alembic/versions/002_create_assets.py', 'ok', true],
    ]);
    expect(report.url_scheme).toEqual({ scheme: 'postgresql+psycopg2', reason: 'the scheme of $DATABASE_URL' });
    expect(report.server.embedded).toBe(false);
    expect(await databases()).toEqual(before);
  });

  it("passes a stock `alembic init -t async` project, env.py untouched, in an environment with only asyncpg", () => {
    const asyncpg = ensureVenv('asyncpg', ['alembic', 'asyncpg', 'greenlet']);
    const root = mkdtempSync(join(tmpdir(), 'verify-async-'));
    execFileSync(join(dirname(asyncpg.python), 'alembic'), ['init', '-t', 'async', 'alembic'], { cwd: root });
    for (const file of ['001_create_users.py', '002_create_assets.py']) copyFileSync(join(EXAMPLES, 'versions', file), join(root, 'alembic', 'versions', file));
    // Its env.py reads sqlalchemy.url from alembic.ini, where `alembic init` left a placeholder.
    const result = runCli(['verify', '--alembic', asyncpg.python, '--database-url', adminUrl, '--offline', '--json'], { cwd: root, env: { DATABASE_URL: '' } });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.summary).toEqual({ total: 2, ok: 2, failed: 0, not_run: 0 });
    expect(report.url_scheme).toEqual({ scheme: 'postgresql+asyncpg', reason: 'env.py runs on an async engine, and asyncpg is installed' });
  });

  it('starts at --from, after upgrading to its parent', () => {
    const result = verify(projectWith(), ['--database-url', adminUrl, '--from', '002']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ok       002_create_assets\nverify: 1 migration, 1 ok, 0 failed/);
  });
});

describe('verify reports the step that fails, touching no database it did not create', () => {
  it.each([
    ['003_create_role_twice.py', ['re-upgrade: type "service_account_role" already exists']],
    ['003_keep_role.py', ['downgrade left behind: enum migration.service_account_role']],
    ['003_drop_users_too.py', ['downgrade removed: table migration.users', 'upgrade again missing: table migration.users']],
    ['003_alter_missing_table.py', ['upgrade: relation "migration.service_accounts" does not exist']],
  ])('%s', async (file, problems) => {
    const project = projectWith(file);
    const before = await databases();
    const result = verify(project, ['--database-url', adminUrl]);
    expect(result.code).toBe(1);
    const revision = file.replace(/\.py$/, '');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual(['ok       001_create_users', 'ok       002_create_assets', `FAILED   ${revision}`, ...problems.map((problem) => `         ${problem}`)]);
    expect(lines.at(-1)).toMatch(/^verify: 3 migrations, 2 ok, 1 failed \(/);
    expect(await databases()).toEqual(before);
  });

  it('stops after a failed step: later migrations are listed as not run; --json gives the statement', async () => {
    const project = projectWith('003_create_role_twice.py');
    writeFileSync(
      join(project.versions, '004_after.py'),
      'from alembic import op\n\nrevision = "004_after"\ndown_revision = "003_create_role_twice"\n\n\ndef upgrade():\n    op.execute("SELECT 1")\n\n\ndef downgrade():\n    pass\n',
    );
    const result = verify(project, ['--database-url', adminUrl, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.summary).toEqual({ total: 4, ok: 2, failed: 1, not_run: 1 });
    const [failed, notRun] = report.migrations.slice(2);
    expect(failed.problems).toEqual([
      {
        step: 're-upgrade',
        message: 'type "service_account_role" already exists',
        line: 're-upgrade: type "service_account_role" already exists',
        error: { kind: 'database', statement: "CREATE TYPE migration.service_account_role AS ENUM ('ADMIN', 'USER')" },
      },
    ]);
    expect(notRun).toMatchObject({ revision: '004_after', status: 'not_run', notes: ['not run: 003_create_role_twice failed a step'] });
  });

  it('names the line of a Python error in a migration', () => {
    const project = projectWith();
    writeFileSync(join(project.versions, '003_typo.py'), 'from alembic import op\n\nrevision = "003_typo"\ndown_revision = "002_create_assets"\n\n\ndef upgrade():\n    op.exceute("SELECT 1")\n\n\ndef downgrade():\n    pass\n');
    const result = verify(project, ['--database-url', adminUrl]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("         upgrade: AttributeError: module 'alembic.op' has no attribute 'exceute' (alembic/versions/003_typo.py line 8)\n");
  });

  it('reports an offline upgrade that differs from the online one', () => {
    const project = projectWith('003_online_only_index.py');
    const result = verify(project, ['--database-url', adminUrl, '--offline']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAILED   003_online_only_index\n         offline missing: index migration.ix_assets_deleted_at\n');
  });

  it('reports offline SQL that psql cannot replay, and checks no later migration offline', () => {
    const project = projectWith();
    const migration = (revision: string, down: string, body: string): string =>
      `from alembic import context, op\n\nrevision = "${revision}"\ndown_revision = "${down}"\n\n\ndef upgrade():\n${body}\n\n\ndef downgrade():\n    pass\n`;
    writeFileSync(join(project.versions, '003_offline_typo.py'), migration('003_offline_typo', '002_create_assets', '    if context.is_offline_mode():\n        op.execute("SELECT * FROM migration.nope")'));
    writeFileSync(join(project.versions, '004_next.py'), migration('004_next', '003_offline_typo', '    op.execute("SELECT 1")'));
    const result = verify(project, ['--database-url', adminUrl, '--offline']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'FAILED   003_offline_typo\n         offline: psql: relation "migration.nope" does not exist\nok       004_next  (no schema change)\n         offline not checked: the offline step of 003_offline_typo failed\n',
    );
  });

  it('refuses an env.py that connects to another database than the one it is given', async () => {
    const project = projectWith();
    const envPy = join(project.root, 'alembic', 'env.py');
    writeFileSync(envPy, readFileSync(envPy, 'utf8').replace('os.environ["DATABASE_URL"]', JSON.stringify(withScheme(decoy.url, 'postgresql+psycopg2'))));
    const result = verify(project, ['--database-url', adminUrl]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`FAILED   001_create_users\n         upgrade: env.py connected to database "${decoy.name}" instead of the throwaway database "cm_verify_`);
    expect(await tablesIn(decoy)).toEqual([]);
  });
});

describe('verify refuses what it cannot do', () => {
  it('exits 2 without alembic.ini, with a bad option value, or an unknown --from', () => {
    const empty = mkdtempSync(join(tmpdir(), 'verify-empty-'));
    const noIni = runCli(['verify', '--alembic', python.python], { cwd: empty });
    expect([noIni.code, noIni.stdout]).toEqual([2, '']);
    expect(noIni.stderr).toMatch(/^error: no alembic.ini \(nor pyproject.toml with \[tool.alembic\]\) in .*; verify runs the project's Alembic setup/);
    const project = projectWith();
    expect(verify(project, ['--url-env', 'DATABASE-URL']).stderr).toBe('error: --url-env "DATABASE-URL" is not an environment variable name\n');
    expect(verify(project, ['--database-url', 'mysql://x@h/d']).code).toBe(2);
    const unknown = verify(project, ['--from', '007']);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'error: --from 007: no such revision (the history runs from 001_create_users to 002_create_assets)\n']);
  });

  it('exits 1 when Alembic cannot read the history, before creating any database', async () => {
    const project = projectWith();
    writeFileSync(join(project.versions, '003_dangling.py'), 'revision = "003_dangling"\ndown_revision = "002_nowhere"\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n');
    const before = await databases();
    const result = verify(project, ['--database-url', adminUrl]);
    expect([result.code, result.stdout]).toEqual([1, '']);
    expect(result.stderr).toMatch(/^error: Alembic cannot read the history of .*: .*002_nowhere/);
    expect(await databases()).toEqual(before);
  });

  it('exits 2 when the Python it is given has no Alembic', () => {
    const venv = join(mkdtempSync(join(tmpdir(), 'verify-bare-')), 'venv');
    execFileSync('python3', ['-m', 'venv', '--without-pip', venv]);
    const bare = runCli(['verify', '--alembic', venv], { cwd: projectWith().root, env: decoyEnv });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toBe(`error: ${venv}/bin/python (found from --alembic) cannot run Alembic: ModuleNotFoundError: No module named 'alembic'; pass --alembic with the project's virtual environment\n`);
  });
});

describe('verify, interrupted', () => {
  function sleepyProject(): AlembicProject {
    const project = projectWith();
    writeFileSync(join(project.versions, '003_sleep.py'), 'from alembic import op\n\nrevision = "003_sleep"\ndown_revision = "002_create_assets"\n\n\ndef upgrade():\n    op.execute("SELECT pg_sleep(60)")\n\n\ndef downgrade():\n    pass\n');
    return project;
  }

  /** Starts verify, waits until `ready` says it is mid-run, sends SIGINT, and returns how it ended. */
  async function interrupt(
    project: AlembicProject,
    args: string[],
    env: Record<string, string>,
    ready: () => Promise<boolean>,
    how: { signal: NodeJS.Signals; closeStderr?: boolean } = { signal: 'SIGINT' },
  ): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [BIN, 'verify', '--alembic', python.python, ...args], { cwd: project.root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const deadline = Date.now() + 60_000;
    while (!(await ready())) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`verify never got going:\n${stderr}`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
    // Past 002 and into 003's pg_sleep: the driver is mid-statement.
    await new Promise((wait) => setTimeout(wait, 1500));
    // A terminal that went away (SIGHUP): every write to standard error fails from now on.
    if (how.closeStderr) child.stderr.destroy();
    child.kill(how.signal);
    return { code: await ended, stderr };
  }

  it('drops its database on the server when interrupted, and exits 130', async () => {
    const before = await databases();
    const result = await interrupt(sleepyProject(), ['--database-url', adminUrl], decoyEnv, async () => (await databases()).length > before.length);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('verify: SIGINT received; removing what verify created...\n');
    expect(await databases()).toEqual(before);
  });

  it('cleans up after SIGHUP even when it can no longer write to its terminal', async () => {
    const before = await databases();
    const result = await interrupt(sleepyProject(), ['--database-url', adminUrl], decoyEnv, async () => (await databases()).length > before.length, { signal: 'SIGHUP', closeStderr: true });
    expect(result.code).toBe(129);
    expect(await databases()).toEqual(before);
  });

  it('drops a database a run killed with SIGKILL left behind, on the next run', async () => {
    const before = await databases();
    const killed = await interrupt(sleepyProject(), ['--database-url', adminUrl], decoyEnv, async () => (await databases()).length > before.length, { signal: 'SIGKILL' });
    expect(killed.code).toBe(null);
    const left = (await databases()).filter((name) => !before.includes(name));
    expect(left).toHaveLength(1);
    const next = verify(projectWith(), ['--database-url', adminUrl]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`verify: dropped a database that runs killed before they could drop it left: ${left[0]}\n`);
    expect(await databases()).toEqual(before);
  });

  it('stops the embedded server a run killed with SIGKILL left running, and removes its files, on the next run', async () => {
    const temporary = privateTmpdir('verify-killed-');
    // Killed once the server has been up for a while: 003's upgrade is running (pg_sleep).
    let upSince: number | undefined;
    const running = () => {
      if (readdirSync(temporary).some((name) => existsSync(join(temporary, name, 'data', 'postmaster.pid')))) upSince ??= Date.now();
      return upSince !== undefined && Date.now() - upSince > 3000;
    };
    const killed = await interrupt(sleepyProject(), [], { ...decoyEnv, TMPDIR: temporary }, async () => running(), { signal: 'SIGKILL' });
    expect(killed.code).toBe(null);
    const [orphan] = readdirSync(temporary);
    const postmaster = Number(readFileSync(join(temporary, orphan!, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(() => process.kill(postmaster, 0)).not.toThrow();
    const next = runCli(['verify', '--alembic', python.python], { cwd: projectWith().root, env: { ...decoyEnv, TMPDIR: temporary } });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toBe(`verify: removed the embedded server a killed run left (${join(temporary, orphan!)})\n`);
    expect(readdirSync(temporary)).toEqual([]);
    expect(() => process.kill(postmaster, 0)).toThrow();
  });

  it('exits 130 when Ctrl-C reaches initdb too, leaving nothing', async () => {
    const temporary = privateTmpdir('verify-initdb-');
    // A terminal's Ctrl-C goes to the whole process group: verify and the initdb it runs.
    const child = spawn(process.execPath, [BIN, 'verify', '--alembic', python.python], { cwd: projectWith().root, env: { ...process.env, ...decoyEnv, TMPDIR: temporary }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const initdbRunning = () => readdirSync(temporary).some((name) => existsSync(join(temporary, name, 'data')) && !existsSync(join(temporary, name, 'data', 'postmaster.pid')));
    const deadline = Date.now() + 60_000;
    while (!initdbRunning()) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`initdb never started:\n${stderr}`);
      await new Promise((wait) => setTimeout(wait, 10));
    }
    process.kill(-child.pid!, 'SIGINT');
    expect(await ended, stderr).toBe(130);
    expect(stderr).not.toContain('did not start');
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('stops the embedded server and removes its files when interrupted', async () => {
    const temporary = privateTmpdir('verify-interrupted-');
    const result = await interrupt(sleepyProject(), [], { ...decoyEnv, TMPDIR: temporary }, async () => readdirSync(temporary).some((name) => existsSync(join(temporary, name, 'data', 'postmaster.pid'))));
    expect(result.code).toBe(130);
    expect(readdirSync(temporary)).toEqual([]);
  });
});
