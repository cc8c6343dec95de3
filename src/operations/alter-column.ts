import { readColumnValue, type ValueColumn } from '../fields/column-value.js';
import type { FieldsNode } from '../fields/fields-node.js';
import { flag, name, optional, sql, sqlOrNull, type } from '../fields/kinds.js';
import { updateColumn } from '../schema/changes.js';
import { findColumn, findTable } from '../schema/model.js';
import { columnQuery } from '../sql/catalog-queries.js';
import { alterColumn, defaultClauseText, tableName } from '../sql/ddl.js';
import { exists, runIf } from '../sql/do-block.js';
import type { CheckedExpression } from '../sql/expressions.js';
import { formatType } from '../sql/format-type.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { quoteLiteral } from '../sql/literals.js';
import { alterTableSafety, lockOn } from '../sql/lock-facts.js';
import { backfillAtOnce, backfillInBatches, setNotNullSafely } from '../sql/not-null.js';
import { rewritesForTypeChange } from '../sql/pg-types.js';
import type { PgType } from '../sql/pg-types.js';
import { checkShape, expectColumnDefault, expectColumnType } from '../sql/shape-checks.js';
import type { DowngradeStatement, Statement } from '../sql/statement.js';
import { constraint } from './claims.js';
import { notNullCheckName } from './default-names.js';
import { expectColumn } from './expectations.js';
import { isNewTable, type RenderContext } from './model.js';
import type { OperationKind } from './operation-kind.js';

export interface TypeChange {
  readonly to: PgType;
  readonly using?: CheckedExpression;
  /** The type the downgrade converts back to; without it the downgrade cannot undo the change. */
  readonly from?: PgType;
  readonly fromUsing?: CheckedExpression;
}

export interface NullabilityChange {
  readonly nullable: boolean;
  /** Fills NULLs before SET NOT NULL. */
  readonly backfill?: CheckedExpression;
  /**
   * The CHECK (column IS NOT NULL) that proves NOT NULL before SET NOT NULL (in either direction),
   * so the table is not scanned under an exclusive lock; absent when the spec opted out (not_valid: false).
   */
  readonly viaCheck?: string;
}

export interface DefaultChange {
  /** The new default; null drops it. */
  readonly to: CheckedExpression | null;
  /** The default the downgrade restores; null: none. */
  readonly from: CheckedExpression | null;
}

export interface AlterColumn {
  readonly op: 'alter_column';
  readonly table: string;
  readonly column: string;
  readonly type?: TypeChange;
  readonly nullability?: NullabilityChange;
  readonly serverDefault?: DefaultChange;
}

const fields = {
  table: name('table'),
  column: name('column'),
  type: optional(type()),
  using: optional(sql('value')),
  /** The type the downgrade restores; default: as the known schema has it. */
  from_type: optional(type()),
  from_using: optional(sql('value')),
  /** Absent: unchanged. */
  nullable: flag(),
  backfill: optional(sql('backfill')),
  not_valid: flag(),
  server_default: sqlOrNull('default'),
  from_server_default: sqlOrNull('default'),
};

function readTypeChange(node: FieldsNode<typeof fields>): TypeChange | undefined {
  const to = node.read('type');
  const using = node.read('using');
  const from = node.read('from_type');
  const fromUsing = node.read('from_using');
  if (to === undefined) {
    for (const key of ['using', 'from_type', 'from_using'] as const) if (!node.field(key).missing) node.field(key).problem('only applies with type');
    return undefined;
  }
  for (const type of [to, from]) {
    if (type?.canonical.startsWith('serial')) node.field(type === to ? 'type' : 'from_type').problem(`${type.sql} is not a real type; use integer/bigint and a sequence`);
  }
  return { to, ...(using && { using }), ...(from && { from }), ...(fromUsing && { fromUsing }) };
}

/** The catalog test "the column's type is not yet `type`": by format_type for built-ins, by oid otherwise. */
function typeDiffers(schema: string, table: string, column: string, type: PgType): string {
  const formatted = formatType(type);
  const comparison = formatted !== undefined
    ? `format_type(atttypid, atttypmod) <> ${quoteLiteral(formatted)}`
    : `atttypid <> to_regtype(${quoteLiteral(type.sql)})`;
  return exists(`${columnQuery(schema, table, column)}\n  AND ${comparison}`);
}

/** ALTER COLUMN TYPE while the type differs: a rewrite of the table, unless PostgreSQL can change it in place. */
function alterType(schema: string, table: string, column: string, change: { to: PgType; using?: CheckedExpression; from?: PgType }): Statement {
  const alter = `ALTER TABLE ${qualify(schema, table)}\n    ALTER COLUMN ${quoteIdent(column)} TYPE ${change.to.sql}${change.using ? `\n    USING ${change.using.text}` : ''}`;
  const safety = alterTableSafety('AT_AlterColumnType');
  const inPlace = change.using === undefined && change.from !== undefined && !rewritesForTypeChange(change.from, change.to);
  const lock = inPlace && safety.lock
    ? lockOn(tableName(schema, table), { ...safety, lock: { ...safety.lock, work: 'catalog' }, hazards: [] }, { detail: `${change.from!.sql} to ${change.to.sql} needs no rewrite` })
    : lockOn(tableName(schema, table), safety, { detail: `${change.from ? `${change.from.sql} to ` : 'to '}${change.to.sql}` });
  return { ...runIf(typeDiffers(schema, table, column, change.to), alter), locks: [lock] };
}

