import { volatileCallIn } from './alter-table-safety.js';
import type { ColumnDef, ForeignKeyDef } from './definitions.js';
import { plain } from './do-block.js';
import type { CheckedExpression } from './expressions.js';
import { qualify, quoteIdent } from './identifiers.js';
import { alterTableSafety, lockOn, statementSafety } from './lock-facts.js';
import { quoteLiteral } from './literals.js';
import type { Statement, TableName } from './statement.js';

// Statement builders shared by several operations. Names arrive unquoted and are quoted here.

const SHORT_STATEMENT = 76;

/** `head tail` on one line when short, else `tail` on an indented line of its own. */
export function headAndTail(head: string, tail: string): string {
  const line = `${head} ${tail}`;
  return line.length <= SHORT_STATEMENT ? line : `${head}\n    ${tail}`;
}

/** A column's DEFAULT: PostgreSQL's grammar takes only a simple expression there unparenthesized. */
function defaultClause(expression: CheckedExpression): string {
  return expression.simple ? `DEFAULT ${expression.text}` : `DEFAULT (${expression.text})`;
}

/** `DEFAULT expr` for ALTER COLUMN ... SET, where any expression may stand. */
export function defaultClauseText(expression: CheckedExpression): string {
  return `DEFAULT ${expression.text}`;
}

export function columnDefinition(column: ColumnDef): string {
  const parts = [quoteIdent(column.name), column.type.sql];
  if (!column.nullable || column.primaryKey) parts.push('NOT NULL');
  if (column.serverDefault) parts.push(defaultClause(column.serverDefault));
  return parts.join(' ');
}

function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdent).join(', ');
}

export function tableName(schema: string, table: string): TableName {
  return { schema, name: table };
}

/** Why adding the column fills every existing row by rewriting the table, if it does. */
export function columnRewrite(column: ColumnDef): string | undefined {
  if (column.type.canonical.startsWith('serial')) return `a ${column.type.sql} column`;
  const call = column.serverDefault && (column.serverDefault.volatile ?? volatileCallIn(column.serverDefault.text));
  return call ? `the volatile default ${call}()` : undefined;
}

/** ADD COLUMN IF NOT EXISTS, with the lock the statement-safety table gives its form. */
export function addColumnStatement(schema: string, table: string, column: ColumnDef): Statement {
  const rewrite = columnRewrite(column);
  const required = (!column.nullable || column.primaryKey) && column.serverDefault === undefined;
  const variant = rewrite !== undefined ? 'rewriting default' : required ? 'required' : 'plain';
  const sql = headAndTail(`ALTER TABLE ${qualify(schema, table)}`, `ADD COLUMN IF NOT EXISTS ${columnDefinition(column)}`);
  return { ...plain(sql), locks: [lockOn(tableName(schema, table), alterTableSafety('AT_AddColumn', variant), rewrite ? { detail: rewrite } : {})] };
}

export function dropColumnStatement(schema: string, table: string, column: string): Statement {
  const sql = headAndTail(`ALTER TABLE IF EXISTS ${qualify(schema, table)}`, `DROP COLUMN IF EXISTS ${quoteIdent(column)}`);
  return { ...plain(sql), locks: [lockOn(tableName(schema, table), alterTableSafety('AT_DropColumn'))] };
}

export function dropConstraint(schema: string, table: string, name: string): Statement {
  const sql = headAndTail(`ALTER TABLE IF EXISTS ${qualify(schema, table)}`, `DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`);
  return { ...plain(sql), locks: [lockOn(tableName(schema, table), alterTableSafety('AT_DropConstraint'))] };
}

export function dropTableStatement(schema: string, table: string): Statement {
  return { ...plain(`DROP TABLE IF EXISTS ${qualify(schema, table)}`), locks: [lockOn(tableName(schema, table), statementSafety('DropStmt', 'relation'), { action: 'DROP TABLE' })] };
}

export function commentOnColumn(schema: string, table: string, column: string, comment: string): Statement {
  const sql = `COMMENT ON COLUMN ${qualify(schema, table)}.${quoteIdent(column)} IS ${quoteLiteral(comment)}`;
  return { ...plain(sql), locks: [lockOn(tableName(schema, table), statementSafety('CommentStmt'))] };
}

export function commentOnTable(schema: string, table: string, comment: string): Statement {
  const sql = `COMMENT ON TABLE ${qualify(schema, table)} IS ${quoteLiteral(comment)}`;
  return { ...plain(sql), locks: [lockOn(tableName(schema, table), statementSafety('CommentStmt'))] };
}

/** `ALTER TABLE t ALTER COLUMN c <action>` with the lock of that subcommand. */
export function alterColumn(schema: string, table: string, column: string, action: string, subtype: 'AT_ColumnDefault' | 'AT_DropNotNull' | 'AT_SetNotNull'): Statement {
  const sql = headAndTail(`ALTER TABLE ${qualify(schema, table)}`, `ALTER COLUMN ${quoteIdent(column)} ${action}`);
  return { ...plain(sql), locks: [lockOn(tableName(schema, table), alterTableSafety(subtype))] };
}

// The constraint definitions ADD CONSTRAINT takes, also kept in the schema model (which re-creates
// constraints from them): written here only, so the two cannot drift apart.

export function primaryKeyDefinition(columns: readonly string[]): string {
  return `PRIMARY KEY (${columnList(columns)})`;
}

export function uniqueDefinition(columns: readonly string[]): string {
  return `UNIQUE (${columnList(columns)})`;
}

export function checkDefinition(expression: CheckedExpression): string {
  return `CHECK (${expression.text})`;
}

/** The referenced side as both a spec's foreign key and the schema model hold it. */
type ForeignKeyReference = Pick<ForeignKeyDef, 'columns' | 'refSchema' | 'refTable' | 'refColumns'> & { readonly onDelete?: string; readonly onUpdate?: string };

export function foreignKeyDefinition(foreignKey: ForeignKeyReference): string {
  const parts = [
    `FOREIGN KEY (${columnList(foreignKey.columns)})`,
    `REFERENCES ${qualify(foreignKey.refSchema, foreignKey.refTable)} (${columnList(foreignKey.refColumns)})`,
  ];
  if (foreignKey.onDelete) parts.push(`ON DELETE ${foreignKey.onDelete}`);
  if (foreignKey.onUpdate) parts.push(`ON UPDATE ${foreignKey.onUpdate}`);
  return parts.join(' ');
}
