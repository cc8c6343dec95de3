import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OperationName, RawOperation } from '../../src/operations/registry.js';
import type { CycleExpectations } from '../support/expect-cycle.js';
import type { ConflictingState, HandMadeState } from '../support/partial-state.js';

// For every operation, the states its migration must converge from or refuse (shape-matrix.test.ts
// runs each through the partial-state matrix with real Alembic, on tables that hold rows). Every
// prefix of the upgrade and of the downgrade is tried as well; these are the states no prefix of
// statements gives: made by hand, or by a failure inside a statement.

const SHOP = readFileSync(resolve(import.meta.dirname, '../fixtures/shop.sql'), 'utf8');

export interface ShapeCase {
  /** One migration whose only operation (or last one, after those it needs) is the operation under test. */
  readonly operations: readonly RawOperation[];
  readonly setupSql?: string;
  /** Rows every state must keep. */
  readonly rowsSql: string;
  readonly handMade?: readonly HandMadeState[];
  readonly conflicts?: readonly ConflictingState[];
  readonly downgradeConflicts?: readonly ConflictingState[];
  readonly expectations?: CycleExpectations;
}

const USERS = 'SELECT id, email, status::text, nickname FROM public.users ORDER BY id';
const AGAIN = 'then run the migration again';

/** One case per operation: a new operation without one is a compile error here. */
export const SHAPE_CASES: { readonly [N in OperationName]: ShapeCase } = {
  create_enum: {
    operations: [{ op: 'create_enum', name: 'severity', values: ['LOW', 'MID', 'HIGH'] }],
    setupSql: SHOP,
    rowsSql: USERS,
    handMade: [
      { name: 'the enum without one of its labels', sql: "CREATE TYPE public.severity AS ENUM ('LOW', 'HIGH')" },
      { name: 'the enum with its last label only', sql: "CREATE TYPE public.severity AS ENUM ('HIGH')" },
    ],
    conflicts: [
      { name: 'an enum with a label more', sql: "CREATE TYPE public.severity AS ENUM ('LOW', 'MID', 'HIGH', 'CRITICAL')", message: "enum public.severity exists with labels ('LOW', 'MID', 'HIGH', 'CRITICAL'), expected ('LOW', 'MID', 'HIGH')" },
      { name: 'an enum with its labels reordered', sql: "CREATE TYPE public.severity AS ENUM ('HIGH', 'MID', 'LOW')", message: "enum public.severity exists with labels ('HIGH', 'MID', 'LOW'), expected ('LOW', 'MID', 'HIGH')" },
      { name: 'a table of that name', sql: 'CREATE TABLE public.severity (id integer)', message: `type public.severity exists and is not an enum: rename or drop it, ${AGAIN}` },
    ],
    downgradeConflicts: [
      { name: 'a label added since', sql: "ALTER TYPE public.severity ADD VALUE 'CRITICAL'", message: "enum public.severity exists with labels ('LOW', 'MID', 'HIGH', 'CRITICAL')" },
    ],
  },

  create_table: {
    operations: [
      {
        op: 'create_table',
        table: 'incidents',
        comment: 'Incidents users report',
        columns: [
          { name: 'id', type: 'bigint', primary_key: true },
          { name: 'user_id', type: 'integer', nullable: false, references: { table: 'users', column: 'id', on_delete: 'CASCADE' } },
          { name: 'code', type: 'varchar(20)', nullable: false, unique: true },
          { name: 'severity', type: 'text', nullable: false, server_default: "'LOW'", check: "severity IN ('LOW', 'HIGH')" },
          { name: 'score', type: 'numeric(5,2)', comment: 'From 0' },
        ],
      },
    ],
    setupSql: SHOP,
    rowsSql: USERS,
    handMade: [
      { name: 'the table made by hand without its last columns and its constraints', sql: 'CREATE TABLE public.incidents (id bigint NOT NULL, user_id integer NOT NULL, code varchar(20) NOT NULL)' },
      {
        // Its rows stay: the last column is added (nullable: a catalog update), and the comments.
        name: 'the table with rows and its constraints, without its last column',
        sql: `CREATE TABLE public.incidents (
  id bigint CONSTRAINT pk_incidents PRIMARY KEY,
  user_id integer NOT NULL CONSTRAINT fk_incidents_user_id_users REFERENCES public.users (id) ON DELETE CASCADE,
  code varchar(20) NOT NULL CONSTRAINT uq_incidents_code UNIQUE,
  severity text NOT NULL DEFAULT 'LOW' CONSTRAINT ck_incidents_severity CHECK (severity IN ('LOW', 'HIGH'))
);
INSERT INTO public.incidents (id, user_id, code) VALUES (1, 1, 'A1')`,
      },
    ],
    conflicts: [
      { name: 'a table of that name with another column', sql: 'CREATE TABLE public.incidents (id bigint NOT NULL, note text)', message: `table public.incidents exists with column(s) note that this migration does not define: it is another table; rename or drop it, ${AGAIN}` },
      { name: 'code as text', sql: 'CREATE TABLE public.incidents (id bigint NOT NULL, user_id integer NOT NULL, code text NOT NULL)', message: `column public.incidents.code exists as text, expected character varying(20): convert it or drop it, ${AGAIN}` },
      { name: 'a view of that name', sql: 'CREATE VIEW public.incidents AS SELECT 1 AS id', message: `public.incidents exists and is not a table: rename or drop it, ${AGAIN}` },
      {
        name: 'a unique constraint of that name on another column',
        sql: 'CREATE TABLE public.incidents (id bigint NOT NULL, user_id integer NOT NULL, code varchar(20) NOT NULL CONSTRAINT uq_incidents_code_x UNIQUE, CONSTRAINT uq_incidents_code UNIQUE (user_id))',
        message: 'constraint uq_incidents_code of public.incidents exists as UNIQUE (user_id), expected UNIQUE (code)',
      },
      {
        name: 'the table with rows, without its unique constraint',
        sql: "CREATE TABLE public.incidents (id bigint NOT NULL, user_id integer NOT NULL, code varchar(20) NOT NULL);\nINSERT INTO public.incidents VALUES (1, 1, 'A1')",
        message: 'table public.incidents exists with rows and without its constraint(s) or index(es) pk_incidents, fk_incidents_user_id_users, uq_incidents_code, ck_incidents_severity',
      },
      {
        name: 'the table with rows, without a NOT NULL column that has no default',
        sql: "CREATE TABLE public.incidents (id bigint NOT NULL, user_id integer NOT NULL);\nINSERT INTO public.incidents VALUES (1, 1)",
        message: 'table public.incidents exists with rows and without its NOT NULL column(s) code (no default fills them)',
      },
    ],
  },

  add_column: {
    operations: [{ op: 'add_column', table: 'users', column: { name: 'preferences', type: 'jsonb', nullable: false, server_default: `'{"theme": "dark"}'::jsonb`, comment: 'UI settings' } }],
    setupSql: SHOP,
    rowsSql: USERS,
    handMade: [
      // The case: the first step of "add nullable, backfill, then NOT NULL" run by hand.
      { name: 'preferences added by hand as plain jsonb', sql: 'ALTER TABLE public.users ADD COLUMN preferences jsonb' },
      {
        name: 'a completion interrupted after its CHECK was added',
        sql: `ALTER TABLE public.users ADD COLUMN preferences jsonb DEFAULT '{"theme": "dark"}'::jsonb;\nALTER TABLE public.users ADD CONSTRAINT ck_users_preferences_not_null CHECK (preferences IS NOT NULL) NOT VALID`,
      },
    ],
    conflicts: [
      { name: 'preferences as text', sql: 'ALTER TABLE public.users ADD COLUMN preferences text', message: `column public.users.preferences exists as text, expected jsonb: convert it or drop it, ${AGAIN}` },
      { name: 'preferences with another default', sql: "ALTER TABLE public.users ADD COLUMN preferences jsonb DEFAULT '{}'::jsonb", message: `column public.users.preferences exists with DEFAULT '{}'::jsonb, expected DEFAULT '{"theme": "dark"}'::jsonb` },
    ],
    downgradeConflicts: [
      { name: 'preferences converted to text since', sql: 'ALTER TABLE public.users ALTER COLUMN preferences DROP DEFAULT, ALTER COLUMN preferences TYPE text', message: 'column public.users.preferences exists as text, expected jsonb' },
    ],
  },

  add_check: {
    operations: [{ op: 'add_check', table: 'users', name: 'ck_users_email', expression: "email LIKE '%@%'" }],
    setupSql: SHOP,
    rowsSql: USERS,
    conflicts: [
      { name: 'a check of that name with another expression', sql: "ALTER TABLE public.users ADD CONSTRAINT ck_users_email CHECK (email <> '')", message: "constraint ck_users_email of public.users exists as CHECK ((email <> ''::text)), expected CHECK ((email ~~ '%@%'::text))" },
    ],
    downgradeConflicts: [
      { name: 'replaced by another check of that name', sql: "ALTER TABLE public.users DROP CONSTRAINT ck_users_email, ADD CONSTRAINT ck_users_email CHECK (email <> '')", message: 'constraint ck_users_email of public.users exists as' },
    ],
  },

  create_index: {
    operations: [{ op: 'create_index', table: 'users', name: 'ix_users_email_lower', columns: [{ expression: 'lower(email)' }], unique: true, where: "status IN ('ACTIVE')" }],
    setupSql: SHOP,
    rowsSql: USERS,
    handMade: [
      {
        // A real interrupted build: the unique index cannot be built on a duplicate, and is left INVALID.
        name: 'an INVALID index a failed concurrent build left',
        sql: "INSERT INTO public.users (id, email) VALUES (99, 'ADA@example.com');\nCREATE UNIQUE INDEX CONCURRENTLY ix_users_email_lower ON public.users (lower(email)) WHERE status IN ('ACTIVE');\nDELETE FROM public.users WHERE id = 99",
        failing: true,
      },
    ],
    conflicts: [
      { name: 'an index of that name on another column', sql: 'CREATE INDEX ix_users_email_lower ON public.users (nickname)', message: 'index public.ix_users_email_lower exists as CREATE INDEX ix_users_email_lower ON public.users USING btree (nickname), expected CREATE UNIQUE INDEX' },
      { name: 'the index without its predicate', sql: 'CREATE UNIQUE INDEX ix_users_email_lower ON public.users (lower(email))', message: 'index public.ix_users_email_lower exists as CREATE UNIQUE INDEX ix_users_email_lower ON public.users USING btree (lower(email)), expected' },
      { name: 'an index of that name on another table', sql: 'CREATE INDEX ix_users_email_lower ON public.docs (title)', message: 'index public.ix_users_email_lower exists on docs, expected on public.users' },
    ],
    downgradeConflicts: [
      { name: 'rebuilt on another column since', sql: 'DROP INDEX public.ix_users_email_lower; CREATE INDEX ix_users_email_lower ON public.users (nickname)', message: 'index public.ix_users_email_lower exists as' },
    ],
  },

  add_unique: {
    operations: [{ op: 'add_unique', table: 'flows', columns: ['name'] }],
    setupSql: SHOP,
    rowsSql: 'SELECT id::text, name FROM public.flows ORDER BY id',
    handMade: [
      {
        name: 'an INVALID unique index a failed concurrent build left',
        sql: "INSERT INTO public.flows (id, name) VALUES ('00000000-0000-0000-0000-000000000009', 'one');\nCREATE UNIQUE INDEX CONCURRENTLY uq_flows_name ON public.flows (name);\nDELETE FROM public.flows WHERE id = '00000000-0000-0000-0000-000000000009'",
        failing: true,
      },
    ],
    conflicts: [
      { name: 'a unique constraint of that name on another column', sql: 'ALTER TABLE public.flows ADD CONSTRAINT uq_flows_name UNIQUE (id)', message: 'uq_flows_name' },
      { name: 'an index of that name on another column', sql: 'CREATE UNIQUE INDEX uq_flows_name ON public.flows (id)', message: 'index public.uq_flows_name exists as CREATE UNIQUE INDEX uq_flows_name ON public.flows USING btree (id), expected' },
    ],
  },

  add_foreign_key: {
    operations: [{ op: 'add_foreign_key', table: 'flow_steps', columns: ['flow_id'], references: { table: 'flows', columns: ['id'] }, on_delete: 'CASCADE', name: 'fk_steps_flow' }],
    setupSql: SHOP,
    rowsSql: 'SELECT id, flow_id::text, position FROM public.flow_steps ORDER BY id',
    conflicts: [
      {
        name: 'a foreign key of that name to another table',
        sql: 'CREATE TABLE public.other_flows (id uuid PRIMARY KEY);\nALTER TABLE public.flow_steps ADD CONSTRAINT fk_steps_flow FOREIGN KEY (flow_id) REFERENCES public.other_flows (id) NOT VALID',
        message: 'constraint fk_steps_flow of public.flow_steps exists as FOREIGN KEY (flow_id) REFERENCES other_flows(id) NOT VALID, expected FOREIGN KEY (flow_id) REFERENCES public.flows(id) ON UPDATE NO ACTION ON DELETE CASCADE',
      },
      { name: 'the foreign key without its action', sql: 'ALTER TABLE public.flow_steps ADD CONSTRAINT fk_steps_flow FOREIGN KEY (flow_id) REFERENCES public.flows (id)', message: 'constraint fk_steps_flow of public.flow_steps exists as FOREIGN KEY (flow_id) REFERENCES flows(id), expected' },
    ],
  },

  add_enum_value: {
    operations: [{ op: 'add_enum_value', enum: 'user_status', value: 'LOCKED', after: 'ACTIVE' }],
    setupSql: SHOP,
    rowsSql: USERS,
    conflicts: [
      { name: 'the label at the end', sql: "ALTER TYPE public.user_status ADD VALUE 'LOCKED'", message: "enum public.user_status has 'LOCKED' elsewhere: its labels are ('ACTIVE', 'INACTIVE', 'LOCKED'), expected it AFTER 'ACTIVE'" },
    ],
  },

  drop_column: {
    operations: [{ op: 'drop_column', table: 'users', column: { name: 'is_published', type: 'boolean', nullable: false, server_default: 'false' } }],
    setupSql: SHOP,
    rowsSql: USERS,
    expectations: { columnsMayMoveToEnd: true },
    downgradeConflicts: [
      { name: 'a column of that name and another type added since', sql: 'ALTER TABLE public.users ADD COLUMN is_published text', message: 'column public.users.is_published exists as text, expected boolean' },
    ],
  },

  rename_column: {
    operations: [{ op: 'rename_column', table: 'users', from: 'nickname', to: 'display_name' }],
    setupSql: SHOP,
    rowsSql: 'SELECT id, email FROM public.users ORDER BY id',
    conflicts: [
      { name: 'the new name taken', sql: 'ALTER TABLE public.users ADD COLUMN display_name text', message: `columns public.users.nickname and public.users.display_name both exist, and this migration renames the first to the second` },
    ],
    downgradeConflicts: [
      { name: 'the old name taken since', sql: 'ALTER TABLE public.users ADD COLUMN nickname text', message: 'columns public.users.display_name and public.users.nickname both exist' },
    ],
  },

  alter_column: {
    operations: [
      // One operation: a conflict must leave the catalog as it was, and an operation before it would have changed it.
      { op: 'alter_column', table: 'docs', column: 'id', type: 'varchar(36)', using: 'id::text', from_type: 'uuid', from_using: 'id::uuid' },
    ],
    setupSql: SHOP,
    rowsSql: 'SELECT id::text, title FROM public.docs ORDER BY 1',
    conflicts: [
      { name: 'the column converted to another type by hand', sql: 'ALTER TABLE public.docs ALTER COLUMN id TYPE text', message: 'column public.docs.id exists as text, expected uuid (before this migration) or character varying(36) (after it)' },
    ],
    downgradeConflicts: [
      { name: 'the column converted to another type since', sql: 'ALTER TABLE public.docs ALTER COLUMN id TYPE text', message: 'column public.docs.id exists as text, expected uuid (before this migration) or character varying(36) (after it)' },
    ],
  },

  drop_table: {
    operations: [{ op: 'drop_table', table: 'temp_imports', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'payload', type: 'jsonb', nullable: false, server_default: "'{}'" }] }],
    setupSql: SHOP,
    rowsSql: USERS,
    downgradeConflicts: [
      { name: 'another table of that name made since', sql: 'CREATE TABLE public.temp_imports (id bigint, source text)', message: 'table public.temp_imports exists with column(s) source that this migration does not define' },
      { name: 'a table of that name with payload as text', sql: 'CREATE TABLE public.temp_imports (id bigint NOT NULL, payload text)', message: 'column public.temp_imports.payload exists as text, expected jsonb' },
    ],
  },

  drop_index: {
    operations: [{ op: 'drop_index', name: 'ix_docs_title', table: 'docs', columns: ['title'], where: 'title IS NOT NULL' }],
    setupSql: SHOP,
    rowsSql: USERS,
    downgradeConflicts: [
      { name: 'another index of that name made since', sql: 'CREATE INDEX ix_docs_title ON public.docs (id)', message: 'index public.ix_docs_title exists as CREATE INDEX ix_docs_title ON public.docs USING btree (id), expected' },
    ],
  },

  drop_constraint: {
    operations: [{ op: 'drop_constraint', table: 'flow_steps', name: 'ck_flow_steps_position', definition: 'CHECK (position > 0)' }],
    setupSql: SHOP,
    rowsSql: 'SELECT id, flow_id::text, position FROM public.flow_steps ORDER BY id',
    downgradeConflicts: [
      { name: 'another check of that name made since', sql: 'ALTER TABLE public.flow_steps ADD CONSTRAINT ck_flow_steps_position CHECK (position >= 0)', message: 'constraint ck_flow_steps_position of public.flow_steps exists as CHECK (("position" >= 0)), expected CHECK (("position" > 0))' },
    ],
  },

  execute: {
    // The user's own SQL: its statements are run as written; every prefix must still converge.
    operations: [
      {
        op: 'execute',
        upgrade: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_nickname ON public.users (nickname);\nUPDATE public.users SET nickname = upper(nickname) WHERE nickname <> upper(nickname);',
        downgrade: 'UPDATE public.users SET nickname = lower(nickname);\nDROP INDEX CONCURRENTLY IF EXISTS public.ix_users_nickname;',
      },
    ],
    setupSql: SHOP,
    rowsSql: USERS,
  },
};

/** More cases, for changes of an operation its case above leaves out, by name. */
const MORE_SHAPE_CASES: Readonly<Record<string, ShapeCase>> = {
  'alter_column default': {
    operations: [{ op: 'alter_column', table: 'users', column: 'status', server_default: "'INACTIVE'", from_server_default: "'ACTIVE'" }],
    setupSql: SHOP,
    rowsSql: USERS,
    conflicts: [
      {
        name: 'the default dropped by hand',
        sql: 'ALTER TABLE public.users ALTER COLUMN status DROP DEFAULT',
        message: `column public.users.status exists with no default, expected DEFAULT 'ACTIVE'::user_status (before this migration) or DEFAULT 'INACTIVE'::user_status (after it): change it, ${AGAIN}`,
      },
    ],
    downgradeConflicts: [
      { name: 'the default changed since', sql: "ALTER TABLE public.users ALTER COLUMN status SET DEFAULT 'ACTIVE'::text::public.user_status", message: 'column public.users.status exists with DEFAULT' },
    ],
  },
};

/** Every case the matrix runs, by name: one per operation, then the others. */
export const ALL_SHAPE_CASES: readonly [string, ShapeCase][] = Object.entries({ ...SHAPE_CASES, ...MORE_SHAPE_CASES });
