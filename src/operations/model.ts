import type { NamingConvention } from '../sql/derived-names.js';
import { resolveForms, type ResolvedForms, type SafeForms } from '../sql/definitions.js';
import type { LockPolicy } from '../sql/lock-retry.js';
import { tableKey, type SessionSetting } from '../sql/statement.js';
import type { Operation } from './registry.js';

// A migration as the spec describes it, once read and checked: its operations (each declared in
// its own module, named in registry.ts) and the settings of its transactions.

/** A session setting applied to every statement of the upgrade and the downgrade. */
export type Setting = SessionSetting;

/** How a migration waits for locks and fills columns: from the spec, else the configuration, else the built-in defaults. */
export interface Pacing {
  readonly locks: LockPolicy;
  /** Rows per batch of a backfill. */
  readonly batchSize: number;
}

export interface Migration {
  readonly message: string;
  readonly schema: string;
  readonly operations: readonly Operation[];
  /** lock_timeout (always) and statement_timeout (when set), for every transaction of both directions. */
  readonly settings: readonly Setting[];
  readonly pacing: Pacing;
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
  /** Tables created earlier in the same direction (the upgrade, or the downgrade): new, empty, unused by anyone else yet. */
  readonly newTables: ReadonlySet<string>;
  readonly pacing: Pacing;
  /** By table name: the columns operations after this one in the same direction add, drop, rename or alter (see changesColumns). */
  readonly changedLater?: ReadonlyMap<string, readonly string[]>;
}

/** The columns of `table` that operations after this one in the same direction change. */
export function changedLater(context: RenderContext, table: string): readonly string[] {
  return context.changedLater?.get(table) ?? [];
}

/** Whether `table` of the context's schema was created earlier in the same direction. */
export function isNewTable(context: RenderContext, table: string): boolean {
  return context.newTables.has(tableKey({ schema: context.schema, name: table }));
}

/** The forms a statement on `table` takes: the safe ones on an existing table, unless the spec opted out. */
export function formsOn(context: RenderContext, table: string, forms: SafeForms = {}): ResolvedForms {
  return resolveForms(forms, isNewTable(context, table));
}

/** The context with `table` created (by the statements written so far): new for what follows. */
export function newTableContext(context: RenderContext, table: string): RenderContext {
  return { ...context, newTables: new Set([...context.newTables, tableKey({ schema: context.schema, name: table })]) };
}