function setDefault(schema: string, table: string, column: string, expression: CheckedExpression | null): Statement {
  return alterColumn(schema, table, column, expression === null ? 'DROP DEFAULT' : `SET ${defaultClauseText(expression)}`, 'AT_ColumnDefault');
}

/**
 * A default that is neither the old one nor the new one stops the migration (issue 14): someone
 * else changed it. Not with a type change, whose steps drop the default and set it after.
 */
function defaultCheck(schema: string, table: string, column: string, change: DefaultChange, why: string): Statement {
  return { ...checkShape(expectColumnDefault(schema, table, column, change.from, change.to)), why };
}

/** SET NOT NULL after a backfill (in batches on a table that holds rows), behind a validated CHECK unless the spec opted out. */
function setNotNull(schema: string, table: string, column: string, change: NullabilityChange, context: RenderContext): Statement[] {
  const fill = change.backfill;
  // On a table created earlier in the same migration (new, empty), NOT NULL needs no proof.
  const proof = isNewTable(context, table) ? undefined : change.viaCheck;
  const backfill = fill === undefined ? [] : [isNewTable(context, table) ? backfillAtOnce(schema, table, column, fill) : backfillInBatches(schema, table, column, fill, context.pacing.batchSize, context.pacing.locks)];
  return [...backfill, ...setNotNullSafely(schema, table, column, proof)];
}

