import type { SchemaModel } from '../schema/model.js';
import type { FieldContext } from '../fields/readers.js';
import type { SpecNode } from '../fields/spec-node.js';
import type { NamingConvention } from '../sql/derived-names.js';
import type { Operation, RenderContext } from './model.js';
import type { DowngradeStatement, Statement } from '../sql/statement.js';

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
  warn(path: string, message: string): void;
}

/**
 * Everything about one kind of operation: how it is read from a spec, what its upgrade runs and
 * how that is undone. The downgrade is each operation's reverse, in reverse order.
 */
export interface OperationKind<O extends Operation> {
  readonly op: O['op'];
  /** One line for `--help` and the wizard. */
  readonly summary: string;
  /** The spec fields besides `op`. */
  readonly fields: readonly string[];
  parse(node: SpecNode, context: ParseContext): O | undefined;
  /** A comment line above the operation's statements, e.g. `Create table public.users`. */
  describe(operation: O, context: RenderContext): string;
  upgrade(operation: O, context: RenderContext): Statement[];
  /** The statements that undo the upgrade, or a refusal saying why they cannot be written. */
  downgrade(operation: O, context: RenderContext): DowngradeStatement[];
  /** What the upgrade does to the schema, applied to a model of it. */
  apply(operation: O, model: SchemaModel, schema: string): void;
}
