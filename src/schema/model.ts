import type { PgType } from '../sql/pg-types.js';

// What the generator knows of the schema it is changing: replayed from the specs the history's
// files carry, or read from a live database. Objects are keyed by their exact (unquoted) names.

export interface ColumnModel {
  readonly name: string;
  readonly type: PgType;
  readonly nullable: boolean;
  /** The DEFAULT expression as SQL text, when there is one. */
  readonly default?: string;
  readonly comment?: string;
}

export type ConstraintKind = 'primary_key' | 'unique' | 'check' | 'foreign_key';

export interface ConstraintModel {
  readonly name: string;
  readonly kind: ConstraintKind;
  readonly columns: readonly string[];
  /** As ALTER TABLE ... ADD CONSTRAINT takes it: `CHECK (...)`, `FOREIGN KEY (a) REFERENCES s.t (id)`. */
  readonly definition: string;
  readonly references?: {
    readonly schema: string;
    readonly table: string;
    readonly columns: readonly string[];
    readonly onDelete?: string;
    readonly onUpdate?: string;
  };
}

export interface IndexModel {
  readonly name: string;
  readonly table: string;
  readonly columns: readonly string[];
  /** The statement that re-creates it (CREATE [UNIQUE] INDEX IF NOT EXISTS ...), schema-qualified. */
  readonly definition: string;
}

export interface TableModel {
  readonly name: string;
  columns: ColumnModel[];
  constraints: ConstraintModel[];
  comment?: string;
  /**
   * True when only some of its columns and constraints are known: a table the history changes
   * but did not create, or one hand-written SQL may have changed. Only a fully known table's
   * missing column is a missing column.
   */
  partial: boolean;
}

export interface SchemaContents {
  readonly tables: Map<string, TableModel>;
  readonly enums: Map<string, string[]>;
  readonly indexes: Map<string, IndexModel>;
}

export interface SchemaModel {
  /**
   * True when every object of the model's schemas is known, as in a database: only then does a
   * table, enum or index missing from the model not exist. A history never knows that much
   * (tables may predate it), but knows the tables it created whole.
   */
  complete: boolean;
  readonly schemas: Map<string, SchemaContents>;
}

export function emptyModel(complete: boolean): SchemaModel {
  return { complete, schemas: new Map() };
}

/** After a change the model cannot follow (hand-written SQL, an unreadable file), no table is fully known. */
export function markPartial(model: SchemaModel): void {
  model.complete = false;
  for (const contents of model.schemas.values()) for (const table of contents.tables.values()) table.partial = true;
}

export function schemaOf(model: SchemaModel, schema: string): SchemaContents {
  let contents = model.schemas.get(schema);
  if (!contents) {
    contents = { tables: new Map(), enums: new Map(), indexes: new Map() };
    model.schemas.set(schema, contents);
  }
  return contents;
}

export function findTable(model: SchemaModel, schema: string, table: string): TableModel | undefined {
  return model.schemas.get(schema)?.tables.get(table);
}

export function findColumn(model: SchemaModel, schema: string, table: string, column: string): ColumnModel | undefined {
  return findTable(model, schema, table)?.columns.find((candidate) => candidate.name === column);
}

export function findEnum(model: SchemaModel, schema: string, name: string): string[] | undefined {
  return model.schemas.get(schema)?.enums.get(name);
}
