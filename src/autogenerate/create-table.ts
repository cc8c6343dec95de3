import { deriveName } from '../sql/derived-names.js';
import type { Change } from './comparison.js';
import type { SpecOperation } from './findings.js';
import { columnReference, columnSpec, constraintOperation, isColumnLevel } from './table-parts.js';
import type { Translation } from './translation.js';

type CreateTableChange = Extract<Change, { kind: 'create_table' }>;

export interface TableOperations {
  /** The enums it needs, the table, then its constraints that columns cannot carry. */
  readonly operations: SpecOperation[];
  /** Foreign keys to tables created later in the same migration: added after all of them. */
  readonly deferred: SpecOperation[];
}

/**
 * create_table for a new table of the models. A single-column unique constraint or foreign key
 * without a name stays on its column, as a spec written by hand says it; named or composite ones
 * follow as add_unique / add_check / add_foreign_key with the models' names.
 */
export function createTableOperations(change: CreateTableChange, translation: Translation, createdLater: ReadonlySet<string>): TableOperations {
  const { table } = change;
  const enums = change.columns.flatMap((column) => translation.enums.beforeUse(column.type, `column ${table}.${column.name}`));
  const columns = new Map<string, Record<string, unknown>>();
  for (const column of change.columns) {
    const spec = columnSpec(column, table, translation);
    if (spec) columns.set(column.name, spec);
  }
  const after: SpecOperation[] = [];
  const deferred: SpecOperation[] = [];
  const add = (operation: SpecOperation | undefined, list = after): void => void (operation && list.push(operation));
  for (const constraint of change.constraints) {
    if (constraint.kind === 'primary_key') {
      const derived = deriveName(translation.naming.primaryKey, { table, columns: constraint.columns });
      if (constraint.name !== null && constraint.name !== derived) {
        translation.findings.warn(`table ${table}`, `the models name its primary key ${constraint.name}, but a spec names it ${derived} (naming.primary_key in the configuration sets the pattern)`);
      }
      continue;
    }
    const column = 'columns' in constraint ? columns.get(constraint.columns[0]!) : undefined;
    if (constraint.kind === 'unique' && column && constraint.columns.length === 1 && constraint.name === null && !column.primary_key && !column.unique && !constraint.include && !constraint.nulls_not_distinct) {
      column.unique = true;
    } else if (constraint.kind === 'foreign_key' && createdLater.has(`${constraint.ref_schema}.${constraint.ref_table}`)) {
      add(constraintOperation(constraint, table, translation), deferred);
    } else if (constraint.kind === 'foreign_key' && column && isColumnLevel(constraint) && !column.references) {
      column.references = columnReference(constraint, translation);
    } else {
      add(constraintOperation(constraint, table, translation));
    }
  }
  const create = { op: 'create_table', table, ...(change.comment !== null && { comment: change.comment }), columns: [...columns.values()] };
  return { operations: [...enums, create, ...after], deferred };
}
