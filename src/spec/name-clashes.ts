import type { SpecProblem } from '../errors.js';
import type { Operation } from '../operations/model.js';

interface Claim {
  /** Names that must be unique across the spec, e.g. `relation:ix_users_email`. */
  readonly key: string;
  readonly what: string;
}

// Tables, indexes, the indexes behind PRIMARY KEY and UNIQUE constraints and types share one
// namespace per schema in PostgreSQL; constraint names must be unique per table.
function claims(operation: Operation): Claim[] {
  const relation = (name: string, what: string): Claim => ({ key: `relation:${name}`, what: `${what} "${name}"` });
  const constraint = (table: string, name: string): Claim => ({ key: `constraint:${table}:${name}`, what: `constraint "${name}" on ${table}` });
  const column = (table: string, name: string): Claim => ({ key: `column:${table}:${name}`, what: `column "${name}" of ${table}` });
  switch (operation.op) {
    case 'create_enum':
      return [relation(operation.name, 'type')];
    case 'create_table':
      return [
        relation(operation.table, 'table'),
        ...(operation.primaryKeyName ? [relation(operation.primaryKeyName, 'index'), constraint(operation.table, operation.primaryKeyName)] : []),
        ...operation.columns.flatMap((c) => [
          column(operation.table, c.name),
          ...(c.uniqueName ? [relation(c.uniqueName, 'index'), constraint(operation.table, c.uniqueName)] : []),
        ]),
      ];
    case 'add_column': {
      const { table, column: c } = operation;
      return [
        column(table, c.name),
        ...(operation.primaryKeyName ? [relation(operation.primaryKeyName, 'index'), constraint(table, operation.primaryKeyName)] : []),
        ...(c.uniqueName ? [relation(c.uniqueName, 'index'), constraint(table, c.uniqueName)] : []),
      ];
    }
    case 'add_check':
      return [constraint(operation.table, operation.name)];
    case 'create_index':
      return [relation(operation.name, 'index')];
  }
}

/** Two operations of one spec that would create the same object: the second would silently do nothing. */
export function findNameClashes(operations: readonly Operation[], paths: readonly string[]): SpecProblem[] {
  const owners = new Map<string, number>();
  const problems: SpecProblem[] = [];
  operations.forEach((operation, index) => {
    for (const claim of claims(operation)) {
      const owner = owners.get(claim.key);
      if (owner !== undefined && owner !== index) {
        problems.push({ path: paths[index]!, message: `${claim.what} is also created by ${paths[owner]}; each object must be created once (give one of them another name)` });
      } else if (owner === undefined) {
        owners.set(claim.key, index);
      }
    }
  });
  return problems;
}
