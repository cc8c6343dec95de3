import { readExpression, readIdentifier, readType } from '../fields/readers.js';
import { isRecord, type SpecNode } from '../fields/spec-node.js';
import { columnQuery } from '../sql/catalog-queries.js';
import { addConstraint, defaultClauseText, dropConstraint, headAndTail } from '../sql/ddl.js';
import { deriveName } from '../sql/derived-names.js';
import { doIf, exists } from '../sql/do-block.js';
import type { CheckedExpression } from '../sql/expressions.js';
import { formatType } from '../sql/format-type.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { quoteLiteral } from '../sql/literals.js';
import type { PgType } from '../sql/pg-types.js';
import type { AlterColumn, DefaultChange, NullabilityChange, TypeChange } from './model.js';
import type { OperationKind, ParseContext } from './operation-kind.js';
import { updateColumn } from '../schema/changes.js';
import { expectColumn } from './expectations.js';
import { findColumn } from '../schema/model.js';
import type { DowngradeStatement, Statement } from '../sql/statement.js';

const FIELDS = ['table', 'column', 'type', 'using', 'from_type', 'from_using', 'nullable', 'backfill', 'not_valid', 'server_default', 'from_server_default'] as const;

/** A default given as an expression, or explicitly null (no default); undefined when the field is absent. */
function readDefault(node: SpecNode, parent: SpecNode, key: string, context: ParseContext): CheckedExpression | null | undefined {
  if (isRecord(parent.value) && key in parent.value && parent.value[key] === null) return null;
  return readExpression(node, context, 'default');
}

function readTypeChange(node: SpecNode, context: ParseContext): TypeChange | undefined {
  const to = node.field('type').missing ? undefined : readType(node.field('type'), context);
  const using = readExpression(node.field('using'), context, 'value');
  const from = node.field('from_type').missing ? undefined : readType(node.field('from_type'), context);
  const fromUsing = readExpression(node.field('from_using'), context, 'value');
  if (to === undefined) {
    for (const key of ['using', 'from_type', 'from_using']) if (!node.field(key).missing) node.field(key).problem('only applies with type');
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

export const alterColumnKind: OperationKind<AlterColumn> = {
  op: 'alter_column',
  summary: 'change a column: its type (USING), nullability (backfill first), default; the downgrade restores them',
  fields: FIELDS,

  parse(node, context) {
    const table = readIdentifier(node.field('table'));
    const column = readIdentifier(node.field('column'));
    let type = readTypeChange(node, context);
    const nullableNode = node.field('nullable');
    const nullable = nullableNode.missing ? undefined : nullableNode.boolean(true);
    const backfill = readExpression(node.field('backfill'), context, 'default');
    const notValid = node.field('not_valid').boolean(false);
    const to = readDefault(node.field('server_default'), node, 'server_default', context);
    const fromGiven = readDefault(node.field('from_server_default'), node, 'from_server_default', context);
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
    const viaCheck = notValid ? deriveName(context.naming.check, { table, columns: [column, 'not_null'] }) : undefined;
    const nullability: NullabilityChange | undefined = nullable === undefined ? undefined : { nullable, ...(backfill && { backfill }), ...(viaCheck && { viaCheck }) };
    const serverDefault: DefaultChange | undefined = to === undefined ? undefined : { to, from: from ?? null };
    return { op: 'alter_column', table, column, ...(type && { type }), ...(nullability && { nullability }), ...(serverDefault && { serverDefault }) };
  },

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
