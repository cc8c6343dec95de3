// What driver/autogenerate_bridge.py reports: Alembic's autogenerate operations, described as
// plain JSON close to Alembic's own classes, with what the database said about them.

/** A type as SQLAlchemy's PostgreSQL dialect compiles it; a native enum also by schema and name. */
export interface ModelType {
  readonly sql: string;
  readonly enum?: { readonly schema: string; readonly name: string };
  /** Array dimensions around the enum. */
  readonly array?: number;
}

export interface ModelColumn {
  readonly name: string;
  readonly type: ModelType;
  readonly nullable: boolean;
  readonly primary_key: boolean;
  /** As DDL writes it: a Python string quoted ('active'), an expression compiled (now()). */
  readonly server_default: string | null;
  readonly comment: string | null;
  /** Where SQLAlchemy's CREATE TABLE would write SERIAL / BIGSERIAL / SMALLSERIAL. */
  readonly serial?: 'serial' | 'bigserial' | 'smallserial';
  readonly identity?: boolean;
  readonly computed?: string;
  readonly sequence?: string;
}

export type ModelConstraint =
  | { readonly kind: 'primary_key'; readonly name: string | null; readonly columns: readonly string[] }
  | {
      readonly kind: 'unique';
      readonly name: string | null;
      readonly columns: readonly string[];
      readonly nulls_not_distinct?: boolean;
      readonly include?: readonly string[];
    }
  | { readonly kind: 'check'; readonly name: string | null; readonly expression: string }
  | {
      readonly kind: 'foreign_key';
      readonly name: string | null;
      readonly columns: readonly string[];
      readonly ref_schema: string;
      readonly ref_table: string;
      readonly ref_columns: readonly string[];
      readonly ondelete: string | null;
      readonly onupdate: string | null;
      readonly deferrable?: string;
      readonly initially?: string;
      readonly match?: string;
    }
  | { readonly kind: 'other'; readonly name: string | null; readonly class: string };

export interface IndexKey {
  readonly column?: string;
  readonly expression?: string;
  readonly order?: 'desc';
  readonly nulls?: 'first' | 'last';
  readonly opclass?: string;
}

export interface ModelIndex {
  readonly name: string | null;
  readonly unique: boolean;
  readonly using: string | null;
  readonly keys: readonly IndexKey[];
  readonly where: string | null;
  readonly with: Readonly<Record<string, string>>;
  readonly include?: readonly string[];
  readonly nulls_not_distinct?: boolean;
  readonly tablespace?: string;
}

interface OnTable {
  readonly schema: string;
  readonly table: string;
}

export interface AlterColumnChange extends OnTable {
  readonly kind: 'alter_column';
  readonly column: string;
  readonly existing: { readonly type: ModelType | null; readonly nullable: boolean | null; readonly server_default: string | null; readonly comment: string | null };
  /** Present when the type changes, with what PostgreSQL needed to convert the column, tried both ways. */
  readonly type?: ModelType;
  readonly using?: boolean;
  /** The way back (the downgrade) needs USING. */
  readonly from_using?: boolean;
  /** A default does not cast one way or the other: drop it first and set it again after. */
  readonly reset_default?: boolean;
  readonly model_server_default?: string | null;
  readonly nullable?: boolean;
  /** Present when the default changes (env.py's compare_server_default); null drops it. */
  readonly server_default?: string | null;
  /** Present when the comment changes; null removes it. */
  readonly comment?: string | null;
}

export type Change =
  | (OnTable & {
      readonly kind: 'create_table';
      readonly comment: string | null;
      readonly columns: readonly ModelColumn[];
      readonly constraints: readonly ModelConstraint[];
    })
  | (OnTable & { readonly kind: 'drop_table'; readonly columns: readonly ModelColumn[] })
  | (OnTable & { readonly kind: 'add_column'; readonly column: ModelColumn })
  | (OnTable & { readonly kind: 'drop_column'; readonly column: ModelColumn })
  | AlterColumnChange
  | (OnTable & { readonly kind: 'create_index'; readonly index: ModelIndex })
  | (OnTable & { readonly kind: 'drop_index'; readonly name: string })
  | (OnTable & { readonly kind: 'add_constraint'; readonly constraint: ModelConstraint })
  | (OnTable & { readonly kind: 'drop_constraint'; readonly name: string })
  | (OnTable & { readonly kind: 'table_comment'; readonly comment: string | null; readonly existing: string | null });

export interface EnumType {
  readonly schema: string;
  readonly name: string;
  readonly labels: readonly string[];
}

export interface ModelEnum extends EnumType {
  /** Each column that uses it, with the labels that column's type declares. */
  readonly used_by: readonly (OnTable & { readonly column: string; readonly labels: readonly string[] })[];
}

/** The answer to an {"autogenerate": true} request. */
export interface Comparison {
  /** The database's default schema (current_schema()), where objects without a schema go. */
  readonly default_schema: string | null;
  readonly changes: readonly Change[];
  readonly model_enums: readonly ModelEnum[];
  readonly database_enums: readonly EnumType[];
  /** For each compiled type that is not an enum: whether the database has it, and in which schema. */
  readonly types: Readonly<Record<string, { readonly exists: boolean; readonly schema: string | null }>>;
  /** What the bridge could not describe at all. */
  readonly refusals: readonly string[];
}
