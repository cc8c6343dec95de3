import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { createAlembicProject, type AlembicProject } from '../support/alembic-project.js';
import { runDriver } from '../support/alembic-driver.js';
import { createDatabase } from '../support/databases.js';
import { expectConvergentCycle } from '../support/expect-cycle.js';
import { generateFromSpec, refusedSpec } from '../support/generate-case.js';
import { runMigrationCycle } from '../support/migration-cycle.js';
import { lintPython } from '../support/python-lint.js';

const adminUrl = inject('adminUrl');
const python = inject('python');

/** A history written by generate: flows (uuid key named flow_id), users, an enum, an index and constraints. */
function historyProject(): { project: AlembicProject; revisions: string[] } {
  const project = createAlembicProject();
  const first = generateFromSpec(project, {
    message: 'create flows and users',
    operations: [
      { op: 'create_enum', name: 'user_status', values: ['ACTIVE', 'INACTIVE'] },
      { op: 'create_table', table: 'flows', columns: [{ name: 'flow_id', type: 'uuid', primary_key: true, server_default: 'gen_random_uuid()' }, { name: 'name', type: 'varchar(80)', nullable: false }] },
      {
        op: 'create_table',
        table: 'users',
        columns: [
          { name: 'id', type: 'bigint', primary_key: true },
          { name: 'email', type: 'varchar(255)', nullable: false, unique: true, comment: 'Login' },
          { name: 'status', type: 'user_status', nullable: false, server_default: "'ACTIVE'" },
          { name: 'age', type: 'smallint', check: 'age >= 0', server_default: '0' },
        ],
      },
      { op: 'create_index', table: 'users', columns: ['status', 'age'], where: 'age > 17' },
    ],
  }, 'first.json');
  return { project, revisions: [first.revision] };
}

describe('the schema the history describes (no database)', () => {
  it('refuses a foreign key whose type differs from the referenced column, naming both types', () => {
    const { project } = historyProject();
    const stderr = refusedSpec(project, {
      message: 'steps',
      operations: [{ op: 'create_table', table: 'flow_steps', columns: [{ name: 'id', type: 'integer', primary_key: true }, { name: 'flow_id', type: 'integer', references: { table: 'flows' } }] }],
    });
    expect(stderr).toContain('operations[0].columns[1].type: type integer of flow_id does not match public.flows.flow_id, which is uuid; a foreign key needs the same type on both sides');
  });

  it('refuses add_foreign_key between columns of different types, typmod included', () => {
    const { project } = historyProject();
    generateFromSpec(project, { message: 'audit', operations: [{ op: 'create_table', table: 'audit', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'email', type: 'varchar(200)' }] }] }, 'audit.json');
    const stderr = refusedSpec(project, {
      message: 'link audit',
      operations: [{ op: 'add_foreign_key', table: 'audit', columns: ['email'], references: { table: 'users', columns: ['email'] } }],
    });
    expect(stderr).toContain('operations[0].columns[0]: type varchar(200) of email does not match public.users.email, which is varchar(255)');
  });

  it('takes a referencing column\'s type from the referenced column, and the key when only a table is named', () => {
    const { project } = historyProject();
    const { text } = generateFromSpec(project, {
      message: 'steps',
      operations: [{ op: 'create_table', table: 'flow_steps', columns: [{ name: 'id', type: 'integer', primary_key: true }, { name: 'flow_id', nullable: false, references: { table: 'flows', on_delete: 'CASCADE' } }] }],
    });
    expect(text).toContain('flow_id uuid NOT NULL');
    expect(text).toContain('FOREIGN KEY (flow_id) REFERENCES public.flows (flow_id) ON DELETE CASCADE');
  });

  it.each([
    ['a table that exists', { op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'int' }] }, 'operations[0].table: table "users" cannot be created: a table of that name already exists in public (according to the history\'s specs)'],
    ['a column that exists', { op: 'add_column', table: 'users', column: { name: 'email', type: 'text' } }, 'operations[0].column.name: column "email" already exists in public.users'],
    ['an enum that exists', { op: 'create_enum', name: 'user_status', values: ['A'] }, 'operations[0].name: enum "user_status" cannot be created: a type of that name already exists in public'],
    ['a constraint name that exists', { op: 'add_check', table: 'users', name: 'ck_users_age', expression: 'age < 200' }, 'operations[0]: constraint "ck_users_age" already exists on public.users'],
    ['an index name that exists', { op: 'create_index', table: 'users', name: 'ix_users_status_age', columns: ['email'] }, 'operations[0].name: index "ix_users_status_age" cannot be created: an index of that name already exists'],
    ['renaming a column that does not exist', { op: 'rename_column', table: 'users', from: 'mail', to: 'email_address' }, 'operations[0].from: column "mail" does not exist in public.users'],
    ['renaming onto a column that exists', { op: 'rename_column', table: 'users', from: 'age', to: 'email' }, 'operations[0].to: column "email" already exists in public.users'],
    ['altering a column that does not exist', { op: 'alter_column', table: 'users', column: 'nickname', nullable: false }, 'operations[0].column: column "nickname" does not exist in public.users'],
    ['dropping a column that does not exist', { op: 'drop_column', table: 'users', column: 'nickname' }, 'column "nickname" does not exist in public.users'],
    ['adding an enum label that exists', { op: 'add_enum_value', enum: 'user_status', value: 'ACTIVE' }, 'operations[0].value: "ACTIVE" is already a label of public.user_status'],
    ['placing a label after one that does not exist', { op: 'add_enum_value', enum: 'user_status', value: 'LOCKED', after: 'GONE' }, 'operations[0].after: "GONE" is not a label of public.user_status; its labels are ACTIVE, INACTIVE'],
  ])('refuses %s', (_name, operation, message) => {
    const { project } = historyProject();
    expect(refusedSpec(project, { message: 'change', operations: [operation] })).toContain(message);
  });

  it('lets a column use an enum an earlier migration created, and warns when labels mix cases', () => {
    const { project } = historyProject();
    const { text, stderr } = generateFromSpec(project, {
      message: 'status history',
      operations: [
        { op: 'create_table', table: 'status_changes', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'to_status', type: 'user_status', nullable: false }] },
        { op: 'add_enum_value', enum: 'user_status', value: 'locked' },
      ],
    });
    expect(text).toContain('to_status public.user_status NOT NULL');
    expect(stderr).toContain("warning: operations[1].value: enum user_status mixes UPPERCASE and lowercase labels; SQLAlchemy's Enum sends member names");
  });

  it('--no-schema-checks lets a spec through that the known schema contradicts', () => {
    const { project } = historyProject();
    generateFromSpec(project, { message: 'again', operations: [{ op: 'add_column', table: 'users', column: { name: 'email', type: 'text' } }] }, 'again.json', ['--no-schema-checks']);
  });
});

