import type { SpecProblem } from '../errors.js';
import type { Operation } from '../operations/model.js';
import type { ColumnDef } from '../sql/definitions.js';

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
  const indexBacked = (table: string, name: string | undefined): Claim[] => (name ? [relation(name, 'index'), constraint(table, name)] : []);
  const columnClaims = (table: string, c: ColumnDef): Claim[] => [
    column(table, c.name),
    ...indexBacked(table, c.uniqueName),
    ...(c.check ? [constraint(table, c.check.name)] : []),
    ...(c.references ? [constraint(table, c.references.name)] : []),
  ];
  switch (operation.op) {
    case 'create_enum':
      return [relation(operation.name, 'type')];
    case 'create_table':
      return [
        relation(operation.table, 'table'),
        ...indexBacked(operation.table, operation.primaryKeyName),
        ...operation.columns.flatMap((c) => columnClaims(operation.table, c)),
      ];
    case 'add_column':
      return [...columnClaims(operation.table, operation.column), ...indexBacked(operation.table, operation.primaryKeyName)];
    case 'add_check':
      return [constraint(operation.table, operation.check.name)];
    case 'add_unique':
      return indexBacked(operation.table, operation.name);
    case 'add_foreign_key':
      return [constraint(operation.table, operation.foreignKey.name)];
    case 'create_index':
      return [relation(operation.name, 'index')];
    case 'rename_column':
      return [column(operation.table, operation.to)];
    case 'alter_column':
      return operation.nullability?.viaCheck ? [constraint(operation.table, operation.nullability.viaCheck)] : [];
    case 'drop_column':
    case 'drop_table':
    case 'drop_index':
    case 'drop_constraint':
    case 'add_enum_value':
    case 'execute':
      return [];
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
