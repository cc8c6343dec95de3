import type { OperationName } from '../src/operations/model.js';
import { addCheckGenerator } from './add-check.js';
import { addColumnGenerator } from './add-column.js';
import { createEnumGenerator } from './create-enum.js';
import { createIndexGenerator } from './create-index.js';
import { createTableGenerator } from './create-table.js';
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
};

export const GENERATOR_LIST: readonly OperationGenerator[] = Object.values(GENERATORS);

export function generatorFor(op: string): OperationGenerator | undefined {
  return Object.hasOwn(GENERATORS, op) ? GENERATORS[op as OperationName] : undefined;
}

/** The generator whose one-line command is `name` (or one of its aliases). */
export function generatorForCommand(name: string): OperationGenerator | undefined {
  return GENERATOR_LIST.find((generator) => generator.command.name === name || generator.command.aliases?.includes(name));
}