describe('downgrades taken from the known schema, proven with real Alembic', () => {
  // A NOT NULL column without a default cannot come back on a table that holds rows (its data is
  // gone), so that case runs on an empty table; generate warns about it.
  it.each([
    ['drop_column with only a name restores the exact column, its unique constraint, comment and index', { op: 'drop_column', table: 'users', column: 'email' }, true, false],
    ['drop_column restores a column with its check and the multi-column index it was in', { op: 'drop_column', table: 'users', column: 'age' }, true, true],
    ['drop_table with only a name restores the table with its keys, constraints and indexes', { op: 'drop_table', table: 'users' }, false, true],
    ['alter_column without from_type restores the old type', { op: 'alter_column', table: 'users', column: 'email', type: 'text', using: 'email::text' }, false, true],
    ['alter_column without from_server_default restores the old default', { op: 'alter_column', table: 'users', column: 'status', server_default: "'INACTIVE'" }, false, true],
    ['drop_index with only a name re-creates the index', { op: 'drop_index', name: 'ix_users_status_age' }, false, true],
    ['drop_constraint with only a name re-adds the constraint', { op: 'drop_constraint', table: 'users', name: 'uq_users_email' }, false, true],
  ])('%s', async (_name, operation, columnMoves, withRows) => {
    const { project, revisions } = historyProject();
    const generated = generateFromSpec(project, { message: 'change from the known schema', operations: [operation] });
    expect(generated.text).not.toContain('NotImplementedError');
    expect(lintPython(python, [generated.path])).toEqual([]);
    const snapshots = await runMigrationCycle({
      project,
      adminUrl,
      python,
      revision: generated.revision,
      previous: revisions[0]!,
      ...(withRows && { setupSql: "INSERT INTO public.users (id, email, status, age) VALUES (1, 'ada@example.com', 'ACTIVE', 36)" }),
    });
    expectConvergentCycle(snapshots, { columnsMayMoveToEnd: columnMoves });
    if (!withRows) expect(generated.stderr).toContain('the downgrade re-adds email NOT NULL without a default, which fails once users has rows');
  });
});

