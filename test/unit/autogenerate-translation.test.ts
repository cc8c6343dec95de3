import { describe, expect, it } from 'vitest';
import type { Change, Comparison, ModelColumn, ModelType } from '../../src/autogenerate/comparison.js';
import { AutogenerateRefused } from '../../src/autogenerate/findings.js';
import { specFromComparison } from '../../src/autogenerate/spec-from-comparison.js';
import { DEFAULT_NAMING } from '../../src/sql/derived-names.js';

// The translation from Alembic's comparison (as the bridge reports it) to a spec, case by case:
// pure functions, so each rule is pinned without a database.

const BUILTIN = { exists: true, schema: 'pg_catalog' };
const TYPES: Comparison['types'] = {
  UUID: BUILTIN,
  TEXT: BUILTIN,
  INTEGER: BUILTIN,
  BIGINT: BUILTIN,
  'VARCHAR(64)': BUILTIN,
  'NUMERIC(10, 2)': BUILTIN,
  'FLOAT(24)': BUILTIN,
  'TIMESTAMP WITH TIME ZONE': BUILTIN,
  'VECTOR(3)': { exists: true, schema: 'public' },
  CITEXT: { exists: false, schema: null },
};

function comparison(changes: Change[], extra: Partial<Comparison> = {}): Comparison {
  return { default_schema: 'public', changes, model_enums: [], database_enums: [], types: TYPES, refusals: [], ...extra };
}

const type = (sql: string): ModelType => ({ sql });
const enumType = (name: string, schema = 'public', array = 0): ModelType => ({ sql: name, enum: { schema, name }, array });

function column(name: string, overrides: Partial<ModelColumn> = {}): ModelColumn {
  return { name, type: type('TEXT'), nullable: true, primary_key: false, server_default: null, comment: null, ...overrides };
}

const ID = column('id', { type: type('UUID'), nullable: false, primary_key: true, server_default: 'gen_random_uuid()' });

function spec(changes: Change[], extra: Partial<Comparison> = {}) {
  return specFromComparison(comparison(changes, extra), { message: 'm', naming: DEFAULT_NAMING });
}

function operations(changes: Change[], extra: Partial<Comparison> = {}): unknown[] {
  return spec(changes, extra).spec!.operations as unknown[];
}

function refusals(changes: Change[], extra: Partial<Comparison> = {}): readonly string[] {
  try {
    spec(changes, extra);
  } catch (error) {
    if (error instanceof AutogenerateRefused) return error.refusals;
    throw error;
  }
  throw new Error('expected a refusal');
}

const onTable = { schema: 'public', table: 't' } as const;

