import type { ConstraintToAdd } from './constraints.js';
import { columnDefinition } from './ddl.js';
import type { ColumnDef, ForeignKeyDef } from './definitions.js';
import type { CheckedExpression } from './expressions.js';
import { dollarQuote, doIf, indent } from './do-block.js';
import { qualify, quoteIdent } from './identifiers.js';
import { quoteLiteral } from './literals.js';
import type { PgType } from './pg-types.js';
import type { Statement } from './statement.js';

// The shape checks: calls of the pg_temp helpers (shape-helpers.ts) for one object each, and the
// two ways a migration uses them. `checkShape` stops the migration when the object exists with
// another shape; `whenShape` runs statements only in the state they are for ('missing': create
// it; 'incomplete': complete it; 'invalid': rebuild it), the check itself stopping the migration
// on a conflict before anything else in that transaction is kept.

/**
 * A text argument as a reader would write it: a plain literal, or dollar-quoted when it holds a
 * quote, so a definition such as `jsonb DEFAULT '{}'::jsonb` reads as it is written elsewhere.
 */
export function textArgument(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!text.includes("'") || text.endsWith('$') || /[\u0000-\u001f\u007f]/.test(text)) return quoteLiteral(text);
  const tag = dollarQuote(text);
  return `${tag}${text}${tag}`;
}

function call(helper: string, args: readonly string[]): string {
  const oneLine = `pg_temp.${helper}(${args.join(', ')})`;
  return oneLine.length <= 100 ? oneLine : `pg_temp.${helper}(\n${indent(args.join(',\n'), 4)}\n)`;
}

const target = (schema: string, name: string): string => quoteLiteral(qualify(schema, name));
const textArray = (items: readonly string[]): string => `ARRAY[${items.map(quoteLiteral).join(', ')}]`;

/** A column's definition after its name, as ADD COLUMN and CREATE TABLE write it: `jsonb NOT NULL DEFAULT ...`. */
export function columnShape(column: ColumnDef): string {
  return columnDefinition(column).slice(quoteIdent(column.name).length + 1);
}

/** 'missing', 'same', or 'incomplete' (nullable or without its default); stops when it has another type, NOT NULL or default. */
export function expectColumn(schema: string, table: string, column: ColumnDef): string {
  return call('cm_expect_column', [target(schema, table), quoteLiteral(column.name), textArgument(columnShape(column))]);
}

/**
 * 'missing', 'same', or 'incomplete' (lacks some of `columns`); stops when it is not a table, has
 * columns it should not, or one of `columns` differs, or holds rows and lacks what cannot be added
 * without a scan or build under lock: a NOT NULL column without a default, one of `parts` (its
 * constraints and indexes, by name). `others` may exist in any shape: the columns later steps of
 * the migration change.
 */
export function expectTable(schema: string, table: string, columns: readonly ColumnDef[], others: readonly string[] = [], parts: readonly string[] = []): string {
  const array = (items: readonly string[]): string => (items.length === 0 ? "'{}'" : textArray(items));
  return call('cm_expect_table', [target(schema, table), textArgument(columns.map(columnDefinition).join(', ')), array(others), array(parts)]);
}

/** A CHECK, UNIQUE or PRIMARY KEY constraint of the table: 'missing', 'valid', 'not_valid'; stops when its definition differs. */
export function expectConstraint(schema: string, table: string, name: string, definition: string): string {
  return call('cm_expect_constraint', [target(schema, table), quoteLiteral(name), textArgument(definition)]);
}

/** A foreign key as its check compares it: what PostgreSQL stores in pg_constraint. */
export interface ForeignKeyShape {
  readonly columns: readonly string[];
  /** The referenced table as SQL names it: `public.flows`, or unqualified (found on the search_path, as ADD CONSTRAINT finds it). */
  readonly references: string;
  /** Undefined: the referenced table's primary key. */
  readonly refColumns?: readonly string[];
  readonly onDelete?: string;
  readonly onUpdate?: string;
  readonly matchFull?: boolean;
  readonly deferrable?: boolean;
  readonly deferred?: boolean;
}

/** A spec's foreign key, as its check compares it. */
export function foreignKeyShape(foreignKey: ForeignKeyDef): ForeignKeyShape {
  return {
    columns: foreignKey.columns,
    references: qualify(foreignKey.refSchema, foreignKey.refTable),
    refColumns: foreignKey.refColumns,
    ...(foreignKey.onDelete && { onDelete: foreignKey.onDelete }),
    ...(foreignKey.onUpdate && { onUpdate: foreignKey.onUpdate }),
  };
}

