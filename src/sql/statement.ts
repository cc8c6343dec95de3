import type { StatementSafety } from './safety-model.js';

// What every SQL builder returns and the renderer writes: statements, with what they lock and how
// they may be run, and the refusal a downgrade step gives when it cannot be written.

/** A table by schema and name, both unquoted. */
export interface TableName {
  readonly schema: string;
  readonly name: string;
}

/** Tables known only when the statement runs, described for people (`every table with a column of type app.status`). */
export interface DescribedTables {
  readonly described: string;
}

/** A lock a statement takes, as the statement-safety table describes what it does there. */
export interface LockTaken {
  readonly table: TableName | DescribedTables;
  /** The statement-safety table's entry for the action (ADD COLUMN, VALIDATE CONSTRAINT, ...): its `lock` gives mode and work. */
  readonly safety: StatementSafety;
  /** The table a foreign key references, which gets `safety.lock.referenced`. */
  readonly referenced?: TableName;
  /** What makes it a rewrite or a scan when the entry's words need the particulars: `the volatile default gen_random_uuid()`. */
  readonly detail?: string;
  /** How to name the action when the entry's word is too general (`DROP TABLE` for the entry's `DROP`). */
  readonly action?: string;
}

/** A session setting as a statement needs it (`lock_timeout`, `0`). */
export interface SessionSetting {
  readonly name: 'lock_timeout' | 'statement_timeout';
  readonly value: string;
}

/** One SQL statement of an upgrade or downgrade. */
export interface Statement {
  readonly sql: string;
  /** Runs outside the migration's transaction, in a transaction of its own (or none: CREATE INDEX CONCURRENTLY). */
  readonly autocommit?: boolean;
  /** Written into the file as given, not re-indented: a user's quoted text spans its lines. */
  readonly verbatim?: boolean;
  /** The user's own SQL (execute): run exactly as written and where written, never wrapped. */
  readonly asWritten?: boolean;
  /** What it locks. Absent: no table (CREATE TYPE, CREATE SCHEMA). */
  readonly locks?: readonly LockTaken[];
  /** The table it creates: new and empty for the statements after it in the same direction. */
  readonly creates?: TableName;
  /**
   * The same work as PL/pgSQL statements, each ending in `;`, for a block that wraps it (a loop
   * that retries it when its lock times out). Absent: it cannot run inside a DO block.
   */
  readonly plpgsql?: string;
  /** Why it is written this way, in a few words: a comment line above it in the file. */
  readonly why?: string;
  /** Session settings it needs in an autocommit block (set before it, reset when the block ends). */
  readonly session?: readonly SessionSetting[];
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
  /** What it locks, as the statement-safety table has it. */
  readonly locks?: readonly LockTaken[];
}

/** `schema.name` as a key for sets of tables (unquoted, so never ambiguous with quoting). */
export function tableKey(table: TableName): string {
  return JSON.stringify([table.schema, table.name]);
}
