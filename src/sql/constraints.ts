import { CONSTRAINTS } from './alter-table-safety.js';
import { constraintQuery, invalidIndexQuery } from './catalog-queries.js';
import { commentOnColumn, foreignKeyDefinition, headAndTail, primaryKeyDefinition, tableName, uniqueDefinition, checkDefinition } from './ddl.js';
import type { ColumnDef, ForeignKeyDef, ResolvedForms } from './definitions.js';
import { exists, guardedBy, runIf } from './do-block.js';
import { qualify, quoteIdent } from './identifiers.js';
import { alterTableSafety, lockOn, statementSafety } from './lock-facts.js';
import type { DescribedTables, Statement, TableName } from './statement.js';

// Adding constraints to a table that holds rows without blocking it while its rows are checked:
// CHECK and FOREIGN KEY added NOT VALID (a catalog update) and validated in a transaction of
// their own, under a lock that lets reads and writes go on; UNIQUE and PRIMARY KEY from an
// index built CONCURRENTLY, then attached (a catalog update). Each step is guarded on its own,
// so a re-run after a failure at any step completes the rest.

export type ConstraintSort = 'primary_key' | 'unique' | 'check' | 'foreign_key' | 'other';

/** A constraint to add: its name, what sort it is, and its definition as ADD CONSTRAINT takes it. */
export interface ConstraintToAdd {
  readonly name: string;
  readonly sort: ConstraintSort;
  /** `CHECK (...)`, `UNIQUE (a, b)`, `FOREIGN KEY (a) REFERENCES s.t (id) ...`. */
  readonly definition: string;
  /** A key's columns, when the definition is nothing but `UNIQUE (...)` / `PRIMARY KEY (...)` of them. */
  readonly keyColumns?: readonly string[];
  /** The table a foreign key references, for the lock it takes there. */
  readonly references?: TableName;
}

const NOT_VALID = / NOT VALID$/i;

type ConstraintVariant = keyof typeof CONSTRAINTS;

/**
 * ADD CONSTRAINT guarded by pg_constraint for this very table, so it is added on any re-run that
 * lacks it (and, with `alsoWhen`, only while that condition holds too).
 */
export function addConstraintStatement(
  schema: string,
  table: string,
  constraint: Pick<ConstraintToAdd, 'name' | 'definition' | 'references'>,
  variant: ConstraintVariant,
  alsoWhen?: string,
): Statement {
  const add = headAndTail(`ALTER TABLE ${qualify(schema, table)}`, `ADD CONSTRAINT ${quoteIdent(constraint.name)} ${constraint.definition}`);
  const missing = exists(constraintQuery(schema, table, constraint.name), true);
  const referenced = constraint.references ? { referenced: constraint.references } : {};
  return { ...runIf(alsoWhen === undefined ? missing : `${alsoWhen}\nAND ${missing}`, add), locks: [lockOn(tableName(schema, table), CONSTRAINTS[variant], referenced)] };
}

/** VALIDATE CONSTRAINT in a transaction of its own, while the constraint is there and not yet valid. */
export function validateConstraint(schema: string, table: string, name: string): Statement {
  const condition = exists(`${constraintQuery(schema, table, name)}\n  AND NOT convalidated`);
  return {
    ...runIf(condition, headAndTail(`ALTER TABLE ${qualify(schema, table)}`, `VALIDATE CONSTRAINT ${quoteIdent(name)}`)),
    autocommit: true,
    locks: [lockOn(tableName(schema, table), alterTableSafety('AT_ValidateConstraint'))],
    why: 'Check the existing rows in a transaction of its own: reads and writes go on during the scan',
  };
}

/** CHECK or FOREIGN KEY: NOT VALID then validated, or (opted out, or on a new table) validated as it is added. */
function addValidated(schema: string, table: string, constraint: ConstraintToAdd, notValid: boolean): Statement[] {
  const foreignKey = constraint.sort === 'foreign_key';
  if (NOT_VALID.test(constraint.definition)) {
    // Restored as it was: a constraint that was NOT VALID stays so.
    return [addConstraintStatement(schema, table, constraint, foreignKey ? 'foreign key not valid' : 'check not valid')];
  }
  if (!notValid) return [addConstraintStatement(schema, table, constraint, foreignKey ? 'foreign key' : 'check')];
  const add = addConstraintStatement(schema, table, { ...constraint, definition: `${constraint.definition} NOT VALID` }, foreignKey ? 'foreign key not valid' : 'check not valid');
  return [{ ...add, why: 'Add it NOT VALID: a catalog update, checked for new rows at once' }, validateConstraint(schema, table, constraint.name)];
}

