import { columnQuery, constraintQuery } from './catalog-queries.js';
import { columnDefinition, defaultClauseText, headAndTail } from './ddl.js';
import type { ColumnDef } from './definitions.js';
import { doBlock, exists, indent } from './do-block.js';
import { qualify, quoteIdent } from './identifiers.js';
import { quoteLiteral } from './literals.js';
import { expectColumn, expectEnum, expectIndex, expectTable, whenShape } from './shape-checks.js';
import type { Statement } from './statement.js';

// What a migration runs to complete an object it finds incomplete, each step guarded so that it
// does nothing on a clean run and can itself be interrupted and run again.

/** Rows updated per transaction by a backfill: short row locks, and progress kept across a failure. */
export const BACKFILL_BATCH = 10_000;

/**
 * A table that exists: stops on a conflict, and adds the columns it lacks (each IF NOT EXISTS).
 * `others` are columns later steps of the migration change, which are neither compared nor added.
 */
export function completeTable(schema: string, table: string, columns: readonly ColumnDef[], others: readonly string[] = []): Statement {
  const checked = columns.filter((column) => !others.includes(column.name));
  const added = checked.map((column) => `ADD COLUMN IF NOT EXISTS ${columnDefinition(column)}`).join(',\n');
  return { sql: whenShape(expectTable(schema, table, checked, others), 'incomplete', `ALTER TABLE ${qualify(schema, table)}\n${indent(added, 4)}`) };
}

/**
 * An enum that exists without some of its labels (the ones it has in order): adds each in its
 * place. The last label goes last, then each one before the label that follows it, so every
 * anchor exists when it is named. Outside the transaction: a label added inside one cannot be
 * used until it commits, and later steps may use it.
 */
export function completeEnum(schema: string, name: string, labels: readonly string[]): Statement {
  const type = qualify(schema, name);
  const adds = labels
    .map((label, index) => `ALTER TYPE ${type} ADD VALUE IF NOT EXISTS ${quoteLiteral(label)}${index + 1 < labels.length ? ` BEFORE ${quoteLiteral(labels[index + 1]!)}` : ''}`)
    .reverse()
    .join(';\n');
  return { sql: whenShape(expectEnum(schema, name, labels), 'incomplete', adds), autocommit: true };
}

/** An INVALID index an interrupted CREATE INDEX CONCURRENTLY left: dropped when it is this index, so the build runs again. */
export function rebuildInvalidIndex(schema: string, table: string, name: string, unique: boolean, definition: string, autocommit: boolean): Statement {
  return { sql: whenShape(expectIndex(schema, table, name, unique, definition), 'invalid', `DROP INDEX ${qualify(schema, name)}`), ...(autocommit && { autocommit }) };
}

const nullable = (schema: string, table: string, column: string): string => exists(`${columnQuery(schema, table, column)} AND NOT attnotnull`);

/** `IF condition THEN statements END IF`, for the body of a DO block. */
function ifThen(condition: string, statements: readonly string[]): string {
  return [`IF ${condition} THEN`, ...statements.map((statement) => indent(`${statement};`, 4)), 'END IF'].join('\n');
}

/**
 * A column that exists incomplete: nullable where it should be NOT NULL, or without its default.
 * In the transaction: the check (which stops on a conflict), then the default and a CHECK (column
 * IS NOT NULL) NOT VALID, catalog updates only. Outside it: the NULLs filled from the default in
 * batches that each commit, the CHECK validated (rows read under a lock that lets writes go on),
 * then SET NOT NULL, which PostgreSQL 12+ proves from the valid CHECK without a scan, and the
 * CHECK dropped. Every step is guarded: on a clean run none does anything.
 */
export function completeColumn(schema: string, table: string, column: ColumnDef, notNullCheck: string): Statement[] {
  const name = qualify(schema, table);
  const col = quoteIdent(column.name);
  const check = quoteIdent(notNullCheck);
  const isNullable = nullable(schema, table, column.name);
  const checkExists = constraintQuery(schema, table, notNullCheck);
  const notNull = !column.nullable || column.primaryKey;
  const inTransaction: string[] = [];
  if (column.serverDefault) inTransaction.push(`ALTER TABLE ${name} ALTER COLUMN ${col} SET ${defaultClauseText(column.serverDefault)}`);
  if (notNull) {
    inTransaction.push(ifThen(`${isNullable}\nAND ${exists(checkExists, true)}`, [headAndTail(`ALTER TABLE ${name}`, `ADD CONSTRAINT ${check} CHECK (${col} IS NOT NULL) NOT VALID`)]));
  }
  const statements: Statement[] = inTransaction.length === 0 ? [] : [{ sql: whenShape(expectColumn(schema, table, column), 'incomplete', inTransaction.join(';\n')) }];
  if (!notNull) return statements;
  const batch = [
    'LOOP',
    indent(`UPDATE ${name} SET ${col} = DEFAULT\nWHERE ctid = ANY (ARRAY(SELECT ctid FROM ${name} WHERE ${col} IS NULL LIMIT ${BACKFILL_BATCH}));`, 4),
    '    EXIT WHEN NOT FOUND;',
    '    COMMIT;',
    'END LOOP',
  ].join('\n');
  const steps = [
    ...(column.serverDefault ? [ifThen(isNullable, [batch])] : []),
    ifThen(exists(`${checkExists}\n  AND NOT convalidated`), [`ALTER TABLE ${name} VALIDATE CONSTRAINT ${check}`, 'COMMIT']),
    ifThen(isNullable, [`ALTER TABLE ${name} ALTER COLUMN ${col} SET NOT NULL`]),
    ifThen(exists(checkExists), [`ALTER TABLE ${name} DROP CONSTRAINT ${check}`]),
  ];
  return [...statements, { sql: doBlock(['BEGIN', ...steps.map((step) => indent(`${step};`, 4)), 'END'].join('\n')), autocommit: true }];
}