/** A foreign key of the table: 'missing', 'valid', 'not_valid'; stops when its columns, referenced table or actions differ. */
export function expectForeignKey(schema: string, table: string, name: string, shape: ForeignKeyShape): string {
  const flags = ([['matchFull', 'match_full'], ['deferrable', 'is_deferrable'], ['deferred', 'is_deferred']] as const).filter(([flag]) => shape[flag]).map(([, parameter]) => `${parameter} => true`);
  return call('cm_expect_foreign_key', [
    target(schema, table),
    quoteLiteral(name),
    textArray(shape.columns),
    quoteLiteral(shape.references),
    shape.refColumns ? textArray(shape.refColumns) : 'NULL',
    quoteLiteral(shape.onDelete ?? 'NO ACTION'),
    quoteLiteral(shape.onUpdate ?? 'NO ACTION'),
    ...flags,
  ]);
}

/**
 * An index of the table, from its definition after the table's name (`USING btree (email) WHERE
 * ...`): 'missing', 'valid', 'invalid' (left by an interrupted concurrent build); stops when it
 * is not an index, is on another table or has another definition.
 */
export function expectIndex(schema: string, table: string, name: string, unique: boolean, definition: string): string {
  return call('cm_expect_index', [target(schema, table), target(schema, name), unique ? 'true' : 'false', textArgument(definition)]);
}

/** 'missing', 'same', or 'incomplete' (lacks some labels, the others in order); stops when it is not an enum or has other labels or order. */
export function expectEnum(schema: string, name: string, labels: readonly string[]): string {
  return call('cm_expect_enum', [target(schema, name), textArray(labels)]);
}

/** A label of the enum at its place: 'missing' or 'same'; stops when it is elsewhere. */
export function expectEnumLabel(schema: string, name: string, label: string, position?: { readonly placement: 'BEFORE' | 'AFTER'; readonly label: string }): string {
  return call('cm_expect_enum_label', [target(schema, name), quoteLiteral(label), position ? quoteLiteral(position.placement) : 'NULL', position ? quoteLiteral(position.label) : 'NULL']);
}

/** 'rename' while only the old column exists, else 'skip'; stops when both exist. */
export function expectRename(schema: string, table: string, from: string, to: string): string {
  return call('cm_expect_rename', [target(schema, table), quoteLiteral(from), quoteLiteral(to)]);
}

/** The column's type while it changes: 'old', 'new' or 'missing'; stops when it is neither. */
export function expectColumnType(schema: string, table: string, column: string, from: PgType, to: PgType): string {
  return call('cm_expect_column_type', [target(schema, table), quoteLiteral(column), quoteLiteral(from.sql), quoteLiteral(to.sql)]);
}

/** The column's default while it changes (null: none): 'old', 'new' or 'missing'; stops when it is neither. */
export function expectColumnDefault(schema: string, table: string, column: string, from: CheckedExpression | null, to: CheckedExpression | null): string {
  const argument = (expression: CheckedExpression | null): string => (expression === null ? 'NULL' : textArgument(expression.text));
  return call('cm_expect_column_default', [target(schema, table), quoteLiteral(column), argument(from), argument(to)]);
}

/** Stops the migration when the object exists with a shape it cannot complete; does nothing otherwise. */
export function checkShape(check: string): Statement {
  return { sql: `SELECT ${check}` };
}

/**
 * The shape checks of a constraint this migration adds (or its downgrade drops): one of this name
 * with another definition stops the migration, naming both. A key's index too, by its name: an
 * index of that name on other columns is someone else's (unless `keyIndex` is false: on a table
 * this migration creates, ADD CONSTRAINT itself stops on an index of that name). A foreign key is compared by its parts
 * (a scratch table cannot hold a foreign key to a permanent one).
 */
export function constraintShapeChecks(schema: string, table: string, constraint: ConstraintToAdd, foreignKey?: ForeignKeyDef, keyIndex = true): Statement[] {
  const why = 'A constraint of this name must have this definition';
  if (foreignKey) return [{ ...checkShape(expectForeignKey(schema, table, constraint.name, foreignKeyShape(foreignKey))), why }];
  const checks: Statement[] = [{ ...checkShape(expectConstraint(schema, table, constraint.name, constraint.definition.replace(/ NOT VALID$/i, ''))), why }];
  if (constraint.keyColumns && keyIndex) checks.push(checkShape(expectIndex(schema, table, constraint.name, true, `USING btree (${constraint.keyColumns.map(quoteIdent).join(', ')})`)));
  return checks;
}

/** Runs `statements` only while the object is in one of `states`; the check stops the migration on a conflict. */
export function whenShape(check: string, states: string | readonly string[], statements: string): string {
  const wanted = typeof states === 'string' ? [states] : states;
  const condition = wanted.length === 1 ? `${check} = ${quoteLiteral(wanted[0]!)}` : `${check} IN (${wanted.map(quoteLiteral).join(', ')})`;
  return doIf(condition, statements);
}
