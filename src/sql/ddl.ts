import type { ColumnDef } from '../operations/model.js';
import { constraintQuery } from './catalog-queries.js';
import { guarded } from './do-block.js';
import type { CheckedExpression } from './expressions.js';
import { qualify, quoteIdent } from './identifiers.js';
import { quoteLiteral } from './literals.js';

// Statement builders shared by several operations. Names arrive unquoted and are quoted here.

const SHORT_STATEMENT = 76;

/** `head tail` on one line when short, else `tail` on an indented line of its own. */
export function headAndTail(head: string, tail: string): string {
  const line = `${head} ${tail}`;
  return line.length <= SHORT_STATEMENT ? line : `${head}\n    ${tail}`;
}

/** A column's DEFAULT: PostgreSQL's grammar takes only a simple expression there unparenthesized. */
export function defaultClause(expression: CheckedExpression): string {
  return expression.simple ? `DEFAULT ${expression.text}` : `DEFAULT (${expression.text})`;
}

export function columnDefinition(column: ColumnDef): string {
  const parts = [quoteIdent(column.name), column.type.sql];
  if (!column.nullable || column.primaryKey) parts.push('NOT NULL');
  if (column.serverDefault) parts.push(defaultClause(column.serverDefault));
  return parts.join(' ');
}

export function columnList(columns: readonly string[]): string {
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

export function commentOnColumn(schema: string, table: string, column: string, comment: string): string {
  return `COMMENT ON COLUMN ${qualify(schema, table)}.${quoteIdent(column)} IS ${quoteLiteral(comment)}`;
}

/** The statements that follow a column's creation: its constraints and comment, each on its own. */
export function columnExtras(schema: string, table: string, column: ColumnDef): string[] {
  const statements: string[] = [];
  if (column.uniqueName) {
    statements.push(addConstraint(schema, table, column.uniqueName, `UNIQUE (${quoteIdent(column.name)})`));
  }
  if (column.comment !== undefined) statements.push(commentOnColumn(schema, table, column.name, column.comment));
  return statements;
}
