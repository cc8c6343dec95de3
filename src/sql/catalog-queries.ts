import { qualify } from './identifiers.js';
import { quoteLiteral } from './literals.js';

// Each query looks an object up by its schema as well as its name: a same-named object in
// another schema must never make a guard skip its statement.

export function schemaQuery(schema: string): string {
  return `SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ${quoteLiteral(schema)}`;
}

export function typeQuery(schema: string, name: string): string {
  return [
    'SELECT 1',
    'FROM pg_catalog.pg_type t',
    'JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace',
    `WHERE n.nspname = ${quoteLiteral(schema)} AND t.typname = ${quoteLiteral(name)}`,
  ].join('\n');
}

/** A constraint on this table (`conrelid`), never a same-named one on any other table. */
export function constraintQuery(schema: string, table: string, name: string): string {
  return [
    'SELECT 1 FROM pg_catalog.pg_constraint',
    `WHERE conrelid = to_regclass(${quoteLiteral(qualify(schema, table))})`,
    `  AND conname = ${quoteLiteral(name)}`,
  ].join('\n');
}

/** An index left INVALID by an interrupted CREATE INDEX CONCURRENTLY. */
export function invalidIndexQuery(schema: string, name: string): string {
  return [
    'SELECT 1 FROM pg_catalog.pg_index',
    `WHERE indexrelid = to_regclass(${quoteLiteral(qualify(schema, name))})`,
    '  AND NOT indisvalid',
  ].join('\n');
}

/** A live (not dropped) column of this very table. */
export function columnQuery(schema: string, table: string, column: string): string {
  return [
    'SELECT 1 FROM pg_catalog.pg_attribute',
    `WHERE attrelid = to_regclass(${quoteLiteral(qualify(schema, table))})`,
    `  AND attname = ${quoteLiteral(column)} AND NOT attisdropped`,
  ].join('\n');
}
