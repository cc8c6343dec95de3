import { constraintQuery, invalidIndexQuery } from './catalog-queries.js';
import type { CheckDef, ColumnDef, ForeignKeyDef } from './definitions.js';
import { guarded } from './do-block.js';
import type { CheckedExpression } from './expressions.js';
import { qualify, quoteIdent } from './identifiers.js';
import { quoteLiteral } from './literals.js';
import type { Statement } from './statement.js';

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

/** ADD CONSTRAINT guarded by pg_constraint for this very table, so it is added on any re-run that lacks it. */
export function addConstraint(schema: string, table: string, name: string, definition: string): string {
  return guarded(
    'IF NOT EXISTS',
    constraintQuery(schema, table, name),
    headAndTail(`ALTER TABLE ${qualify(schema, table)}`, `ADD CONSTRAINT ${quoteIdent(name)} ${definition}`),
  );
}

export function dropConstraint(schema: string, table: string, name: string): string {
  return headAndTail(`ALTER TABLE IF EXISTS ${qualify(schema, table)}`, `DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`);
}

function commentOnColumn(schema: string, table: string, column: string, comment: string): string {
  return `COMMENT ON COLUMN ${qualify(schema, table)}.${quoteIdent(column)} IS ${quoteLiteral(comment)}`;
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

/**
 * A constraint that may be added NOT VALID: then VALIDATE CONSTRAINT runs in a transaction of its
 * own (an autocommit block), so the scan of existing rows holds only a SHARE UPDATE EXCLUSIVE
 * lock instead of blocking writes for the whole check.
 */
function addMaybeNotValid(schema: string, table: string, name: string, definition: string, notValid: boolean): Statement[] {
  if (!notValid) return [{ sql: addConstraint(schema, table, name, definition) }];
  return [
    { sql: addConstraint(schema, table, name, `${definition} NOT VALID`) },
    { sql: headAndTail(`ALTER TABLE ${qualify(schema, table)}`, `VALIDATE CONSTRAINT ${quoteIdent(name)}`), autocommit: true },
  ];
}

export function addForeignKey(schema: string, table: string, foreignKey: ForeignKeyDef): Statement[] {
  return addMaybeNotValid(schema, table, foreignKey.name, foreignKeyDefinition(foreignKey), foreignKey.notValid);
}

export function addCheck(schema: string, table: string, check: CheckDef): Statement[] {
  return addMaybeNotValid(schema, table, check.name, checkDefinition(check.expression), check.notValid);
}

/**
 * An interrupted CREATE INDEX CONCURRENTLY leaves an INVALID index behind, which IF NOT EXISTS
 * would then accept; dropped first (outside the transaction, like the build), the re-run builds
 * a usable one.
 */
export function dropInvalidIndex(schema: string, name: string): Statement {
  return { sql: guarded('IF EXISTS', invalidIndexQuery(schema, name), `DROP INDEX ${qualify(schema, name)}`), autocommit: true };
}

/** The statements that follow a column's creation: its constraints and comment, each on its own. */
export function columnExtras(schema: string, table: string, column: ColumnDef): Statement[] {
  const statements: Statement[] = [];
  if (column.uniqueName) {
    statements.push({ sql: addConstraint(schema, table, column.uniqueName, uniqueDefinition([column.name])) });
  }
  if (column.check) statements.push(...addCheck(schema, table, column.check));
  if (column.references) statements.push(...addForeignKey(schema, table, column.references));
  if (column.comment !== undefined) statements.push({ sql: commentOnColumn(schema, table, column.name, column.comment) });
  return statements;
}