export const alterColumnKind: OperationKind<AlterColumn, typeof fields> = {
  op: 'alter_column',
  summary: 'change a column: its type (USING), nullability (backfill first), default; the downgrade restores them',
  fields,
  doc: {
    text: 'any of type, nullability and default; the downgrade restores each.',
    example: `- op: alter_column
  table: docs
  column: id
  type: varchar(36)              # runs only while the column's type differs (format_type in pg_attribute)
  using: id::text
  from_type: uuid                # for the downgrade; without it the downgrade refuses and says why
  from_using: id::uuid
- op: alter_column
  table: users
  column: preferences
  nullable: false                # SET NOT NULL; the downgrade drops NOT NULL again
  backfill: "'{}'::jsonb"        # fills the NULLs first, in batches that each commit
  server_default: "'{}'::jsonb"  # null drops the default
  from_server_default: null      # the default the downgrade restores (absent: none)`,
    notes: `With \`type\` and \`server_default\` together the default is dropped before the type changes and set
after, since the old default may not cast to the new type. A type change rewrites the table under an
ACCESS EXCLUSIVE lock unless PostgreSQL can do it in place (a longer \`varchar\`, \`varchar\` to \`text\`,
more \`numeric\` precision): \`generate\` warns of the rewrite.

\`nullable: false\` on a table that holds rows: the \`backfill\` runs in batches that each commit (see
[Backfills](#backfills)), then NOT NULL is proven by a \`CHECK (column IS NOT NULL)\` added \`NOT VALID\`
and validated in a transaction of its own (reads and writes go on during its scan), then \`SET NOT NULL\`
(PostgreSQL 12+ trusts the valid CHECK and skips its scan) and the CHECK is dropped; each step runs
only while it is still needed. \`not_valid: false\` opts out: a plain \`SET NOT NULL\`, whose scan holds
an ACCESS EXCLUSIVE lock. The downgrade of \`nullable: true\` sets NOT NULL back the same careful way.`,
  },

  parse(node, context) {
    const table = node.read('table');
    const column = node.read('column');
    let type = readTypeChange(node);
    const nullableNode = node.field('nullable');
    const nullable = nullableNode.missing ? undefined : nullableNode.boolean(true);
    // Values are held to the column's type: the new one, else (held to the known schema) the known one.
    const knownType = table !== undefined && column !== undefined && context.strict ? findColumn(context.model, context.schema, table, column)?.type : undefined;
    const knownTable = table !== undefined && context.strict ? findTable(context.model, context.schema, table) : undefined;
    const whole = knownTable && !knownTable.partial ? { name: `${context.schema}.${table}`, columns: knownTable.columns.map((each) => each.name) } : undefined;
    const into = (type: PgType | undefined): ValueColumn | undefined => (column !== undefined && type ? { name: column, type, trustModel: context.strict, ...(whole && { table: whole }) } : undefined);
    const backfill = readColumnValue(node, 'backfill', into(type?.to ?? knownType), 'backfill');
    const notValid = node.read('not_valid');
    const to = readColumnValue(node, 'server_default', into(type?.to ?? knownType), 'default');
    const fromGiven = readColumnValue(node, 'from_server_default', into(type?.from ?? knownType), 'default');
    if (nullable !== false && backfill) node.field('backfill').problem('only applies with nullable: false');
    if (nullable === undefined && notValid !== undefined) node.field('not_valid').problem('only applies with nullable');
    if (to === undefined && fromGiven !== undefined) node.field('from_server_default').problem('only applies with server_default');
    if (table === undefined || column === undefined) return undefined;
    if (type === undefined && nullable === undefined && to === undefined) {
      return node.problem('says nothing to change: give type, nullable or server_default');
    }
    expectColumn(context, node.field('column'), table, column);
    // What the downgrade restores, when the spec does not say: the column as the schema knows it.
    const known = findColumn(context.model, context.schema, table, column);
    if (type && !type.from && known) {
      const castBack = type.using ? { text: `${quoteIdent(column)}::${known.type.sql}`, columns: [column], simple: false } : undefined;
      type = { ...type, from: known.type, ...(castBack && !type.fromUsing && { fromUsing: castBack }) };
    }
    const from = fromGiven !== undefined || !known ? fromGiven : known.default === undefined ? null : { text: known.default, columns: [], simple: false };
    if (type && !type.from) {
      context.warn(`${node.path}.from_type`, `without from_type the downgrade cannot restore the old type of ${table}.${column}; it will refuse to run`);
    }
    if (nullable === true) {
      context.warn(`${node.path}.nullable`, `the downgrade sets ${table}.${column} NOT NULL again, which fails if NULLs were written meanwhile`);
    }
    const viaCheck = nullable !== undefined && notValid !== false ? notNullCheckName(context.naming, table, column) : undefined;
    const nullability: NullabilityChange | undefined = nullable === undefined ? undefined : { nullable, ...(backfill && { backfill }), ...(viaCheck && { viaCheck }) };
    const serverDefault: DefaultChange | undefined = to === undefined ? undefined : { to, from: from ?? null };
    return { op: 'alter_column', table, column, ...(type && { type }), ...(nullability && { nullability }), ...(serverDefault && { serverDefault }) };
  },

  claims: (operation) => (operation.nullability?.viaCheck ? [constraint(operation.table, operation.nullability.viaCheck)] : []),

  describe: (operation, { schema }) => `Alter column ${quoteIdent(operation.column)} of ${qualify(schema, operation.table)}`,

  upgrade(operation, context) {
    const { schema } = context;
    const { table, column, type, nullability, serverDefault } = operation;
    const statements: Statement[] = [];
    // A type that is neither the old one nor the new one stops the migration (issue 14): someone else converted it.
    if (type?.from) statements.push({ ...checkShape(expectColumnType(schema, table, column, type.from, type.to)), why: 'The column must be of its old type, or of its new one' });
    if (type) {
      // The old default may not cast to the new type; drop it first, set the new one after.
      if (serverDefault) statements.push(setDefault(schema, table, column, null));
      statements.push(alterType(schema, table, column, type));
    }
    if (serverDefault && !type) statements.push(defaultCheck(schema, table, column, serverDefault, 'The column must have its old default, or its new one'));
    if (serverDefault) statements.push(setDefault(schema, table, column, serverDefault.to));
    if (nullability) {
      statements.push(...(nullability.nullable ? [alterColumn(schema, table, column, 'DROP NOT NULL', 'AT_DropNotNull')] : setNotNull(schema, table, column, nullability, context)));
    }
    return statements;
  },

  downgrade(operation, context) {
    const { schema } = context;
    const { table, column, type, nullability, serverDefault } = operation;
    if (type && !type.from) {
      return [{ refuse: `alter_column changed the type of ${table}.${column} to ${type.to.sql} without from_type, so the old type is unknown` }];
    }
    const statements: DowngradeStatement[] = [];
    if (type?.from) statements.push({ ...checkShape(expectColumnType(schema, table, column, type.from, type.to)), why: 'The column must be of its new type, or of its old one' });
    if (serverDefault && !type) statements.push(defaultCheck(schema, table, column, serverDefault, 'The column must have its new default, or its old one'));
    if (nullability) {
      // NOT NULL set again as carefully as the upgrade would: behind a validated CHECK.
      statements.push(...(nullability.nullable ? setNotNull(schema, table, column, { nullable: false, ...(nullability.viaCheck && { viaCheck: nullability.viaCheck }) }, context) : [alterColumn(schema, table, column, 'DROP NOT NULL', 'AT_DropNotNull')]));
    }
    if (type?.from) {
      if (serverDefault) statements.push(setDefault(schema, table, column, null));
      statements.push(alterType(schema, table, column, { to: type.from, ...(type.fromUsing && { using: type.fromUsing }), from: type.to }));
    }
    if (serverDefault) statements.push(setDefault(schema, table, column, serverDefault.from));
    return statements;
  },

  changesOnlyTable: (operation) => operation.table,
  changesColumns: (operation) => ({ table: operation.table, columns: [operation.column] }),

  apply(operation, model, schema) {
    const { type, nullability, serverDefault } = operation;
    updateColumn(model, schema, operation.table, operation.column, (existing) => {
      const { default: _dropped, ...rest } = existing;
      const withDefault = serverDefault === undefined ? existing : serverDefault.to === null ? rest : { ...existing, default: serverDefault.to.text };
      return { ...withDefault, ...(type && { type: type.to }), ...(nullability && { nullable: nullability.nullable }) };
    });
  },
};
