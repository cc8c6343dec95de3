import type { Fields } from '../fields/kinds.js';
import type { DraftRecord, RawRecord } from '../fields/raw.js';
import { addCheck } from './add-check.js';
import { addColumn } from './add-column.js';
import { addEnumValue } from './add-enum-value.js';
import { addForeignKey } from './add-foreign-key.js';
import { addUnique } from './add-unique.js';
import { alterColumnKind } from './alter-column.js';
import { createEnum } from './create-enum.js';
import { createIndex } from './create-index.js';
import { createTable } from './create-table.js';
import { dropColumn } from './drop-column.js';
import { dropConstraintKind } from './drop-constraint.js';
import { dropIndex } from './drop-index.js';
import { dropTable } from './drop-table.js';
import { execute } from './execute.js';
import type { OperationKind } from './operation-kind.js';
import { renameColumn } from './rename-column.js';

/** Each entry is the operation its key names. */
function registry<R extends { readonly [N in keyof R]: OperationKind<{ readonly op: N & string }, Fields> }>(kinds: R): R {
  return kinds;
}

/**
 * Every operation the spec accepts, in the order the README documents them. An operation is its
 * declaration module (see OperationKind) and one line here; its type joins `Operation` by itself.
 */
export const OPERATIONS = registry({
  create_enum: createEnum,
  create_table: createTable,
  add_column: addColumn,
  add_check: addCheck,
  create_index: createIndex,
  add_unique: addUnique,
  add_foreign_key: addForeignKey,
  add_enum_value: addEnumValue,
  drop_column: dropColumn,
  rename_column: renameColumn,
  alter_column: alterColumnKind,
  drop_table: dropTable,
  drop_index: dropIndex,
  drop_constraint: dropConstraintKind,
  execute,
});

type Registry = typeof OPERATIONS;
export type OperationName = keyof Registry;

/** The validated operations, one type per entry of the registry. */
export type Operation = { [N in OperationName]: Registry[N] extends OperationKind<infer O, infer _F> ? O : never }[OperationName];

/** The declared fields of an operation. */
export type OperationFields<N extends OperationName> = Registry[N]['fields'];

/** An operation as a valid spec holds it: `{op: 'add_check', table: 'users', expression: '...'}`. */
export type RawOperation<N extends OperationName = OperationName> = { [M in N]: { readonly op: M } & RawRecord<OperationFields<M>> }[N];

type Drafts = { readonly [N in OperationName]: DraftRecord<OperationFields<N>> };

/** The fields of an operation as prompts and arguments produce them, for the spec reader to check: any may be missing. */
export type DraftFields<N extends OperationName> = Drafts[N];

/** An operation as prompts and arguments produce it. */
export type DraftOperation<N extends OperationName = OperationName> = { readonly op: N } & DraftFields<N>;

export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

/** Every operation's declaration, in registry order, typed for code that treats them alike. */
export const OPERATION_LIST: readonly OperationKind<Operation, Fields>[] = Object.values(OPERATIONS) as readonly OperationKind<Operation, Fields>[];

/** The declaration of the operation named `op` in a raw spec, if there is one. */
export function findOperationKind(op: string): OperationKind<Operation, Fields> | undefined {
  return Object.hasOwn(OPERATIONS, op) ? (OPERATIONS[op as OperationName] as unknown as OperationKind<Operation, Fields>) : undefined;
}

export function operationKind<O extends Operation>(operation: O): OperationKind<O, Fields> {
  return OPERATIONS[operation.op] as unknown as OperationKind<O, Fields>;
}
