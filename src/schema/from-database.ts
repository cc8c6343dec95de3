import { CreateMigrationError } from '../errors.js';
import { qualify } from '../sql/identifiers.js';
import { resolveType, type PgType } from '../sql/pg-types.js';
import { DATABASE_CATALOG_QUERY } from './database-catalog-query.js';
import { emptyModel, schemaOf, type ConstraintKind, type ConstraintModel, type SchemaModel } from './model.js';

interface CatalogColumn {
  schema: string;
  table: string;
  name: string;
  type: string;
  array: boolean;
  element_kind: string;
  element_schema: string;
  element_name: string;
  not_null: boolean;
  default: string | null;
  comment: string | null;
}

interface CatalogConstraint {
  schema: string;
  table: string;
  name: string;
  type: 'p' | 'u' | 'c' | 'f';
  columns: string[] | null;
  definition: string;
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[] | null;
}

export interface DatabaseCatalog {
  enums: { schema: string; name: string; labels: string[] }[];
  tables: { schema: string; name: string; comment: string | null }[];
  columns: CatalogColumn[];
  constraints: CatalogConstraint[];
  indexes: { schema: string; table: string; name: string; columns: string[]; definition: string }[];
}

const KINDS: Readonly<Record<CatalogConstraint['type'], ConstraintKind>> = { p: 'primary_key', u: 'unique', c: 'check', f: 'foreign_key' };
const EMPTY_SCOPE = { schema: 'pg_catalog', enums: new Set<string>(), extensionTypes: [] };

/** A column's type from its catalog entry: built-ins as the spec would name them, enums and others by schema and name. */
function columnType(column: CatalogColumn): PgType {
  const arrayDims = column.array ? 1 : 0;
  const brackets = column.array ? '[]' : '';
  if (column.element_kind === 'e') {
    return { sql: qualify(column.element_schema, column.element_name) + brackets, canonical: `${column.element_schema}.${column.element_name}`, typmods: [], arrayDims, kind: 'enum' };
  }
  if (column.element_schema === 'pg_catalog') {
    const resolved = resolveType(column.type, EMPTY_SCOPE);
    if ('type' in resolved) return resolved.type;
  }
  const typmods = /\(([\d,\s]+)\)(?:\[\])?$/.exec(column.type)?.[1]?.split(',').map((part) => Number(part.trim())) ?? [];
  return {
    sql: qualify(column.element_schema, column.element_name) + (typmods.length > 0 ? `(${typmods.join(',')})` : '') + brackets,
    canonical: column.element_name,
    typmods,
    arrayDims,
    kind: 'extension',
  };
}

/** pg_get_indexdef's statement, made re-runnable. */
function indexDefinition(definition: string): string {
  return definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ');
}

/** The schema model of a catalog read from a database: complete, since the database holds everything. */
function modelFromCatalog(catalog: DatabaseCatalog): SchemaModel {
  const model = emptyModel(true);
  for (const entry of catalog.enums) schemaOf(model, entry.schema).enums.set(entry.name, entry.labels);
  for (const table of catalog.tables) {
    schemaOf(model, table.schema).tables.set(table.name, { name: table.name, columns: [], constraints: [], partial: false, ...(table.comment !== null && { comment: table.comment }) });
  }
  for (const column of catalog.columns) {
    schemaOf(model, column.schema).tables.get(column.table)?.columns.push({
      name: column.name,
      type: columnType(column),
      nullable: !column.not_null,
      ...(column.default !== null && { default: column.default }),
      ...(column.comment !== null && { comment: column.comment }),
    });
  }
  for (const constraint of catalog.constraints) {
    const model_: ConstraintModel = {
      name: constraint.name,
      kind: KINDS[constraint.type],
      columns: constraint.columns ?? [],
      definition: constraint.definition,
      ...(constraint.type === 'f' && {
        references: { schema: constraint.ref_schema!, table: constraint.ref_table!, columns: constraint.ref_columns ?? [] },
      }),
    };
    schemaOf(model, constraint.schema).tables.get(constraint.table)?.constraints.push(model_);
  }
  for (const index of catalog.indexes) {
    schemaOf(model, index.schema).indexes.set(index.name, { name: index.name, table: index.table, columns: index.columns, definition: indexDefinition(index.definition) });
  }
  return model;
}

/** How long to wait for a server that does not answer: the URL's connect_timeout (seconds, as libpq reads it), else PGCONNECT_TIMEOUT, else 10 s. */
function connectTimeoutMs(url: string): number {
  let fromUrl: string | null = null;
  try {
    fromUrl = new URL(url).searchParams.get('connect_timeout');
  } catch {
    // not a URL pg can parse either: pg says so
  }
  const seconds = Number(fromUrl ?? process.env.PGCONNECT_TIMEOUT ?? 10);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 10_000;
}

/** The catalog query reads a few system tables; a server that takes longer is stuck (or locked), and the run holds the versions directory's lock. */
const QUERY_TIMEOUT_MS = 30_000;

/** Reads the database at `url` into a schema model (read-only: it changes nothing there). */
export async function modelFromDatabase(url: string): Promise<SchemaModel> {
  const { default: pg } = await import('pg');
  const timeout = connectTimeoutMs(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeout, query_timeout: QUERY_TIMEOUT_MS, statement_timeout: QUERY_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SET search_path = pg_catalog');
    const result = await client.query<{ catalog: string }>(DATABASE_CATALOG_QUERY);
    return modelFromCatalog(JSON.parse(result.rows[0]!.catalog) as DatabaseCatalog);
  } catch (error) {
    const message = (error as Error).message;
    const said = /timeout expired|Connection terminated due to connection timeout/.test(message) ? `the server did not answer within ${timeout / 1000} s (set connect_timeout in the URL to wait longer)` : /Query read timeout/.test(message) ? `the server did not answer the catalog query within ${QUERY_TIMEOUT_MS / 1000} s` : message;
    throw new CreateMigrationError(`cannot read the schema from the database: ${said}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
