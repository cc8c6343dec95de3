import type { LockMode } from './lock-modes.js';

/** A node of libpg_query's JSON parse tree: `{ "CreateStmt": { ... } }` unwrapped to its fields. */
export type PgNode = Record<string, unknown>;

/** The form of a statement that is safe to run again, named in messages and fixes. */
export type Rerun =
  /** Runs again without error, as written (queries, data changes, GRANT, COMMENT, SET, ...). */
  | { readonly kind: 'safe' }
  /** Safe only with its clause (`IF NOT EXISTS`, `IF EXISTS`, `OR REPLACE`, `ON CONFLICT`). */
  | {
      readonly kind: 'clause';
      readonly clause: string;
      /** The statement as written safely: `CREATE TABLE IF NOT EXISTS`. */
      readonly guarded: string;
      /** Whether the parsed statement carries the clause (or an equivalent guard of its own). */
      readonly written: (node: PgNode) => boolean;
    }
  /** PostgreSQL has no clause for it: only a guard that looks the object up first makes it safe. */
  | { readonly kind: 'guard'; readonly guarded: string }
  /** Never belongs in a migration's SQL. */
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * What a statement does under its table lock: only a catalog update, a scan of every row (to
 * validate), an index build (which reads every row), a rewrite of the table and its indexes, or a
 * change to the rows it matches (each then also row-locked).
 */
export type Work = 'catalog' | 'scan' | 'build' | 'rewrite' | 'rows';

export interface TableLock {
  /** The strongest lock it takes on the table it names. */
  readonly mode: LockMode;
  readonly work: Work;
  /** The lock a foreign key also takes on the table it references. */
  readonly referenced?: LockMode;
}

/**
 * The lock-safety concerns a statement raises on a table that existed before the migration (a
 * table created earlier in the same migration is empty, and nobody else uses it yet).
 */
export const HAZARDS = {
  'index-build': {
    problem: 'builds an index under a SHARE lock: writes to the table wait for the whole build',
    safeForm: 'CREATE INDEX CONCURRENTLY (or REINDEX ... CONCURRENTLY) inside `with op.get_context().autocommit_block():`',
  },
  'index-drop': {
    problem: 'drops an index under an ACCESS EXCLUSIVE lock on its table: reads and writes wait, and so does the drop for every running query',
    safeForm: 'DROP INDEX CONCURRENTLY IF EXISTS inside `with op.get_context().autocommit_block():` (or a lock_timeout first, where CONCURRENTLY cannot go, as in a DO block)',
    // The drop itself is a catalog update: only the wait for the lock blocks others, and a lock_timeout bounds that.
    harmlessAfter: 'lock-timeout',
  },
  'validated-check': {
    problem: 'adds a CHECK constraint and scans every row under an ACCESS EXCLUSIVE lock',
    safeForm: 'ADD CONSTRAINT ... CHECK (...) NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in a later transaction (an autocommit block)',
  },
  'validated-foreign-key': {
    problem: 'adds a foreign key and scans every row under SHARE ROW EXCLUSIVE locks on both tables: writes to either wait',
    safeForm: 'ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID (postgresql_not_valid=True), then VALIDATE CONSTRAINT in a later transaction',
  },
  'unique-constraint': {
    problem: 'builds the index of a UNIQUE or PRIMARY KEY constraint under an ACCESS EXCLUSIVE lock: reads and writes wait for the build',
    safeForm: 'CREATE UNIQUE INDEX CONCURRENTLY in an autocommit block, then ADD CONSTRAINT ... UNIQUE (or PRIMARY KEY) USING INDEX',
  },
  'set-not-null': {
    problem: 'sets NOT NULL, which scans every row under an ACCESS EXCLUSIVE lock',
    safeForm: 'ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL (PostgreSQL 12+ skips the scan) and drop the CHECK',
    // PostgreSQL 12+ skips the scan when a validated CHECK (col IS NOT NULL) already proves it.
    harmlessAfter: 'proven-not-null',
  },
  'required-column': {
    problem: 'adds a NOT NULL column without a default, which fails as soon as the table has a row',
    safeForm: 'add the column with a constant server default (filled in without a rewrite), or nullable, backfill it, then set NOT NULL the safe way',
  },
  'type-change': {
    problem: 'changes a column type, which rewrites the table and its indexes under an ACCESS EXCLUSIVE lock (unless the types are binary compatible, e.g. varchar(n) to a longer varchar or text)',
    safeForm: 'add a new column of the new type, backfill it in batches, switch the code over, then drop the old column',
  },
  'rewriting-default': {
    problem: 'adds a column whose value is computed per row (a volatile default, serial, identity or stored generated column), which rewrites the table under an ACCESS EXCLUSIVE lock',
    safeForm: 'add the column without the default (or with a constant one), set the default afterwards, and backfill existing rows in batches',
  },
  rename: {
    problem: 'renames a table or column that running application code still uses by its old name',
    safeForm: 'expand and contract: add the new name (a new column kept in sync, or a view), move the code over, then drop the old name in a later release',
  },
  'drop-database': {
    problem: 'drops a whole database from inside a migration',
    safeForm: 'drop databases by hand or in provisioning, never from a migration',
  },
  'truncate-cascade': {
    problem: 'with CASCADE also empties every table that references it, however far down',
    safeForm: 'TRUNCATE only the tables you mean, listed by name, without CASCADE',
  },
} as const satisfies Record<string, { readonly problem: string; readonly safeForm: string; readonly harmlessAfter?: 'lock-timeout' | 'proven-not-null' }>;

