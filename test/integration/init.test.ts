import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { withScheme } from '../../src/verify/database-url.js';
import { runCli } from '../support/cli.js';
import { createDatabase, withClient } from '../support/databases.js';
import { ensureVenv, type PythonEnv } from '../support/python-env.js';
import { lintPython } from '../support/python-lint.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const adminUrl = inject('adminUrl');
const suitePython = inject('python');

let pytestEnv: PythonEnv;

beforeAll(() => {
  // The project's own environment, as a team would have it: Alembic, a sync driver, pytest.
  pytestEnv = ensureVenv('pytest', ['alembic', 'psycopg2-binary', 'pytest']);
});

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function initProject(...args: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'create-migration-init-'));
  const result = runCli(['init', ...args], { cwd: root });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return root;
}

async function tables(url: string): Promise<string[]> {
  const { rows } = await withClient(url, (client) =>
    client.query<{ name: string }>("SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"),
  );
  return rows.map((row) => row.name);
}

describe('init', () => {
  it('writes alembic.ini, env.py, script.py.mako, versions/ and tests/test_migrations.py, lint-clean', () => {
    const root = mkdtempSync(join(tmpdir(), 'create-migration-init-'));
    const result = runCli(['init'], { cwd: root });
    expect(result).toEqual({ code: 0, stderr: '', stdout: 'alembic.ini\nalembic/env.py\nalembic/script.py.mako\ntests/test_migrations.py\n' });
    expect(readdirSync(join(root, 'alembic')).sort()).toEqual(['env.py', 'script.py.mako', 'versions']);
    expect(readdirSync(join(root, 'alembic', 'versions'))).toEqual([]);
    const ini = readFileSync(join(root, 'alembic.ini'), 'utf8');
    expect(ini).toContain('script_location = %(here)s/alembic\n');
    expect(ini).toContain('file_template = %%(rev)s\n');
    expect(lintPython(suitePython, [join(root, 'alembic', 'env.py'), join(root, 'tests', 'test_migrations.py')])).toEqual([]);
  });

  it('with --module and --schema: a filter on the table prefix and schema, and its own version table, lint-clean', () => {
    const root = initProject('--module', 'billing', '--schema', 'migration', '--script-location', 'db/alembic');
    expect(readFileSync(join(root, 'alembic.ini'), 'utf8')).toContain('script_location = %(here)s/db/alembic\n');
    const env = readFileSync(join(root, 'db', 'alembic', 'env.py'), 'utf8');
    expect(env).toContain('TABLE_PREFIX = "billing_"\nVERSION_TABLE = "billing_alembic_version"\n');
    expect(env).toContain('SCHEMA = "migration"\n');
    expect(env).toContain('        return name is not None and name.startswith(TABLE_PREFIX)\n');
    expect(env).toContain('        "version_table": VERSION_TABLE,\n');
    expect(lintPython(suitePython, [join(root, 'db', 'alembic', 'env.py'), join(root, 'tests', 'test_migrations.py')])).toEqual([]);
  });

  it('refuses to overwrite files, listing them and writing nothing; --force replaces them', () => {
    const root = initProject();
    const envPy = join(root, 'alembic', 'env.py');
    writeFileSync(envPy, '# edited by hand\n');
    const refused = runCli(['init'], { cwd: root });
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: these files exist; nothing was written (pass --force to replace them):\n  alembic.ini\n  alembic/env.py\n  alembic/script.py.mako\n  tests/test_migrations.py\n',
    });
    expect(readFileSync(envPy, 'utf8')).toBe('# edited by hand\n');
    expect(runCli(['init', '--force'], { cwd: root }).code).toBe(0);
    expect(readFileSync(envPy, 'utf8')).toContain('def run_migrations_online() -> None:');
  });

  it('writes into --project; the deprecated --dir still names the Alembic directory, with a warning', () => {
    const parent = mkdtempSync(join(tmpdir(), 'create-migration-init-'));
    mkdirSync(join(parent, 'backend'));
    const result = runCli(['init', '--project', 'backend', '--dir', 'db'], { cwd: parent });
    expect(result).toEqual({
      code: 0,
      stdout: 'backend/alembic.ini\nbackend/db/env.py\nbackend/db/script.py.mako\nbackend/tests/test_migrations.py\n',
      stderr: 'warning: init --dir DIR is deprecated; use --script-location DIR (--dir is the versions directory, as for every other command)\n',
    });
    expect(readFileSync(join(parent, 'backend', 'alembic.ini'), 'utf8')).toContain('script_location = %(here)s/db\n');
  });

  it('refuses a bad --module or --schema with exit 2', () => {
    const root = mkdtempSync(join(tmpdir(), 'create-migration-init-'));
    expect(runCli(['init', '--module', 'bill-ing'], { cwd: root }).stderr).toBe('error: --module "bill-ing" must be a name of letters, digits and _ (it prefixes the module\'s tables)\n');
    expect(runCli(['init', '--schema', ''], { cwd: root }).code).toBe(2);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('a project made by init, with one migration from generate', () => {
  let root: string;
  const alembic = (): string => join(dirname(pytestEnv.python), 'alembic');

  beforeAll(() => {
    root = initProject();
    const made = runCli(['generate', '--spec', join(EXAMPLES, 'history', '001-create-users.yaml')], { cwd: root });
    expect(made.stdout).toBe('alembic/versions/001_create_users.py\n');
  });

  it('passes alembic upgrade head on a fresh database', async () => {
    const database = await createDatabase(adminUrl);
    try {
      const result = run(alembic(), ['upgrade', 'head'], root, { DATABASE_URL: withScheme(database.url, 'postgresql+psycopg2') });
      expect(result.code, result.stderr).toBe(0);
      expect(await tables(database.url)).toEqual(['migration.users', 'public.alembic_version']);
    } finally {
      await database.drop();
    }
  });

  it('prints the offline SQL with no database URL at all', () => {
    const result = run(alembic(), ['upgrade', 'head', '--sql'], root, { DATABASE_URL: '' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('CREATE TABLE IF NOT EXISTS migration.users (');
    expect(result.stdout).toContain("INSERT INTO alembic_version (version_num) VALUES ('001_create_users')");
  });

  it('passes verify', () => {
    const result = runCli(['verify', '--alembic', alembic()], { cwd: root, env: { DATABASE_URL: withScheme(adminUrl, 'postgresql+psycopg2') } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok       001_create_users\nverify: 1 migration, 1 ok, 0 failed/);
  });

  it('passes its own pytest, which leaves no database behind', async () => {
    const listed = async (): Promise<string[]> =>
      (await withClient(adminUrl, (client) => client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'test\\_migrations\\_%'"))).rows.map((row) => row.datname);
    const result = run(pytestEnv.python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_migrations.py'], root, { DATABASE_URL: withScheme(adminUrl, 'postgresql+asyncpg') });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/2 passed/);
    expect(await listed()).toEqual([]);
  });

  it('names a plain `alembic revision --rev-id` file and lays it out like a generated one', () => {
    const result = run(alembic(), ['revision', '--rev-id', '002_manual_step', '-m', 'manual step'], root);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(root, 'alembic', 'versions', '002_manual_step.py'), 'utf8');
    const generated = readFileSync(join(root, 'alembic', 'versions', '001_create_users.py'), 'utf8');
    // The generated file's private functions (the shape checks' helpers, after downgrade()) aside.
    const skeleton = (source: string): string[] => source.split('\n').filter((line) => /^(Revision ID|Revises|Create Date|revision|down_revision|branch_labels|depends_on|from |import |def (?!_)|# revision)/.test(line)).map((line) => line.replace(/(:| =).*$/, '$1'));
    expect(skeleton(text)).toEqual(skeleton(generated));
    expect(text).toContain('Revises: 001_create_users\n');
    expect(text).toContain('revision = "002_manual_step"\ndown_revision = "001_create_users"\n');
    expect(run(pytestEnv.python, ['-m', 'py_compile', join(root, 'alembic', 'versions', '002_manual_step.py')], root).code).toBe(0);
  });
});

describe('a project made by init, in an environment with only asyncpg', () => {
  it('keeps the async URL async: upgrade, offline SQL without a URL, and verify', async () => {
    const asyncpg = ensureVenv('asyncpg', ['alembic', 'asyncpg', 'greenlet']);
    const root = initProject();
    expect(runCli(['generate', '--spec', join(EXAMPLES, 'history', '001-create-users.yaml')], { cwd: root }).code).toBe(0);
    const alembic = join(dirname(asyncpg.python), 'alembic');
    const database = await createDatabase(adminUrl);
    try {
      const upgraded = run(alembic, ['upgrade', 'head'], root, { DATABASE_URL: withScheme(database.url, 'postgresql+asyncpg') });
      expect(upgraded.code, upgraded.stderr).toBe(0);
      expect(await tables(database.url)).toEqual(['migration.users', 'public.alembic_version']);
    } finally {
      await database.drop();
    }
    const offline = run(alembic, ['upgrade', 'head', '--sql'], root, { DATABASE_URL: '' });
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toContain('CREATE TABLE IF NOT EXISTS migration.users (');
    const verified = runCli(['verify', '--alembic', alembic, '--database-url', adminUrl], { cwd: root, env: { DATABASE_URL: withScheme(adminUrl, 'postgresql+asyncpg') } });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });
});

describe('a module made by init --module', () => {
  it('records its revisions in its own version table', async () => {
    const root = initProject('--module', 'billing');
    expect(runCli(['generate', '--spec', join(EXAMPLES, 'history', '001-create-users.yaml')], { cwd: root }).code).toBe(0);
    const database = await createDatabase(adminUrl);
    try {
      const result = run(join(dirname(pytestEnv.python), 'alembic'), ['upgrade', 'head'], root, { DATABASE_URL: withScheme(database.url, 'postgresql+psycopg2') });
      expect(result.code, result.stderr).toBe(0);
      expect(await tables(database.url)).toEqual(['migration.users', 'public.billing_alembic_version']);
    } finally {
      await database.drop();
    }
  });
});
