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
}

export interface CheckDef {
  readonly name: string;
  readonly expression: CheckedExpression;
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

/**
 * How a constraint or index is added to a table that holds rows. Absent: the safe form on a
 * table that existed before the migration, the plain one on a table created earlier in it (new,
 * empty, unused); false is the spec's explicit opt-out of the safe form.
 */
export interface SafeForms {
  /** CHECK and FOREIGN KEY added NOT VALID, then validated in a transaction of their own; NOT NULL proven by such a CHECK. */
  readonly notValid?: boolean;
  /** Indexes, and the indexes of UNIQUE and PRIMARY KEY constraints, built CONCURRENTLY. */
  readonly concurrently?: boolean;
}

/** The forms resolved for one table: true where the safe form is used. */
export interface ResolvedForms {
  readonly notValid: boolean;
  readonly concurrently: boolean;
}

/** The safe forms on an existing table unless the spec opted out; the plain ones on a new table unless it opted in. */
export function resolveForms(forms: SafeForms, newTable: boolean): ResolvedForms {
  return { notValid: forms.notValid ?? !newTable, concurrently: forms.concurrently ?? !newTable };
}
