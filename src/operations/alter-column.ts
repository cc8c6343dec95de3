import { readColumnValue, type ValueColumn } from '../fields/column-value.js';
import type { FieldsNode } from '../fields/fields-node.js';
import { flag, name, optional, sql, sqlOrNull, type } from '../fields/kinds.js';
import { updateColumn } from '../schema/changes.js';
import { findColumn } from '../schema/model.js';
import { columnQuery } from '../sql/catalog-queries.js';
import { addConstraint, defaultClauseText, dropConstraint, headAndTail } from '../sql/ddl.js';
import { doIf, exists } from '../sql/do-block.js';
import type { CheckedExpression } from '../sql/expressions.js';
import { formatType } from '../sql/format-type.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { quoteLiteral } from '../sql/literals.js';
import type { PgType } from '../sql/pg-types.js';
import type { DowngradeStatement, Statement } from '../sql/statement.js';
import { constraint } from './claims.js';
import { notNullCheckName } from './default-names.js';
import { expectColumn } from './expectations.js';
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
  /** SET NOT NULL behind a validated CHECK (column IS NOT NULL), so the table is not scanned under an exclusive lock. */
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
  backfill: optional(sql('default')),
  not_valid: flag(false),
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

function alterType(schema: string, table: string, column: string, type: PgType, using: CheckedExpression | undefined): Statement {
  const alter = `ALTER TABLE ${qualify(schema, table)}\n    ALTER COLUMN ${quoteIdent(column)} TYPE ${type.sql}${using ? `\n    USING ${using.text}` : ''}`;
  return { sql: doIf(typeDiffers(schema, table, column, type), alter) };
}

function alterColumn(schema: string, table: string, column: string, action: string): Statement {
  return { sql: headAndTail(`ALTER TABLE ${qualify(schema, table)}`, `ALTER COLUMN ${quoteIdent(column)} ${action}`) };
}

function setDefault(schema: string, table: string, column: string, expression: CheckedExpression | null): Statement {
  return alterColumn(schema, table, column, expression === null ? 'DROP DEFAULT' : `SET ${defaultClauseText(expression)}`);
}

/** SET NOT NULL after a backfill; with `viaCheck`, behind a validated CHECK so the scan holds no exclusive lock. */
function setNotNull(schema: string, table: string, column: string, change: NullabilityChange): Statement[] {
  const statements: Statement[] = [];
  if (change.backfill) {
    statements.push({ sql: `UPDATE ${qualify(schema, table)}\n    SET ${quoteIdent(column)} = ${change.backfill.text}\n    WHERE ${quoteIdent(column)} IS NULL` });
  }
  if (change.viaCheck === undefined) return [...statements, alterColumn(schema, table, column, 'SET NOT NULL')];
  return [
    ...statements,
    { sql: addConstraint(schema, table, change.viaCheck, `CHECK (${quoteIdent(column)} IS NOT NULL) NOT VALID`) },
    { sql: headAndTail(`ALTER TABLE ${qualify(schema, table)}`, `VALIDATE CONSTRAINT ${quoteIdent(change.viaCheck)}`), autocommit: true },
    // PostgreSQL 12+ skips the full-table scan of SET NOT NULL when a valid CHECK proves it.
    alterColumn(schema, table, column, 'SET NOT NULL'),
    { sql: dropConstraint(schema, table, change.viaCheck) },
  ];
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
  backfill: "'{}'::jsonb"        # UPDATE ... WHERE preferences IS NULL first
  not_valid: true                # SET NOT NULL behind a CHECK (... IS NOT NULL) NOT VALID + VALIDATE: no long exclusive lock
  server_default: "'{}'::jsonb"  # null drops the default
  from_server_default: null      # the default the downgrade restores (absent: none)`,
    notes: `With \`type\` and \`server_default\` together the default is dropped before the type changes and set
after, since the old default may not cast to the new type.`,
  },

  parse(node, context) {
    const table = node.read('table');
    const column = node.read('column');
    let type = readTypeChange(node);
    const nullableNode = node.field('nullable');
    const nullable = nullableNode.missing ? undefined : nullableNode.boolean(true);
    // Values are held to the column's type: the new one, else (held to the known schema) the known one.
    const knownType = table !== undefined && column !== undefined && context.strict ? findColumn(context.model, context.schema, table, column)?.type : undefined;
    const into = (type: PgType | undefined): ValueColumn | undefined => (column !== undefined && type ? { name: column, type, trustModel: context.strict } : undefined);
    const backfill = readColumnValue(node, 'backfill', into(type?.to ?? knownType), 'backfill');
    const notValid = node.read('not_valid');
    const to = readColumnValue(node, 'server_default', into(type?.to ?? knownType), 'default');
    const fromGiven = readColumnValue(node, 'from_server_default', into(type?.from ?? knownType), 'default');
    if (nullable !== false && backfill) node.field('backfill').problem('only applies with nullable: false');
    if (nullable !== false && notValid) node.field('not_valid').problem('only applies with nullable: false');
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
    const viaCheck = notValid ? notNullCheckName(context.naming, table, column) : undefined;
    const nullability: NullabilityChange | undefined = nullable === undefined ? undefined : { nullable, ...(backfill && { backfill }), ...(viaCheck && { viaCheck }) };
    const serverDefault: DefaultChange | undefined = to === undefined ? undefined : { to, from: from ?? null };
    return { op: 'alter_column', table, column, ...(type && { type }), ...(nullability && { nullability }), ...(serverDefault && { serverDefault }) };
  },

  claims: (operation) => (operation.nullability?.viaCheck ? [constraint(operation.table, operation.nullability.viaCheck)] : []),

  describe: (operation, { schema }) => `Alter column ${quoteIdent(operation.column)} of ${qualify(schema, operation.table)}`,

  upgrade(operation, { schema }) {
    const { table, column, type, nullability, serverDefault } = operation;
    const statements: Statement[] = [];
    if (type) {
      // The old default may not cast to the new type; drop it first, set the new one after.
      if (serverDefault) statements.push(setDefault(schema, table, column, null));
      statements.push(alterType(schema, table, column, type.to, type.using));
    }
    if (serverDefault) statements.push(setDefault(schema, table, column, serverDefault.to));
    if (nullability) {
      statements.push(...(nullability.nullable ? [alterColumn(schema, table, column, 'DROP NOT NULL')] : setNotNull(schema, table, column, nullability)));
    }
    return statements;
  },

  downgrade(operation, { schema }) {
    const { table, column, type, nullability, serverDefault } = operation;
    if (type && !type.from) {
      return [{ refuse: `alter_column changed the type of ${table}.${column} to ${type.to.sql} without from_type, so the old type is unknown` }];
    }
    const statements: DowngradeStatement[] = [];
    if (nullability) statements.push(alterColumn(schema, table, column, nullability.nullable ? 'SET NOT NULL' : 'DROP NOT NULL'));
    if (type?.from) {
      if (serverDefault) statements.push(setDefault(schema, table, column, null));
      statements.push(alterType(schema, table, column, type.from, type.fromUsing));
    }
    if (serverDefault) statements.push(setDefault(schema, table, column, serverDefault.from));
    return statements;
  },

  apply(operation, model, schema) {
    const { type, nullability, serverDefault } = operation;
    updateColumn(model, schema, operation.table, operation.column, (existing) => {
      const { default: _dropped, ...rest } = existing;
      const withDefault = serverDefault === undefined ? existing : serverDefault.to === null ? rest : { ...existing, default: serverDefault.to.text };
      return { ...withDefault, ...(type && { type: type.to }), ...(nullability && { nullable: nullability.nullable }) };
    });
  },
};
