import type { StaticString } from './string-literal.js';

/** The two functions Alembic calls; code in helpers counts for whichever of them calls it. */
export type Phase = 'upgrade' | 'downgrade';

/** Where a piece of code runs. */
export interface CodeContext {
  /** upgrade() and/or downgrade() reach this code (empty for module-level code). */
  readonly phases: readonly Phase[];
  /** Inside `with op.get_context().autocommit_block():`. */
  readonly inAutocommit: boolean;
  /** Under an `if` (or after an early return) that inspects the database from Python. */
  readonly inspectionGuard: boolean;
}

export type KeywordValue =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'other' };

/** An `op.<name>(...)` call other than op.execute. */
export interface OpCall extends CodeContext {
  readonly name: string;
  readonly line: number;
  readonly keywords: ReadonlyMap<string, KeywordValue>;
  /** The first positional string argument (a table or index name), when there is one. */
  readonly subject?: string;
}

/** SQL text handed to op.execute (or another .execute) that is known without running the code. */
export interface ExecutedSql extends CodeContext {
  readonly sql: StaticString;
  readonly line: number;
}

/** An enum type SQLAlchemy creates or drops from Python: `sa.Enum(..., name=...)`. */
export interface EnumUse extends CodeContext {
  readonly name: string;
  readonly line: number;
  readonly action: 'create' | 'drop';
}

export interface FunctionSummary {
  readonly line: number;
  /** Nothing but `pass`, `...` or a docstring. */
  readonly empty: boolean;
}

/** What the rules need to know about a migration's Python, read from its syntax tree. */
export interface PythonFacts {
  readonly syntaxErrors: readonly { readonly line: number; readonly near: string }[];
  readonly upgrade?: FunctionSummary;
  readonly downgrade?: FunctionSummary;
  readonly opCalls: readonly OpCall[];
  readonly executedSql: readonly ExecutedSql[];
  readonly getBindLines: readonly number[];
  readonly enums: readonly EnumUse[];
}
