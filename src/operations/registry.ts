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
import { renameColumn } from './rename-column.js';
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
};

export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

export function operationKind<O extends Operation>(operation: O): OperationKind<O> {
  return OPERATIONS[operation.op] as unknown as OperationKind<O>;
}
