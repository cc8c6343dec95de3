import { blankStringConstants } from './blank-string-constants.js';
import type { PgNode, PgParser } from './pg-parser.js';

/** What a PL/pgSQL IF condition looks up in the catalog, when it does. */
export type CatalogObject = 'constraint' | 'column' | 'table' | 'type' | 'index' | 'schema' | 'other';

const CATALOG_OBJECTS: Readonly<Record<string, CatalogObject>> = {
  pg_constraint: 'constraint',
  table_constraints: 'constraint',
  check_constraints: 'constraint',
  referential_constraints: 'constraint',
  key_column_usage: 'constraint',
  constraint_column_usage: 'constraint',
  constraint_table_usage: 'constraint',
  pg_attribute: 'column',
  columns: 'column',
  pg_class: 'table',
  pg_tables: 'table',
  tables: 'table',
  views: 'table',
  pg_views: 'table',
  pg_type: 'type',
  pg_enum: 'type',
  pg_index: 'index',
  pg_indexes: 'index',
  pg_namespace: 'schema',
  schemata: 'schema',
};

/** information_schema views a condition may name without their schema. */
const INFORMATION_SCHEMA_VIEWS = new Set(['columns', 'tables', 'views', 'table_constraints', 'check_constraints', 'referential_constraints', 'key_column_usage', 'constraint_column_usage', 'constraint_table_usage', 'schemata']);

const LOOKUP_FUNCTIONS: Readonly<Record<string, CatalogObject>> = {
  to_regclass: 'table',
  to_regtype: 'type',
  to_regnamespace: 'schema',
  to_regproc: 'other',
  to_regprocedure: 'other',
  to_regrole: 'other',
};

/** Calls `visit` on every object node of a parse tree (for...in: no array of entries per node). */
function walkTree(node: unknown, visit: (key: string, value: PgNode) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walkTree(item, visit);
  } else if (node !== null && typeof node === 'object') {
    const object = node as PgNode;
    for (const key in object) {
      const value = object[key];
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) visit(key, value as PgNode);
      walkTree(value, visit);
    }
  }
}

function catalogRelation(rangeVar: PgNode): CatalogObject | undefined {
  const schema = rangeVar.schemaname as string | undefined;
  const name = rangeVar.relname as string;
  const known = CATALOG_OBJECTS[name];
  if (schema === 'pg_catalog' || schema === 'information_schema') return known ?? 'other';
  if (schema === undefined && (name.startsWith('pg_') || INFORMATION_SCHEMA_VIEWS.has(name))) return known ?? 'other';
  return undefined;
}

/** Lookups by condition with its string constants blanked; cleared like the parser's memo. */
const lookupsByCondition = new Map<string, ReadonlySet<CatalogObject>>();
const LOOKUPS_LIMIT = 20_000;

/**
 * The catalog objects an IF condition looks up: relations of the catalog inside an EXISTS (or
 * any) subquery, and to_regclass()-style lookups. Empty when the condition reads no catalog.
 */
export function catalogLookups(parser: PgParser, condition: string): ReadonlySet<CatalogObject> {
  const key = blankStringConstants(condition) ?? condition;
  let found = lookupsByCondition.get(key);
  if (!found) {
    if (lookupsByCondition.size >= LOOKUPS_LIMIT) lookupsByCondition.clear();
    found = readLookups(parser, key);
    lookupsByCondition.set(key, found);
  }
  return found;
}

function readLookups(parser: PgParser, condition: string): Set<CatalogObject> {
  const found = new Set<CatalogObject>();
  const parsed = parser.parse(`SELECT ${condition}`);
  if ('error' in parsed) return found;
  walkTree(parsed.stmts, (key, value) => {
    if (key === 'SubLink') {
      walkTree(value.subselect, (innerKey, inner) => {
        if (innerKey === 'RangeVar') {
          const object = catalogRelation(inner);
          if (object) found.add(object);
        }
      });
    } else if (key === 'FuncCall') {
      const names = (value.funcname as { String: { sval: string } }[]).map((part) => part.String.sval);
      const object = LOOKUP_FUNCTIONS[names.at(-1)!];
      if (object && (names.length === 1 || names[0] === 'pg_catalog')) found.add(object);
    }
  });
  return found;
}
