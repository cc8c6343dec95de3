import type { FieldsNode } from '../fields/fields-node.js';
import type { Fields } from '../fields/kinds.js';
import type { FieldContext } from '../fields/readers.js';
import type { SchemaModel } from '../schema/model.js';
import type { NamingConvention } from '../sql/derived-names.js';
import type { DowngradeStatement, Statement } from '../sql/statement.js';
import type { RenderContext } from './model.js';

/** What an operation is read in: the field readers' context, the naming patterns and the schema it changes. */
export interface ParseContext extends FieldContext {
  readonly naming: NamingConvention;
  /** Enums created by the operations read so far, which later columns may use. */
  readonly enums: Set<string>;
  /** Where the model comes from, for messages: "the database", "the history's specs". */
  readonly modelSource: string;
  /**
   * Whether to hold operations to the model (refuse what already exists or does not). Off when
   * replaying a history, whose specs were checked when they were written.
   */
  readonly strict: boolean;
  /** Tables the operations read so far create (nobody's running code uses them yet), by the path of their creator. */
  readonly newTables?: ReadonlyMap<string, string>;
  warn(path: string, message: string): void;
}

/** A name an operation gives an object; two operations of one spec must not claim the same one. */
export interface Claim {
  /** Names that must be unique across the spec, e.g. `relation:ix_users_email`. */
  readonly key: string;
  readonly what: string;
}

/** How an operation is documented: the README's section is made from this. */
export interface OperationDoc {
  /** What it does, in Markdown, after "`op` — " (a sentence or a paragraph); none: the example says it. */
  readonly text?: string;
  /** A YAML list of one or more operations, with comments: read by the suite as a spec. */
  readonly example: string;
  /** Markdown after the example, when there is more to say. */
  readonly notes?: string;
}

/** Columns of one table. */
export interface TableColumns {
  readonly table: string;
  readonly columns: readonly string[];
}

/** A column an operation drops, or renames to another name. */
export interface ColumnRemoval {
  readonly table: string;
  readonly column: string;
  readonly how: 'drops' | 'renames';
}

/**
 * Everything about one kind of operation, declared once: its fields (from which the spec reader,
 * the raw spec's type, the pre-scans of a raw spec and the README are derived), how it is read,
 * the names it gives, what its upgrade runs and how that is undone. The downgrade is each
 * operation's reverse, in reverse order.
 */
export interface OperationKind<O extends { readonly op: string }, F extends Fields = Fields> {
  readonly op: O['op'];
  /** One line for the README's table of operations. */
  readonly summary: string;
  /** The spec fields besides `op`, in the order they are documented. */
  readonly fields: F;
  readonly doc: OperationDoc;
  /** The validated operation, or undefined when a problem was reported. */
  parse(node: FieldsNode<F>, context: ParseContext): O | undefined;
  /** The names it gives objects (tables, indexes, constraints, columns), for the spec's name clashes. */
  claims(operation: O): Claim[];
  /** A comment line above the operation's statements, e.g. `Create table public.users`. */
  describe(operation: O, context: RenderContext): string;
  upgrade(operation: O, context: RenderContext): Statement[];
  /** The statements that undo the upgrade, or a refusal saying why they cannot be written. */
  downgrade(operation: O, context: RenderContext): DowngradeStatement[];
  /** What the upgrade does to the schema, applied to a model of it. */
  apply(operation: O, model: SchemaModel, schema: string): void;
  /** The table its upgrade creates (its downgrade drops it), if any. */
  createsTable?(operation: O): string | undefined;
  /**
   * The one table whose objects (columns, constraints, indexes) its upgrade changes, nothing
   * else: dropping that table undoes it too. When the same migration created that table, the
   * downgrade leaves this operation's reverse out: the table's drop undoes both, and a reverse
   * run on a table already dropped (a re-run of the downgrade) could only fail.
   */
  changesOnlyTable?(operation: O): string | undefined;
  /**
   * The columns of a table it adds, drops, renames (both names) or alters: a re-run finds them as
   * this operation left them, so the shape check of a table created earlier in the migration
   * neither compares nor adds them, and accepts them as they are.
   */
  changesColumns?(operation: O): TableColumns | undefined;
  /** The column it drops or renames away (on a table the same migration created, refused when a re-run would fail: see spec-file/new-table-columns.ts). */
  removesColumn?(operation: O): ColumnRemoval | undefined;
}