describe('tables', () => {
  it('keeps an unnamed one-column unique constraint and foreign key on their columns, and adds named or composite ones after the table', () => {
    const change: Change = {
      kind: 'create_table',
      ...onTable,
      comment: 'Things',
      columns: [ID, column('a'), column('b'), column('owner_id', { type: type('UUID'), nullable: false })],
      constraints: [
        { kind: 'primary_key', name: null, columns: ['id'] },
        { kind: 'unique', name: null, columns: ['a'] },
        { kind: 'unique', name: 'uq_t_pair', columns: ['a', 'b'] },
        { kind: 'check', name: null, expression: 'length(a) > 0' },
        { kind: 'foreign_key', name: null, columns: ['owner_id'], ref_schema: 'public', ref_table: 'owners', ref_columns: ['id'], ondelete: 'cascade', onupdate: null },
        { kind: 'foreign_key', name: 'fk_t_b', columns: ['b'], ref_schema: 'other', ref_table: 'names', ref_columns: ['name'], ondelete: null, onupdate: 'CASCADE' },
      ],
    };
    expect(operations([change])).toEqual([
      {
        op: 'create_table',
        table: 't',
        comment: 'Things',
        columns: [
          { name: 'id', type: 'uuid', primary_key: true, server_default: 'gen_random_uuid()' },
          { name: 'a', type: 'text', unique: true },
          { name: 'b', type: 'text' },
          { name: 'owner_id', type: 'uuid', nullable: false, references: { table: 'owners', column: 'id', on_delete: 'CASCADE' } },
        ],
      },
      { op: 'add_unique', table: 't', columns: ['a', 'b'], name: 'uq_t_pair' },
      { op: 'add_check', table: 't', expression: 'length(a) > 0' },
      { op: 'add_foreign_key', table: 't', columns: ['b'], references: { table: 'names', columns: ['name'], schema: 'other' }, on_update: 'CASCADE', name: 'fk_t_b' },
    ]);
  });

  it('adds a foreign key to a table created later in the same migration after that table', () => {
    const first: Change = {
      kind: 'create_table',
      ...onTable,
      comment: null,
      columns: [ID, column('next_id', { type: type('UUID') })],
      constraints: [{ kind: 'foreign_key', name: null, columns: ['next_id'], ref_schema: 'public', ref_table: 'u', ref_columns: ['id'], ondelete: null, onupdate: null }],
    };
    const second: Change = { kind: 'create_table', schema: 'public', table: 'u', comment: null, columns: [ID], constraints: [] };
    expect(operations([first, second]).map((operation) => (operation as { op: string }).op)).toEqual(['create_table', 'create_table', 'add_foreign_key']);
  });

  it('writes SERIAL where SQLAlchemy would, and warns when the models name a primary key as no spec can', () => {
    const change: Change = {
      kind: 'create_table',
      ...onTable,
      comment: null,
      columns: [column('id', { type: type('INTEGER'), nullable: false, primary_key: true, serial: 'serial' })],
      constraints: [{ kind: 'primary_key', name: 't_pkey', columns: ['id'] }],
    };
    const result = spec([change]);
    expect((result.spec!.operations as { columns: unknown[] }[])[0]!.columns).toEqual([{ name: 'id', type: 'serial', primary_key: true }]);
    expect(result.warnings).toEqual([{ path: 'table t', message: 'the models name its primary key t_pkey, but a spec names it pk_t (naming.primary_key in the configuration sets the pattern)' }]);
  });

  it('drops tables, columns, indexes and constraints by name: their definitions come from the database the spec is read against', () => {
    expect(
      operations([
        { kind: 'drop_index', ...onTable, name: 'ix_t_a' },
        { kind: 'drop_constraint', ...onTable, name: 'fk_t_b' },
        { kind: 'drop_column', ...onTable, column: column('a') },
        { kind: 'drop_table', schema: 'public', table: 'old', columns: [ID] },
      ]),
    ).toEqual([
      { op: 'drop_index', name: 'ix_t_a' },
      { op: 'drop_constraint', table: 't', name: 'fk_t_b' },
      { op: 'drop_column', table: 't', column: 'a' },
      { op: 'drop_table', table: 'old' },
    ]);
  });
});

describe('types', () => {
  it('names built-in types as a spec does, an extension type the database has in extension_types, and refuses a type it lacks', () => {
    const result = spec([
      { kind: 'add_column', ...onTable, column: column('a', { type: type('TIMESTAMP WITH TIME ZONE') }) },
      { kind: 'add_column', ...onTable, column: column('b', { type: type('NUMERIC(10, 2)') }) },
      { kind: 'add_column', ...onTable, column: column('c', { type: type('FLOAT(24)') }) },
      { kind: 'add_column', ...onTable, column: column('d', { type: type('VECTOR(3)') }) },
    ]);
    expect(result.spec!.extension_types).toEqual(['vector']);
    expect((result.spec!.operations as { column: { type: string } }[]).map((operation) => operation.column.type)).toEqual(['timestamptz', 'numeric(10,2)', 'real', 'vector(3)']);
    expect(refusals([{ kind: 'add_column', ...onTable, column: column('e', { type: type('CITEXT') }) }])).toEqual([
      "column t.e: type CITEXT does not exist in the database at the history's head (an extension's type needs CREATE EXTENSION in an earlier migration)",
    ]);
  });

  it('refuses identity, generated and sequence columns, naming each', () => {
    expect(
      refusals([
        { kind: 'add_column', ...onTable, column: column('a', { type: type('BIGINT'), identity: true }) },
        { kind: 'add_column', ...onTable, column: column('b', { computed: 'a * 2' }) },
        { kind: 'add_column', ...onTable, column: column('c', { type: type('INTEGER'), sequence: 'c_seq' }) },
      ]),
    ).toEqual([
      'column t.a: an identity column (GENERATED ... AS IDENTITY) has no spec form; use an integer primary key (SERIAL) or write this migration by hand',
      'column t.b: a generated column (GENERATED ALWAYS AS (a * 2)) has no spec form; write this migration by hand',
      'column t.c: its default comes from sequence c_seq, which a spec cannot create; use SERIAL (an integer primary key) or a server_default',
    ]);
  });
});