export type Hazard = keyof typeof HAZARDS;

/** Everything the tool knows about one kind of statement (or ALTER TABLE subcommand). */
export interface StatementSafety {
  /** How messages name it: `CREATE TABLE`, `ADD COLUMN`. */
  readonly action: string;
  readonly rerun: Rerun;
  /** Its lock on the existing table it names; absent when it locks no table (CREATE TYPE, GRANT). */
  readonly lock?: TableLock;
  /** PostgreSQL refuses it inside a transaction block, so Alembic must run it in an autocommit block. */
  readonly outsideTransaction?: true;
  /** What it changes, as the schema model sees it (`nothing`: queries, settings, privileges). */
  readonly changes: 'schema' | 'data' | 'nothing';
  /** Its lock-safety concerns on a table that existed before the migration. */
  readonly hazards?: readonly Hazard[];
}

/** A statement whose safety depends on how it is written (CONCURRENTLY, NOT VALID, its object type). */
export interface SafetyVariants<V extends string = string> {
  readonly variantOf: (node: PgNode) => V;
  readonly variants: Readonly<Record<V, StatementSafety>>;
}

export type SafetyEntry = StatementSafety | SafetyVariants;

export function variants<V extends string>(variantOf: (node: PgNode) => V, table: Readonly<Record<V, StatementSafety>>): SafetyVariants<V> {
  return { variantOf, variants: table };
}

/** The entry's safety for `node`. */
export function resolveSafety(entry: SafetyEntry, node: PgNode): StatementSafety {
  return 'variants' in entry ? entry.variants[entry.variantOf(node)]! : entry;
}

/** Whether any node of `tree` under the key `kind` (`FuncCall`, `SubLink`, ...) passes `test`. */
export function someNode(tree: unknown, kind: string, test: (node: PgNode) => boolean): boolean {
  if (Array.isArray(tree)) return tree.some((item) => someNode(item, kind, test));
  if (tree === null || typeof tree !== 'object') return false;
  for (const key in tree as PgNode) {
    const value = (tree as PgNode)[key];
    if (key === kind && value !== null && typeof value === 'object' && test(value as PgNode)) return true;
    if (someNode(value, kind, test)) return true;
  }
  return false;
}

/** The last part of a function name as the parser gives it (`pg_catalog.now` → `now`). */
export function functionName(call: PgNode): string | undefined {
  return (call.funcname as { String?: { sval: string } }[] | undefined)?.at(-1)?.String?.sval;
}

/** Whether a list of DefElem options (VACUUM's, REINDEX's) holds `name`. */
export function hasOption(options: unknown, name: string): boolean {
  return ((options as { DefElem?: { defname?: string } }[] | undefined) ?? []).some((option) => option.DefElem?.defname === name);
}

// Shorthands for the tables.

export const SAFE: Rerun = { kind: 'safe' };

export function clause(clauseText: string, guarded: string, field: string): Rerun {
  return { kind: 'clause', clause: clauseText, guarded, written: (node) => node[field] === true };
}

/** Needs a guard that looks the object up in `catalog` first. */
export function lookup(catalog: string, what: string): Rerun {
  return { kind: 'guard', guarded: `a DO block that runs it only when ${catalog} has no ${what}` };
}

export function lock(mode: LockMode, work: Work, referenced?: LockMode): TableLock {
  return { mode, work, ...(referenced && { referenced }) };
}
