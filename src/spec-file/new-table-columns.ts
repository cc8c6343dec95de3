import type { ColumnRemoval } from '../operations/operation-kind.js';
import { findTable, type SchemaModel } from '../schema/model.js';
import { restoreFor } from '../schema/restore.js';

/**
 * What the migration so far made that names `column` of a table it created itself and that a
 * re-run of its upgrade would make again by name: on a re-run, CREATE TABLE IF NOT EXISTS skips
 * the table, which no longer has the column, and re-making these fails. A dropped column takes its
 * indexes, constraints and comment with it; a renamed one keeps its indexes and constraints (their
 * guards find them by name), but the comment is set on the column by its old name.
 */
function dependents(model: SchemaModel, schema: string, removal: ColumnRemoval): string[] {
  const table = findTable(model, schema, removal.table);
  if (!table) return [];
  const comment = table.columns.find((each) => each.name === removal.column)?.comment !== undefined ? [`the comment on ${removal.column}`] : [];
  if (removal.how === 'renames') return comment;
  const { constraints, indexes } = restoreFor(table, model.schemas.get(schema)?.indexes.values() ?? [], [removal.column]);
  return [...constraints.map((constraint) => constraint.name), ...indexes.map((index) => index.name), ...comment];
}

/**
 * Why the upgrade could not run again when `removal` happens to a table that `creator` (a path
 * of the same spec) created, or undefined when it could. The table is to be created with the
 * columns it ends with.
 */
export function removalFromNewTableProblem(model: SchemaModel, schema: string, removal: ColumnRemoval, creator: string): string | undefined {
  const named = dependents(model, schema, removal);
  if (named.length === 0) return undefined;
  const instead = removal.how === 'drops' ? `leave ${removal.column} out of the table (and ${named.join(', ')} with it)` : 'give the column its new name there';
  return (
    `${removal.how} column ${removal.column} of ${removal.table}, which ${creator} creates in this same migration, after ${named.join(', ')} named it: ` +
    `a re-run of the upgrade would find the table without that column and fail making ${named.length === 1 ? 'it' : 'them'} again; ${instead} instead`
  );
}