describe('enums', () => {
  const status = { schema: 'public', name: 'status', labels: ['NEW', 'PAID', 'SHIPPED', 'DONE'], used_by: [{ ...onTable, column: 's', labels: ['NEW', 'PAID', 'SHIPPED', 'DONE'] }] };

  it('creates an enum the database lacks just before the first column that uses it', () => {
    const ops = operations(
      [
        { kind: 'add_column', ...onTable, column: column('x') },
        { kind: 'add_column', ...onTable, column: column('s', { type: enumType('status') }) },
        { kind: 'add_column', ...onTable, column: column('history', { type: enumType('status', 'public', 1) }) },
      ],
      { model_enums: [status] },
    );
    expect(ops).toEqual([
      { op: 'add_column', table: 't', column: { name: 'x', type: 'text' } },
      { op: 'create_enum', name: 'status', values: ['NEW', 'PAID', 'SHIPPED', 'DONE'] },
      { op: 'add_column', table: 't', column: { name: 's', type: 'status' } },
      { op: 'add_column', table: 't', column: { name: 'history', type: 'status[]' } },
    ]);
  });

  it('adds new labels first, in the models order: before the first existing one, after their predecessor, or at the end', () => {
    const ops = operations([], { model_enums: [{ ...status, labels: ['DRAFT', 'NEW', 'PAID', 'PACKED', 'SHIPPED', 'DONE', 'REFUNDED', 'ARCHIVED'] }], database_enums: [{ schema: 'public', name: 'status', labels: ['NEW', 'PAID', 'SHIPPED', 'DONE'] }] });
    expect(ops).toEqual([
      { op: 'add_enum_value', enum: 'status', value: 'DRAFT', before: 'NEW' },
      { op: 'add_enum_value', enum: 'status', value: 'PACKED', after: 'PAID' },
      { op: 'add_enum_value', enum: 'status', value: 'REFUNDED' },
      { op: 'add_enum_value', enum: 'status', value: 'ARCHIVED' },
    ]);
  });

  it('refuses labels removed or reordered, and one enum declared with two label lists', () => {
    expect(refusals([], { model_enums: [{ ...status, labels: ['NEW', 'SHIPPED', 'PAID'] }], database_enums: [{ schema: 'public', name: 'status', labels: ['NEW', 'PAID', 'SHIPPED', 'DONE'] }] })).toEqual([
      "enum public.status: the models' labels (NEW, SHIPPED, PAID) drop or reorder labels the database has (NEW, PAID, SHIPPED, DONE); PostgreSQL can only add labels, so write this migration by hand (create-migration add-enum-value adds one)",
    ]);
    const twice = { ...status, used_by: [...status.used_by, { schema: 'public', table: 'u', column: 's', labels: ['NEW'] }] };
    expect(refusals([], { model_enums: [twice] })).toEqual(['enum public.status: its columns declare different labels: t.s (NEW, PAID, SHIPPED, DONE), u.s (NEW); give them one Enum type']);
  });

  it('says when a change leaves an enum no model uses', () => {
    const result = spec([{ kind: 'drop_column', ...onTable, column: column('s', { type: enumType('status') }) }], { database_enums: [{ schema: 'public', name: 'status', labels: ['NEW'] }] });
    expect(result.warnings).toEqual([
      {
        path: 'enum public.status',
        message: 'no model uses it any more (t.s was its last use here); it stays in the database, since autogenerate never drops a type (an execute operation with DROP TYPE IF EXISTS can)',
      },
    ]);
  });
});

describe('altered columns', () => {
  const existing = { type: type('VARCHAR(64)'), nullable: true, server_default: null, comment: 'Old' };

  it('writes the USING each way needs as PostgreSQL answered, through text for an enum', () => {
    const ops = operations(
      [
        { kind: 'alter_column', ...onTable, column: 'sku', existing, type: type('INTEGER'), using: true, from_using: false, reset_default: false, model_server_default: null },
        { kind: 'alter_column', ...onTable, column: 'kind', existing: { ...existing, type: enumType('kind'), server_default: "'A'::kind" }, type: enumType('status'), using: true, from_using: true, reset_default: false, model_server_default: "'NEW'" },
      ],
      { model_enums: [{ schema: 'public', name: 'status', labels: ['NEW'], used_by: [] }], database_enums: [{ schema: 'public', name: 'kind', labels: ['A'] }] },
    );
    expect(ops).toEqual([
      { op: 'alter_column', table: 't', column: 'sku', type: 'integer', using: 'sku::integer' },
      { op: 'create_enum', name: 'status', values: ['NEW'] },
      { op: 'alter_column', table: 't', column: 'kind', type: 'status', using: 'kind::text::status', from_using: 'kind::text::kind', server_default: "'NEW'", from_server_default: "'A'::kind" },
    ]);
  });

  it('changes nullability and defaults, and a comment with COMMENT ON after everything else', () => {
    const ops = operations([
      { kind: 'alter_column', ...onTable, column: 'a', existing, nullable: false, server_default: "'x'", comment: 'New' },
      { kind: 'add_column', ...onTable, column: column('b') },
    ]);
    expect(ops).toEqual([
      { op: 'alter_column', table: 't', column: 'a', nullable: false, server_default: "'x'", from_server_default: null },
      { op: 'add_column', table: 't', column: { name: 'b', type: 'text' } },
      { op: 'execute', upgrade: "COMMENT ON COLUMN public.t.a IS 'New'", downgrade: "COMMENT ON COLUMN public.t.a IS 'Old'" },
    ]);
  });
});

