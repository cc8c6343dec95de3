import type { CheckedExpression } from './expressions.js';
import type { PgType } from './pg-types.js';

// Columns and constraints as the DDL builders write them. Every name here is final: derived
// names have been filled in and checked, so rendering makes no decisions about naming.

export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';
export const REFERENTIAL_ACTIONS: readonly ReferentialAction[] = ['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT'];

export interface ForeignKeyDef {
  readonly name: string;
  readonly columns: readonly string[];
  readonly refSchema: string;
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** Added NOT VALID, then validated in a transaction of its own, so rows are checked without a long lock. */
  readonly notValid: boolean;
}

export interface CheckDef {
  readonly name: string;
  readonly expression: CheckedExpression;
  readonly notValid: boolean;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: PgType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  /** The name of the column's UNIQUE constraint, when it has one. */
  readonly uniqueName?: string;
  readonly serverDefault?: CheckedExpression;
  readonly comment?: string;
  readonly references?: ForeignKeyDef;
  readonly check?: CheckDef;
}
