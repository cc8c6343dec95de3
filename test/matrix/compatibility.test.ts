import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OperationName, RawOperation } from '../../src/operations/registry.js';
import type { LocalServer } from '../../src/postgres/local-server.js';
import type { AlembicProject } from '../support/alembic-project.js';
import { runCli } from '../support/cli.js';
import { withClient } from '../support/databases.js';
import { MATRIX_SERVER_BINARIES, startMatrixServer, type MatrixServer } from '../support/postgres-servers.js';
import { ensureVenv, type PythonEnv } from '../support/python-env.js';
import { proveSpecCase, type SpecCase } from '../support/spec-case.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const SHOP = readFileSync(resolve(import.meta.dirname, '../fixtures/shop.sql'), 'utf8');

/** The operations in key order: one key per operation of the registry, so a new one without its entry here fails to compile. */
function everyOperation(operations: { readonly [N in OperationName]: readonly RawOperation<N>[] }): RawOperation[] {
  return Object.values(operations).flat();
}

/** One migration with every operation of the catalogue, on tables that hold rows. */
const EVERY_OPERATION: SpecCase = {
  name: 'every operation in one migration',
  setupSql: SHOP,
  rowsSql: "SELECT id, email FROM public.users ORDER BY id",
  expectations: { columnsMayMoveToEnd: true },
  spec: {
    message: 'every operation',
    lock_timeout: '5s',
    operations: everyOperation({
      create_enum: [{ op: 'create_enum', name: 'severity', values: ['LOW', 'HIGH'] }],
      create_table: [
        {
          op: 'create_table',
          table: 'incidents',
          columns: [
            { name: 'id', type: 'bigint', primary_key: true },
            { name: 'user_id', type: 'integer', nullable: false, references: { table: 'users', column: 'id', on_delete: 'CASCADE' } },
            { name: 'severity', type: 'severity', nullable: false, server_default: "'LOW'" },
            { name: 'score', type: 'numeric(5,2)', check: 'score >= 0' },
          ],
        },
      ],
      add_column: [{ op: 'add_column', table: 'users', column: { name: 'preferences', type: 'jsonb', nullable: false, server_default: "'{}'::jsonb", comment: 'UI settings' } }],
      add_check: [{ op: 'add_check', table: 'users', expression: "email LIKE '%@%'", not_valid: true }],
      create_index: [{ op: 'create_index', table: 'users', columns: ['status'], concurrently: true }],
      add_unique: [{ op: 'add_unique', table: 'flows', columns: ['name'] }],
      add_foreign_key: [{ op: 'add_foreign_key', table: 'flow_steps', columns: ['flow_id'], references: { table: 'flows', columns: ['id'] }, on_delete: 'CASCADE', not_valid: true }],
      add_enum_value: [{ op: 'add_enum_value', enum: 'user_status', value: 'LOCKED', after: 'ACTIVE' }],
      drop_column: [{ op: 'drop_column', table: 'users', column: { name: 'is_published', type: 'boolean', nullable: false, server_default: 'false' } }],
      rename_column: [{ op: 'rename_column', table: 'users', from: 'nickname', to: 'display_name' }],
      alter_column: [
        { op: 'alter_column', table: 'docs', column: 'id', type: 'varchar(36)', using: 'id::text', from_type: 'uuid', from_using: 'id::uuid' },
        { op: 'alter_column', table: 'users', column: 'settings', nullable: false, backfill: "'{}'::jsonb" },
      ],
      drop_table: [{ op: 'drop_table', table: 'temp_imports', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'payload', type: 'jsonb', nullable: false, server_default: "'{}'" }] }],
      drop_index: [{ op: 'drop_index', name: 'ix_docs_title', table: 'docs', columns: ['title'], where: 'title IS NOT NULL' }],
      drop_constraint: [{ op: 'drop_constraint', table: 'flow_steps', name: 'ck_flow_steps_position', definition: 'CHECK (position > 0)' }],
      execute: [{ op: 'execute', upgrade: "UPDATE public.users SET email = lower(email)", downgrade: 'SELECT 1' }],
    }),
  },
};

/** One combination of the matrix: every axis value appears in at least one. */
interface Combination {
  readonly alembic: string;
  readonly sqlalchemy: string;
  readonly driver: string;
  readonly server: ServerName;
  /** The `alembic init` template its project is made with (async for an async driver). */
  readonly template: 'generic' | 'async';
  python(): PythonEnv;
}

type ServerName = MatrixServer | 'PostgreSQL 18';

