import type { ColumnDef } from '../sql/definitions.js';
import type { Claim } from './operation-kind.js';

// Tables, indexes, the indexes behind PRIMARY KEY and UNIQUE constraints and types share one
// namespace per schema in PostgreSQL; constraint names must be unique per table.

export function relation(name: string, what: string): Claim {
  return { key: `relation:${name}`, what: `${what} "${name}"` };
}

export function constraint(table: string, name: string): Claim {
  return { key: `constraint:${table}:${name}`, what: `constraint "${name}" on ${table}` };
}

export function column(table: string, name: string): Claim {
  return { key: `column:${table}:${name}`, what: `column "${name}" of ${table}` };
}

/** A PRIMARY KEY or UNIQUE constraint: a constraint of its table, and an index of the schema. */
export function indexBacked(table: string, name: string | undefined): Claim[] {
  return name ? [relation(name, 'index'), constraint(table, name)] : [];
}

/** A column with the constraints its definition brings along. */
export function columnClaims(table: string, c: ColumnDef): Claim[] {
  return [
    column(table, c.name),
    ...indexBacked(table, c.uniqueName),
    ...(c.check ? [constraint(table, c.check.name)] : []),
    ...(c.references ? [constraint(table, c.references.name)] : []),
  ];
}
