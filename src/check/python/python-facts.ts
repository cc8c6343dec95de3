import type { StaticString } from './string-literal.js';

/** The two functions Alembic calls; code in helpers counts for whichever of them calls it. */
export type Phase = 'upgrade' | 'downgrade';

/** Where a piece of code runs. */
export interface CodeContext {
  /** upgrade() and/or downgrade() reach this code (empty for module-level code). */
  readonly phases: readonly Phase[];
  /** Inside `with op.get_context().autocommit_block():`. */
  readonly inAutocommit: boolean;
  /** Under an `if` (or after an early return) that looks objects up in the database. */
  readonly inspectionGuard: boolean;
}

/** A column written as `sa.Column(...)` in an operation's arguments, as far as the rules need it. */
export interface ColumnArgument {
  readonly name?: string;
  /** The type's name as written (`sa.BigInteger`, `postgresql.UUID`), without arguments. */
  readonly type?: string;
  readonly nullable?: boolean;
  readonly primaryKey: boolean;
  /** `server_default=`: its SQL when it is a literal or sa.text(literal); `undefined` SQL when computed. */
  readonly serverDefault?: { readonly sql?: string };
  /** `sa.Identity(...)` or `sa.Computed(...)`: values computed for every row. */
  readonly computedBy?: 'identity' | 'computed';
  /** The `sa.ForeignKey("table.column")` it carries. */
  readonly foreignKey?: string;
}

/** A value of a call's argument that is known without running the code. */
export type ArgumentValue =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  /** A string literal, or one wrapped in op.f(), sa.text() or conv(). */
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list'; readonly items: readonly ArgumentValue[] }
  | { readonly kind: 'column'; readonly column: ColumnArgument }
  /** A call to anything else: `sa.Integer()`, `sa.Enum(...)`. */
  | { readonly kind: 'call'; readonly callee: string }
  | { readonly kind: 'other' };

/** A call of an Alembic operation: `op.<name>(...)`, or `batch_op.<name>(...)` inside `with op.batch_alter_table(...)`. */
export interface OpCall extends CodeContext {
  readonly name: string;
  readonly line: number;
  readonly positional: readonly ArgumentValue[];
  readonly keywords: ReadonlyMap<string, ArgumentValue>;
  /** The `op.batch_alter_table(...)` this call is made through: `with op.batch_alter_table(table) as alias:`. */
  readonly batch?: { readonly alias: string; readonly table: string; readonly schema?: string };
}

/** SQL text handed to op.execute (or another .execute) that is known without running the code. */
export interface ExecutedSql extends CodeContext {
  readonly sql: StaticString;
  readonly line: number;
  /** Handed over with parameters (`execute(sql, params)`): `%s` / `%(name)s` are the driver's placeholders. */
  readonly withParameters: boolean;
}

/** An enum type SQLAlchemy creates or drops from Python: `sa.Enum(..., name=...)`. */
export interface EnumUse extends CodeContext {
  readonly name: string;
  readonly line: number;
  readonly action: 'create' | 'drop';
  /** As part of `op.create_table` (SQLAlchemy checks first) or by an explicit `.create()` / `.drop()` call. */
  readonly via: 'table' | 'call';
  /** `checkfirst=True` on an explicit call: SQLAlchemy looks the type up first. */
  readonly checkfirst: boolean;
}

export interface FunctionSummary {
  readonly line: number;
  /** Does nothing: only `pass`, `...`, a docstring, `return`, or calls to print/logging. */
  readonly empty: boolean;
  /** Its first statement raises (a deliberate refusal, such as NotImplementedError). */
  readonly refuses: boolean;
}

/** Something the reader saw but could not analyse, reported so nothing passes unseen. */
export interface Unanalysed {
  readonly line: number;
  readonly message: string;
}

/** What the rules need to know about a migration's Python, read from its syntax tree. */
export interface PythonFacts {
  /** `strict`: a form tree-sitter accepts but Python 3 refuses (Python 2 code); `near` then describes it. */
  readonly syntaxErrors: readonly { readonly line: number; readonly near: string; readonly strict?: true }[];
  readonly upgrade?: FunctionSummary;
  readonly downgrade?: FunctionSummary;
  readonly opCalls: readonly OpCall[];
  readonly executedSql: readonly ExecutedSql[];
  /** Lines that read the database from Python (inspect(), a query's result, checkfirst=True). */
  readonly inspections: readonly number[];
  readonly enums: readonly EnumUse[];
  /** SQL strings built at run time: what each interpolates. */
  readonly interpolations: readonly Unanalysed[];
  readonly unanalysed: readonly Unanalysed[];
}
