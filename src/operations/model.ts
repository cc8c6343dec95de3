import type { NamingConvention } from '../sql/derived-names.js';
import type { Operation } from './registry.js';

// A migration as the spec describes it, once read and checked: its operations (each declared in
// its own module, named in registry.ts) and the settings of its transactions.

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
