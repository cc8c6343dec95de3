// What every SQL builder returns and the renderer writes: statements, and the refusal a
// downgrade step gives when it cannot be written.

/** One SQL statement of an upgrade or downgrade. */
export interface Statement {
  readonly sql: string;
  /** Runs outside the migration's transaction (CREATE INDEX CONCURRENTLY, ALTER TYPE ADD VALUE). */
  readonly autocommit?: boolean;
  /** Written into the file as given, not re-indented: a user's quoted text spans its lines. */
  readonly verbatim?: boolean;
}

/** A downgrade step that cannot be written: the file raises NotImplementedError with this reason. */
export interface Refusal {
  readonly refuse: string;
}

export type DowngradeStatement = Statement | Refusal;

/** One statement of a user's own SQL script, as PostgreSQL's parser split it. */
export interface SqlStatement {
  readonly sql: string;
  readonly autocommit: boolean;
  readonly verbatim: boolean;
  /** DDL or a DO block: something that may change the schema rather than rows. */
  readonly changesSchema: boolean;
}
