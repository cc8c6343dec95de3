import { addCheck } from './add-check.js';
import { addColumn } from './add-column.js';
import { createEnum } from './create-enum.js';
import { createIndex } from './create-index.js';
import { createTable } from './create-table.js';
import type { Operation, OperationName } from './model.js';
import type { OperationKind } from './operation-kind.js';

type Registry = { readonly [N in OperationName]: OperationKind<Extract<Operation, { op: N }>> };

/** Every operation the spec accepts. A new kind must be added here, or the build fails. */
export const OPERATIONS: Registry = {
  create_enum: createEnum,
  create_table: createTable,
  add_column: addColumn,
  add_check: addCheck,
  create_index: createIndex,
};

export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

export function operationKind<O extends Operation>(operation: O): OperationKind<O> {
  return OPERATIONS[operation.op] as unknown as OperationKind<O>;
}
