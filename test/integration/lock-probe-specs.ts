// The migrations the lock probe runs (test/integration/lock-probe.test.ts), on the tables SETUP
// fills with rows: every operation and option in its default (safe) form, every opt-out of a
// safe form, and what is blocking by nature. The data satisfies every constraint they add.

export const PROBE_SETUP = `
CREATE TYPE probe_status AS ENUM ('ACTIVE', 'INACTIVE');
CREATE TABLE parents (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO parents SELECT g, 'p' || g FROM generate_series(0, 999) g;
CREATE TABLE items (
    id bigint PRIMARY KEY,
    parent_id bigint,
    code text,
    amount integer NOT NULL,
    note varchar(100),
    status probe_status NOT NULL DEFAULT 'ACTIVE',
    obsolete text,
    tags text
);
INSERT INTO items
SELECT g, g % 1000, 'c' || g, g % 500, CASE WHEN g % 10 = 0 THEN NULL ELSE 'n' || g END,
       CASE WHEN g % 3 = 0 THEN 'INACTIVE' ELSE 'ACTIVE' END::probe_status, 'o', 't'
FROM generate_series(1, 60000) g;
CREATE INDEX ix_items_amount ON items (amount);
CREATE INDEX ix_items_active ON items (id) WHERE status = 'ACTIVE';
CREATE INDEX ix_items_inactive ON items ((status = 'INACTIVE'));
ALTER TABLE items ADD CONSTRAINT ck_items_amount CHECK (amount >= 0);
ALTER TABLE items ADD CONSTRAINT ck_items_status CHECK (status <> 'INACTIVE' OR amount >= 0);
ALTER TABLE items ADD CONSTRAINT uq_items_code UNIQUE (code);
ALTER TABLE items ADD CONSTRAINT fk_items_parent FOREIGN KEY (parent_id) REFERENCES parents (id);
ALTER TABLE items ADD CONSTRAINT uq_items_code_amount UNIQUE (code) INCLUDE (amount);
CREATE TABLE logs (at timestamptz NOT NULL DEFAULT now(), line text);
INSERT INTO logs SELECT now(), 'l' || g FROM generate_series(1, 20000) g;
CREATE TABLE old_things (id bigint PRIMARY KEY, payload text);
INSERT INTO old_things SELECT g, 'x' FROM generate_series(1, 1000) g;
`;

/** The tables the probe watches, and the ones the second connection reads and writes (by `id`). */
export const PROBED_TABLES = ['parents', 'items', 'logs', 'old_things'] as const;
export const TRAFFIC = [
  { name: 'items', rows: 60000 },
  { name: 'parents', rows: 999 },
] as const;

export interface ProbeSpec {
  readonly name: string;
  readonly spec: Record<string, unknown>;
}

export const PROBE_SPECS: readonly ProbeSpec[] = [
  {
    name: 'every operation in its default form',
    spec: {
      message: 'safe defaults',
      operations: [
        { op: 'create_enum', name: 'probe_kind', values: ['A', 'B'] },
        { op: 'create_table', table: 'children', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'parent_id', type: 'bigint', references: { table: 'parents', column: 'id' } }, { name: 'kind', type: 'probe_kind' }] },
        { op: 'create_index', table: 'children', columns: ['kind'] },
        { op: 'add_column', table: 'items', column: { name: 'c_note', type: 'text', comment: 'a note' } },
        { op: 'add_column', table: 'items', column: { name: 'c_flag', type: 'boolean', nullable: false, server_default: 'false' } },
        { op: 'add_column', table: 'items', column: { name: 'c_ref', type: 'bigint', unique: true, check: 'c_ref > 0', references: { table: 'parents', column: 'id' } } },
        { op: 'add_check', table: 'items', name: 'ck_items_amount_max', expression: 'amount < 1000' },
        { op: 'create_index', table: 'items', name: 'ix_items_code_amount', columns: ['code', 'amount'] },
        { op: 'add_unique', table: 'items', name: 'uq_items_id_amount', columns: ['id', 'amount'] },
        { op: 'add_foreign_key', table: 'items', name: 'fk_items_parent_again', columns: ['parent_id'], references: { table: 'parents', columns: ['id'] } },
        { op: 'alter_column', table: 'items', column: 'note', nullable: false, backfill: "'none'" },
        { op: 'alter_column', table: 'items', column: 'tags', server_default: "'t'", from_server_default: null },
        { op: 'alter_column', table: 'parents', column: 'name', nullable: true },
        { op: 'rename_column', table: 'items', from: 'obsolete', to: 'retired' },
        { op: 'drop_column', table: 'items', column: { name: 'retired', type: 'text' } },
        { op: 'drop_index', name: 'ix_items_amount', table: 'items', columns: ['amount'] },
        { op: 'drop_constraint', table: 'items', name: 'ck_items_amount', definition: 'CHECK (amount >= 0)' },
        { op: 'drop_constraint', table: 'items', name: 'uq_items_code', definition: 'UNIQUE (code)' },
        { op: 'drop_constraint', table: 'items', name: 'fk_items_parent', definition: 'FOREIGN KEY (parent_id) REFERENCES public.parents (id)' },
        { op: 'drop_table', table: 'old_things', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'payload', type: 'text' }] },
        { op: 'execute', upgrade: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_logs_line ON public.logs (line)', downgrade: 'DROP INDEX CONCURRENTLY IF EXISTS public.ix_logs_line' },
      ],
    },
  },
  {
    name: 'every safe form opted out of',
    spec: {
      message: 'opted out',
      operations: [
        { op: 'create_index', table: 'items', name: 'ix_items_amount_id', columns: ['amount', 'id'], concurrently: false },
        { op: 'add_check', table: 'items', name: 'ck_items_amount_small', expression: 'amount < 2000', not_valid: false },
        { op: 'add_foreign_key', table: 'items', name: 'fk_items_parent_blocking', columns: ['parent_id'], references: { table: 'parents', columns: ['id'] }, not_valid: false },
        { op: 'add_unique', table: 'items', name: 'uq_items_code_id', columns: ['code', 'id'], concurrently: false },
        { op: 'alter_column', table: 'items', column: 'note', nullable: false, backfill: "'x'", not_valid: false },
        { op: 'add_column', table: 'items', column: { name: 'c2', type: 'text', unique: true, check: "c2 <> ''" }, not_valid: false, concurrently: false },
        { op: 'drop_index', name: 'ix_items_amount', table: 'items', columns: ['amount'], concurrently: false },
        { op: 'alter_column', table: 'items', column: 'amount', nullable: true, not_valid: false },
      ],
    },
  },
  {
    name: 'what is blocking by nature',
    spec: {
      message: 'blocking by nature',
      operations: [
        { op: 'add_column', table: 'items', column: { name: 'token', type: 'uuid', server_default: 'gen_random_uuid()' } },
        { op: 'add_column', table: 'items', column: { name: 'seq', type: 'bigserial' } },
        { op: 'add_column', table: 'logs', column: { name: 'id', type: 'bigserial', primary_key: true } },
        { op: 'alter_column', table: 'items', column: 'amount', type: 'bigint', from_type: 'integer' },
        { op: 'alter_column', table: 'items', column: 'note', type: 'varchar(200)', from_type: 'varchar(100)' },
        { op: 'add_enum_value', enum: 'probe_status', value: 'LOCKED', after: 'ACTIVE' },
        { op: 'drop_constraint', table: 'items', name: 'uq_items_code_amount', definition: 'UNIQUE (code) INCLUDE (amount)' },
      ],
    },
  },
];
