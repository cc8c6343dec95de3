import { generatorList, type Generators, type OperationGenerator } from '../src/wizard/generator.js';
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

/** Every operation's prompts and one-line command, in menu order (see Generators). */
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

export const GENERATOR_LIST: readonly OperationGenerator[] = generatorList(GENERATORS);