describe('indexes', () => {
  it('keeps a plain column a name and says order, nulls, operator class, expressions, INCLUDE and NULLS NOT DISTINCT; btree is the default', () => {
    const ops = operations([
      {
        kind: 'create_index',
        ...onTable,
        index: {
          name: 'ix_t_mixed',
          unique: true,
          using: 'btree',
          keys: [{ column: 'a' }, { column: 'b', order: 'desc', nulls: 'last' }, { expression: 'lower(c)', opclass: 'text_pattern_ops' }],
          where: 'deleted_at IS NULL',
          with: { fillfactor: '90' },
          include: ['d'],
          nulls_not_distinct: true,
        },
      },
    ]);
    expect(ops).toEqual([
      {
        op: 'create_index',
        table: 't',
        name: 'ix_t_mixed',
        columns: ['a', { name: 'b', order: 'desc', nulls: 'last' }, { expression: 'lower(c)', opclass: 'text_pattern_ops' }],
        unique: true,
        where: 'deleted_at IS NULL',
        include: ['d'],
        nulls_not_distinct: true,
        with: { fillfactor: '90' },
      },
    ]);
  });

  it('refuses what a spec cannot say: a tablespace, NULLS NOT DISTINCT on a constraint, a DEFERRABLE foreign key, an exclusion constraint', () => {
    expect(
      refusals([
        { kind: 'create_index', ...onTable, index: { name: 'ix_t_cover', unique: false, using: null, keys: [{ column: 'a' }], where: null, with: {}, tablespace: 'fast' } },
        { kind: 'add_constraint', ...onTable, constraint: { kind: 'unique', name: 'uq_t_a', columns: ['a'], nulls_not_distinct: true } },
        { kind: 'add_constraint', ...onTable, constraint: { kind: 'foreign_key', name: null, columns: ['a'], ref_schema: 'public', ref_table: 'u', ref_columns: ['a'], ondelete: null, onupdate: null, deferrable: 'True' } },
        { kind: 'add_constraint', ...onTable, constraint: { kind: 'other', name: 'ex_t', class: 'ExcludeConstraint' } },
      ]),
    ).toEqual([
      'index ix_t_cover on t: TABLESPACE fast has no spec form; write this migration by hand',
      'constraint uq_t_a unique on t: NULLS NOT DISTINCT has no spec form; write this migration by hand',
      'a foreign key on t: DEFERRABLE / INITIALLY have no spec form; write this migration by hand',
      'constraint ex_t other on t: ExcludeConstraint has no spec form; write this migration by hand',
    ]);
  });
});

describe('the whole comparison', () => {
  it('reports a dropped and an added column of the same type as a probable rename, with the command to rename instead', () => {
    const result = spec([
      { kind: 'add_column', ...onTable, column: column('email_address', { type: type('VARCHAR(64)') }) },
      { kind: 'add_column', ...onTable, column: column('note') },
      { kind: 'drop_column', ...onTable, column: column('email', { type: type('VARCHAR(64)') }) },
    ]);
    expect(result.warnings).toEqual([
      {
        path: 'table t',
        message:
          'column email is dropped and email_address added, both varchar(64): if email_address is email renamed, this loses the data in email; rename it instead with `create-migration rename-column t email email_address`, then run autogenerate again for the other changes',
      },
    ]);
    // Never turned into a rename silently: the spec still drops and adds.
    expect((result.spec!.operations as { op: string }[]).map((operation) => operation.op)).toEqual(['add_column', 'add_column', 'drop_column']);
  });

  it('gives no spec when nothing differs', () => {
    expect(spec([])).toEqual({ warnings: [] });
  });

  it('refuses changes in two schemas, and passes on what the bridge could not describe', () => {
    expect(refusals([{ kind: 'drop_table', schema: 'public', table: 'a', columns: [] }, { kind: 'drop_table', schema: 'audit', table: 'b', columns: [] }], { refusals: ["table c: Alembic's RenameTableOp has no counterpart in a create-migration spec"] })).toEqual([
      "table c: Alembic's RenameTableOp has no counterpart in a create-migration spec",
      "the models: change tables in 2 schemas (public.a, audit.b); a migration's spec changes one schema, so autogenerate with include_schemas / include_name limited to one at a time",
    ]);
  });
});
