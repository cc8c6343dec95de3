import type { NamingConvention } from '../sql/derived-names.js';
import type { CheckedExpression } from '../sql/expressions.js';
import type { PgType } from '../sql/pg-types.js';

// The validated forms of the spec's operations. Every name here is final: derived names have
// been filled in and checked, so rendering makes no decisions about naming.

export interface ColumnDef {
  readonly name: string;
  readonly type: PgType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  /** The name of the column's UNIQUE constraint, when it has one. */
  readonly uniqueName?: string;
  readonly serverDefault?: CheckedExpression;
  readonly comment?: string;
}

export interface CreateEnum {
  readonly op: 'create_enum';
  readonly name: string;
  readonly values: readonly string[];
}

export interface CreateTable {
  readonly op: 'create_table';
  readonly table: string;
  readonly columns: readonly ColumnDef[];
  /** The PRIMARY KEY constraint's name, when any column is part of the key. */
  readonly primaryKeyName?: string;
  readonly comment?: string;
}

export interface AddColumn {
  readonly op: 'add_column';
  readonly table: string;
  readonly column: ColumnDef;
  readonly primaryKeyName?: string;
}

export interface AddCheck {
  readonly op: 'add_check';
  readonly table: string;
  readonly name: string;
  readonly expression: CheckedExpression;
}

export interface IndexKey {
  /** A column name, or an expression when `expression` is set. */
  readonly column?: string;
  readonly expression?: CheckedExpression;
  readonly opclass?: string;
  readonly descending: boolean;
  readonly nulls?: 'FIRST' | 'LAST';
}

export interface CreateIndex {
  readonly op: 'create_index';
  readonly table: string;
  readonly name: string;
  readonly keys: readonly IndexKey[];
  readonly unique: boolean;
  readonly method: string;
  readonly where?: CheckedExpression;
  readonly storage: readonly (readonly [string, string])[];
  readonly concurrently: boolean;
}

export type Operation = CreateEnum | CreateTable | AddColumn | AddCheck | CreateIndex;
export type OperationName = Operation['op'];

export interface Migration {
  readonly message: string;
  readonly schema: string;
  readonly operations: readonly Operation[];
}

/** What rendering needs besides the operation itself. */
export interface RenderContext {
  readonly schema: string;
  readonly naming: NamingConvention;
}

/** One SQL statement of an upgrade or downgrade. */
export interface Statement {
  readonly sql: string;
  /** Runs outside the migration's transaction (CREATE INDEX CONCURRENTLY, ALTER TYPE ADD VALUE). */
  readonly autocommit?: boolean;
}