describe('a live database (--database-url)', () => {
  const SCHEMA = `
    CREATE TABLE public.accounts (account_ref varchar(36) PRIMARY KEY, name text NOT NULL);
    CREATE TABLE public.invoices (
      id bigint PRIMARY KEY,
      account_ref varchar(36) NOT NULL,
      amount numeric(12,2) NOT NULL DEFAULT 0 CONSTRAINT ck_invoices_amount CHECK (amount >= 0),
      note text
    );
    COMMENT ON COLUMN public.invoices.amount IS 'in cents';
    CREATE INDEX ix_invoices_amount ON public.invoices (amount DESC) WHERE note IS NULL;
  `;

  async function databaseWith(sql: string): Promise<string> {
    const database = await createDatabase(adminUrl);
    onTestFinished(() => database.drop());
    runDriver(python, { config: createAlembicProject().config, url: database.url, steps: [{ sql: [sql] }] });
    return database.url;
  }

  it('refuses a foreign key whose type differs from the live referenced key, and infers it otherwise', async () => {
    const url = await databaseWith(SCHEMA);
    const project = createAlembicProject();
    const stderr = refusedSpec(project, { message: 'link', operations: [{ op: 'add_foreign_key', table: 'invoices', columns: ['id'], references: { table: 'accounts' } }] }, ['--database-url', url]);
    expect(stderr).toContain("operations[0].columns[0]: type bigint of id does not match public.accounts.account_ref, which is varchar(36); a foreign key needs the same type on both sides");
    const { text } = generateFromSpec(project, { message: 'payments', operations: [{ op: 'create_table', table: 'payments', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'account_ref', references: { table: 'accounts' } }] }] }, 'ok.json', ['--database-url', url]);
    expect(text).toContain('account_ref varchar(36)');
  });

  it('refuses what the database contradicts: a missing table, an existing column', async () => {
    const url = await databaseWith(SCHEMA);
    const project = createAlembicProject();
    expect(refusedSpec(project, { message: 'x', operations: [{ op: 'add_column', table: 'ledger', column: { name: 'a', type: 'text' } }] }, ['--database-url', url])).toContain(
      'operations[0].table: table "public.ledger" does not exist (according to the database)',
    );
    expect(refusedSpec(project, { message: 'x', operations: [{ op: 'add_column', table: 'invoices', column: { name: 'note', type: 'text' } }] }, ['--database-url', url])).toContain(
      'column "note" already exists in public.invoices (according to the database)',
    );
  });

  it('drop_column with only a name restores exactly what the database had, proven by the cycle', async () => {
    const url = await databaseWith(SCHEMA);
    const project = createAlembicProject();
    const generated = generateFromSpec(project, { message: 'drop amount', operations: [{ op: 'drop_column', table: 'invoices', column: 'amount' }] }, 'drop.json', ['--database-url', url]);
    expect(generated.text).toContain("COMMENT ON COLUMN public.invoices.amount IS 'in cents'");
    const snapshots = await runMigrationCycle({ project, adminUrl, python, revision: generated.revision, previous: 'base', setupSql: SCHEMA });
    expectConvergentCycle(snapshots, { columnsMayMoveToEnd: true });
  });

  it('warns about drift between the history and the database, and goes by the database', async () => {
    const { project } = historyProject();
    const url = await databaseWith(`
      CREATE TYPE public.user_status AS ENUM ('ACTIVE', 'INACTIVE', 'BANNED');
      CREATE TABLE public.flows (flow_id uuid PRIMARY KEY, name varchar(80) NOT NULL);
      CREATE TABLE public.users (id bigint PRIMARY KEY, email text NOT NULL, status public.user_status NOT NULL, age smallint);
    `);
    const { stderr } = generateFromSpec(project, { message: 'bio', operations: [{ op: 'add_column', table: 'users', column: { name: 'bio', type: 'text' } }] }, 'bio.json', ['--database-url', url]);
    expect(stderr).toContain('warning: drift: column public.users.email is varchar(255) in the history\'s specs but text in the database; the database wins');
    expect(stderr).toContain('warning: drift: enum public.user_status has labels ACTIVE, INACTIVE in the history\'s specs but ACTIVE, INACTIVE, BANNED in the database; the database wins');
  });
});
