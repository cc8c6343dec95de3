import type { NamingConvention } from '../sql/derived-names.js';
import type { CheckedExpression } from '../sql/expressions.js';
import type { CheckDef, ColumnDef, ForeignKeyDef } from '../sql/definitions.js';
import type { SqlStatement } from '../sql/statement.js';
import type { PgType } from '../sql/pg-types.js';
import type { IndexModel } from '../schema/model.js';
import type { Restore } from '../schema/restore.js';

// The validated forms of the spec's operations. Every name here is final: derived names have
// been filled in and checked, so rendering makes no decisions about naming.

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
  readonly check: CheckDef;
}

export interface AddUnique {
  readonly op: 'add_unique';
  readonly table: string;
  readonly name: string;
  readonly columns: readonly string[];
}

export interface AddForeignKey {
  readonly op: 'add_foreign_key';
  readonly table: string;
  readonly foreignKey: ForeignKeyDef;
}

export interface DropColumn {
  readonly op: 'drop_column';
  readonly table: string;
  /** The dropped column as the downgrade re-creates it (not its data). */
  readonly column: ColumnDef;
  readonly primaryKeyName?: string;
  /** Constraints and indexes on the column, known from the schema, that the downgrade re-creates too. */
  readonly restore?: Restore;
}

export interface RenameColumn {
  readonly op: 'rename_column';
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

export interface TypeChange {
  readonly to: PgType;
  readonly using?: CheckedExpression;
  /** The type the downgrade converts back to; without it the downgrade cannot undo the change. */
  readonly from?: PgType;
  readonly fromUsing?: CheckedExpression;
}

export interface NullabilityChange {
  readonly nullable: boolean;
  /** Fills NULLs before SET NOT NULL. */
  readonly backfill?: CheckedExpression;
  /** SET NOT NULL behind a validated CHECK (column IS NOT NULL), so the table is not scanned under an exclusive lock. */
  readonly viaCheck?: string;
}

export interface DefaultChange {
  /** The new default; null drops it. */
  readonly to: CheckedExpression | null;
  /** The default the downgrade restores; null: none. */
  readonly from: CheckedExpression | null;
}

export interface AlterColumn {
  readonly op: 'alter_column';
  readonly table: string;
  readonly column: string;
  readonly type?: TypeChange;
  readonly nullability?: NullabilityChange;
  readonly serverDefault?: DefaultChange;
}

export interface AddEnumValue {
  readonly op: 'add_enum_value';
  readonly enum: string;
  readonly value: string;
  readonly position?: { readonly placement: 'BEFORE' | 'AFTER'; readonly label: string };
}

export interface DropTable {
  readonly op: 'drop_table';
  readonly table: string;
  /** How the downgrade re-creates the table; absent: the downgrade refuses, saying why. */
  readonly recreate?: CreateTable;
  /** The table's constraints and indexes, known from the schema, re-created after it. */
  readonly restore?: Restore;
}

export interface DropIndex {
  readonly op: 'drop_index';
  readonly name: string;
  readonly concurrently: boolean;
  /** How the downgrade re-creates the index: from the spec, or as the schema knows it. */
  readonly recreate?: CreateIndex | IndexModel;
}

export interface DropConstraint {
  readonly op: 'drop_constraint';
  readonly table: string;
  readonly name: string;
  /** The constraint's definition (`CHECK (...)`, `UNIQUE (...)`, `FOREIGN KEY ...`) for the downgrade. */
  readonly definition?: string;
}

export interface Execute {
  readonly op: 'execute';
  readonly upgrade: readonly SqlStatement[];
  /** Absent when irreversible: the downgrade then refuses and says to restore from a backup. */
  readonly downgrade?: readonly SqlStatement[];
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

export type Operation =
  | CreateEnum
  | CreateTable
  | AddColumn
  | AddCheck
  | CreateIndex
  | AddUnique
  | AddForeignKey
  | DropColumn
  | RenameColumn
  | AlterColumn
  | AddEnumValue
  | DropTable
  | DropIndex
  | DropConstraint
  | Execute;
export type OperationName = Operation['op'];

/** A session setting applied to every statement of the upgrade and the downgrade. */
export interface Setting {
  readonly name: 'lock_timeout' | 'statement_timeout';
  readonly value: string;
}

export interface Migration {
  readonly message: string;
  readonly schema: string;
  readonly operations: readonly Operation[];
  readonly settings: readonly Setting[];
  /**
   * The spec with every default that shaped the file made explicit (schema, timeouts, extension
   * types): written into the file, so replaying the history's specs gives back its schema.
   */
  readonly source: Readonly<Record<string, unknown>>;
}

/** What rendering needs besides the operation itself. */
export interface RenderContext {
  readonly schema: string;
  readonly naming: NamingConvention;
}
