import type { OperationName } from '../src/operations/model.js';
import { addCheckGenerator } from './add-check.js';
import { addColumnGenerator } from './add-column.js';
import { addEnumValueGenerator } from './add-enum-value.js';
import { addForeignKeyGenerator } from './add-foreign-key.js';
import { addUniqueGenerator } from './add-unique.js';
import { alterColumnGenerator } from './alter-column.js';
import { createEnumGenerator } from './create-enum.js';
import { createIndexGenerator } from './create-index.js';
import { createTableGenerator } from './create-table.js';
import { dropColumnGenerator } from './drop-column.js';
import { dropConstraintGenerator } from './drop-constraint.js';
import { dropIndexGenerator } from './drop-index.js';
import { dropTableGenerator } from './drop-table.js';
import { executeGenerator } from './execute.js';
import { renameColumnGenerator } from './rename-column.js';
import type { OperationGenerator } from './generator.js';

type Generators = { readonly [N in OperationName]: OperationGenerator<N> };

/**
 * One generator per operation of the registry: an operation without one fails the build, so
 * the wizard, plop and the one-line commands always offer every operation. In menu order.
 */
export const GENERATORS: Generators = {
  create_table: createTableGenerator,
  add_column: addColumnGenerator,
  add_check: addCheckGenerator,
  create_index: createIndexGenerator,
  create_enum: createEnumGenerator,
  add_unique: addUniqueGenerator,
  add_foreign_key: addForeignKeyGenerator,
  add_enum_value: addEnumValueGenerator,
  alter_column: alterColumnGenerator,
  rename_column: renameColumnGenerator,
  drop_column: dropColumnGenerator,
  drop_table: dropTableGenerator,
  drop_index: dropIndexGenerator,
  drop_constraint: dropConstraintGenerator,
  execute: executeGenerator,
};

export const GENERATOR_LIST: readonly OperationGenerator[] = Object.values(GENERATORS);

export function generatorFor(op: string): OperationGenerator | undefined {
  return Object.hasOwn(GENERATORS, op) ? GENERATORS[op as OperationName] : undefined;
}