function debianAlembic(): PythonEnv {
  const env = ensureVenv('debian-alembic', [], { basePython: '/usr/bin/python3', systemSitePackages: true });
  if (!/^alembic 1\.8\.\d+ \/ SQLAlchemy 1\.4\./.test(env.label)) {
    throw new Error(`Debian's python3-alembic and python3-psycopg2 are needed (apt-get install python3-alembic python3-psycopg2); found ${env.label}`);
  }
  return env;
}

const COMBINATIONS: readonly Combination[] = [
  { alembic: 'current', sqlalchemy: '2.1', driver: 'psycopg2', server: 'PostgreSQL 18', template: 'generic', python: () => inject('python') },
  { alembic: 'current', sqlalchemy: '2.0', driver: 'psycopg2', server: 'PostgreSQL 17', template: 'generic', python: () => ensureVenv('sqlalchemy-2.0', ['alembic', 'sqlalchemy>=2.0,<2.1', 'psycopg2-binary']) },
  { alembic: '1.8 (Debian)', sqlalchemy: '1.4', driver: 'psycopg2', server: 'PostgreSQL 15', template: 'generic', python: debianAlembic },
  { alembic: 'current', sqlalchemy: '2.1', driver: 'psycopg 3', server: 'PostgreSQL 16', template: 'generic', python: () => ({ ...ensureVenv('psycopg3', ['alembic', 'psycopg[binary]']), urlScheme: 'postgresql+psycopg' }) },
  { alembic: 'current', sqlalchemy: '2.1', driver: 'asyncpg', server: 'PostgreSQL 14', template: 'async', python: () => ({ ...ensureVenv('asyncpg', ['alembic', 'asyncpg', 'greenlet']), urlScheme: 'postgresql+asyncpg' }) },
];

/** A project made by the environment's own `alembic init`, as an AlembicProject of the test support. */
function alembicInit(python: PythonEnv, template: Combination['template']): AlembicProject {
  const root = mkdtempSync(join(tmpdir(), 'cm-matrix-'));
  // python -m alembic: Debian's Alembic has no alembic executable in the environment's bin.
  execFileSync(python.python, ['-m', 'alembic', 'init', '-t', template, 'alembic'], { cwd: root, stdio: 'ignore' });
  const versions = join(root, 'alembic', 'versions');
  return { root, config: join(root, 'alembic.ini'), versions, files: () => readdirSync(versions).filter((name) => name.endsWith('.py')).sort() };
}

describe('compatibility matrix: every operation through the full cycle, then verify, on one combination per axis value', () => {
  const servers = new Map<ServerName, LocalServer>();

  beforeAll(async () => {
    for (const name of Object.keys(MATRIX_SERVER_BINARIES) as MatrixServer[]) servers.set(name, await startMatrixServer(name));
  });
  afterAll(async () => {
    for (const server of servers.values()) await server.stop();
  });

  it.each(COMBINATIONS)('Alembic $alembic, SQLAlchemy $sqlalchemy, $driver, $server', async (combination) => {
    const url = combination.server === 'PostgreSQL 18' ? inject('adminUrl') : servers.get(combination.server)!.url;
    const major = combination.server.split(' ')[1]!;
    const version = await withClient(url, (client) => client.query<{ server_version: string }>('SHOW server_version'));
    if (combination.server !== 'PostgreSQL 18' || !process.env.DATABASE_URL) expect(version.rows[0]!.server_version).toMatch(new RegExp(`^${major}\\.`));
    const python = combination.python();
    expect(python.label).toMatch(combination.sqlalchemy === '1.4' ? /^alembic 1\.8\.\d+ \/ SQLAlchemy 1\.4\./ : new RegExp(`/ SQLAlchemy ${combination.sqlalchemy.replace('.', '\\.')}\\.`));

    // ruff comes from the suite's own environment; compiling and running use the one under test.
    const project = alembicInit(python, combination.template);
    await proveSpecCase(EVERY_OPERATION, { adminUrl: url, python, linter: inject('python'), project });

    // verify, on a history generate wrote in another project of the same kind, with --offline.
    const history = alembicInit(python, combination.template);
    for (const spec of ['history/001-create-users.yaml', 'history/002-create-assets.yaml', 'add-user-preferences.yaml']) {
      const made = runCli(['generate', '--spec', join(EXAMPLES, spec)], { cwd: history.root });
      expect(made.code, made.stderr).toBe(0);
    }
    const verified = runCli(['verify', '--alembic', python.python, '--database-url', url, '--offline', '--json'], { cwd: history.root, env: { DATABASE_URL: '' } });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    const report = JSON.parse(verified.stdout);
    expect(report.summary).toEqual({ total: 3, ok: 3, failed: 0, not_run: 0 });
    expect(report.server.version).toMatch(new RegExp(`^${major}\\.`));
  });
});