/**
 * An index left INVALID by an interrupted CREATE INDEX CONCURRENTLY, which IF NOT EXISTS would
 * then accept: dropped first, the re-run builds a usable one. A plain DROP INDEX (CONCURRENTLY
 * cannot run in the DO block the guard needs): a catalog update.
 */
export function dropInvalidIndex(schema: string, name: string, table: TableName | DescribedTables): Statement {
  return {
    ...guardedBy('IF EXISTS', invalidIndexQuery(schema, name), `DROP INDEX ${qualify(schema, name)}`),
    locks: [lockOn(table, statementSafety('DropStmt', 'index'), { detail: 'only an INVALID index an interrupted build left' })],
    why: 'An interrupted concurrent build leaves an INVALID index behind: drop it, to build it again',
  };
}

/** UNIQUE or PRIMARY KEY from a unique index built CONCURRENTLY, then attached with USING INDEX. */
function addKeyFromIndex(schema: string, table: string, constraint: ConstraintToAdd, columns: readonly string[]): Statement[] {
  const word = constraint.sort === 'primary_key' ? 'PRIMARY KEY' : 'UNIQUE';
  const build = `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(constraint.name)}\n    ON ${qualify(schema, table)} USING btree (${columns.map(quoteIdent).join(', ')})`;
  const attach = addConstraintStatement(schema, table, { name: constraint.name, definition: `${word} USING INDEX ${quoteIdent(constraint.name)}` }, 'unique using index');
  return [
    dropInvalidIndex(schema, constraint.name, tableName(schema, table)),
    {
      sql: build,
      autocommit: true,
      locks: [lockOn(tableName(schema, table), statementSafety('IndexStmt', 'concurrently'))],
      why: 'Build its index without blocking writes (outside the transaction: CONCURRENTLY needs that)',
    },
    { ...attach, why: `Make the index the ${word} constraint: a catalog update` },
  ];
}

/** Adds `constraint` to `schema.table` in the forms resolved for that table. */
export function addConstraintSafely(schema: string, table: string, constraint: ConstraintToAdd, forms: ResolvedForms): Statement[] {
  switch (constraint.sort) {
    case 'check':
    case 'foreign_key':
      return addValidated(schema, table, constraint, forms.notValid);
    case 'primary_key':
    case 'unique':
      if (forms.concurrently && constraint.keyColumns) return addKeyFromIndex(schema, table, constraint, constraint.keyColumns);
      return [addConstraintStatement(schema, table, constraint, 'unique')];
    case 'other':
      return [addConstraintStatement(schema, table, constraint, /^EXCLUDE\b/i.test(constraint.definition) ? 'exclusion' : 'other')];
  }
}

/** A UNIQUE or PRIMARY KEY constraint of `columns`. */
export function keyConstraint(name: string, sort: 'unique' | 'primary_key', columns: readonly string[]): ConstraintToAdd {
  return { name, sort, definition: sort === 'unique' ? uniqueDefinition(columns) : primaryKeyDefinition(columns), keyColumns: columns };
}

/** A foreign key as a constraint to add. */
export function foreignKeyToAdd(foreignKey: ForeignKeyDef): ConstraintToAdd {
  return { name: foreignKey.name, sort: 'foreign_key', definition: foreignKeyDefinition(foreignKey), references: tableName(foreignKey.refSchema, foreignKey.refTable) };
}

/** A constraint a column's definition brings along (with its foreign key's parts, for its shape check). */
export interface ColumnConstraint {
  readonly constraint: ConstraintToAdd;
  readonly foreignKey?: ForeignKeyDef;
}

/** The constraints a column's definition brings along: its UNIQUE, CHECK and FOREIGN KEY, in that order. */
export function constraintsOfColumn(column: ColumnDef): ColumnConstraint[] {
  const found: ColumnConstraint[] = [];
  if (column.uniqueName) found.push({ constraint: keyConstraint(column.uniqueName, 'unique', [column.name]) });
  if (column.check) found.push({ constraint: { name: column.check.name, sort: 'check', definition: checkDefinition(column.check.expression) } });
  if (column.references) found.push({ constraint: foreignKeyToAdd(column.references), foreignKey: column.references });
  return found;
}

/** The statements that follow a column's creation: its constraints and comment, each on its own. */
export function columnExtras(schema: string, table: string, column: ColumnDef, forms: ResolvedForms): Statement[] {
  const statements = constraintsOfColumn(column).flatMap(({ constraint }) => addConstraintSafely(schema, table, constraint, forms));
  if (column.comment !== undefined) statements.push(commentOnColumn(schema, table, column.name, column.comment));
  return statements;
}
