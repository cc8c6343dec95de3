import { columnQuery } from './catalog-queries.js';
import { alterColumn, columnDefinition, defaultClauseText, tableName } from './ddl.js';
import { alterTableSafety, lockOn } from './lock-facts.js';
import type { ColumnDef } from './definitions.js';
import { exists, indent, runIf } from './do-block.js';
import { qualify } from './identifiers.js';
import { quoteLiteral } from './literals.js';
import type { LockPolicy } from './lock-retry.js';
import { backfillInBatches, setNotNullSafely, stillNullable } from './not-null.js';
import { expectEnum, expectTable, whenShape } from './shape-checks.js';
import type { Statement } from './statement.js';

// What a migration runs to complete an object it finds incomplete, each step guarded so that it
// does nothing on a clean run and can itself be interrupted and run again.

/**
 * A table that exists: stops on a conflict (see expectTable), and adds the columns it lacks, each
 * IF NOT EXISTS. `others` are columns later steps of the migration change, neither compared nor added.
 */
export function completeTable(schema: string, table: string, columns: readonly ColumnDef[], others: readonly string[] = [], parts: readonly string[] = []): Statement {
  const checked = columns.filter((column) => !others.includes(column.name));
  const added = checked.map((column) => `ADD COLUMN IF NOT EXISTS ${columnDefinition(column)}`).join(',\n');
  return {
    sql: whenShape(expectTable(schema, table, checked, others, parts), 'incomplete', `ALTER TABLE ${qualify(schema, table)}\n${indent(added, 4)}`),
    why: 'A table of this name must have these columns, or lack some (added here); anything else stops the migration',
    locks: [lockOn(tableName(schema, table), alterTableSafety('AT_AddColumn', 'plain'), { detail: 'only for a table found without some of its columns' })],
  };
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

/** What completing a column needs of the migration: the CHECK proving NOT NULL, how to fill NULLs. */
export interface ColumnCompletion {
  readonly notNullCheck: string;
  readonly batchSize: number;
  readonly locks: LockPolicy;
}

/**
 * What completes a column the shape check (run before ADD COLUMN IF NOT EXISTS) found incomplete:
 * nullable where it should be NOT NULL, or without its default. The default is set while the
 * column has none; the NULLs are filled from it in batches that each commit; NOT NULL is set the
 * safe way (setNotNullSafely). Every step is guarded by the catalog, so on a clean run, where
 * ADD COLUMN made the column whole, none does anything (the fill does not walk the table).
 */
export function completeColumn(schema: string, table: string, column: ColumnDef, completion: ColumnCompletion): Statement[] {
  const statements: Statement[] = [];
  const fill = column.serverDefault;
  if (fill) {
    const set = alterColumn(schema, table, column.name, `SET ${defaultClauseText(fill)}`, 'AT_ColumnDefault');
    const lacksDefault = exists(`${columnQuery(schema, table, column.name)}\n  AND NOT atthasdef`);
    statements.push({ ...set, ...runIf(lacksDefault, set.sql), why: 'A column of this name found without its default gets it' });
  }
  if (column.nullable && !column.primaryKey) return statements;
  if (fill) {
    const nullable = stillNullable(schema, table, column.name);
    statements.push(backfillInBatches(schema, table, column.name, fill, completion.batchSize, completion.locks, nullable));
  }
  const all = [...statements, ...setNotNullSafely(schema, table, column.name, completion.notNullCheck)];
  // In the lock summary: none of them does anything on a clean run.
  return all.map((statement) => ({ ...statement, locks: statement.locks?.map((lock) => ({ ...lock, detail: ONLY_WHEN_INCOMPLETE })) }));
}

const ONLY_WHEN_INCOMPLETE = 'only for a column found nullable or without its default';
