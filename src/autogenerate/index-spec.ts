import type { IndexKey, ModelIndex } from './comparison.js';
import type { SpecOperation } from './findings.js';
import type { Translation } from './translation.js';

/** A column name alone, or `{name | expression, order, nulls, opclass}` when it says more. */
function keySpec(key: IndexKey): unknown {
  const options = {
    ...(key.order && { order: key.order }),
    ...(key.nulls && { nulls: key.nulls }),
    ...(key.opclass && { opclass: key.opclass }),
  };
  if (key.column !== undefined) return Object.keys(options).length === 0 ? key.column : { name: key.column, ...options };
  return { expression: key.expression, ...options };
}

/** create_index for an index of the models, or undefined after refusing what a spec cannot say. */
export function createIndexOperation(index: ModelIndex, table: string, translation: Translation): SpecOperation | undefined {
  const owner = `index ${index.name ?? '(unnamed)'} on ${table}`;
  if (index.tablespace) {
    translation.findings.refuse(owner, `TABLESPACE ${index.tablespace} has no spec form; write this migration by hand`);
    return undefined;
  }
  return {
    op: 'create_index',
    table,
    ...(index.name !== null && { name: index.name }),
    columns: index.keys.map(keySpec),
    ...(index.unique && { unique: true }),
    ...(index.using !== null && index.using.toLowerCase() !== 'btree' && { using: index.using }),
    ...(index.where !== null && { where: index.where }),
    ...(index.include && index.include.length > 0 && { include: [...index.include] }),
    ...(index.nulls_not_distinct && { nulls_not_distinct: true }),
    ...(Object.keys(index.with).length > 0 && { with: { ...index.with } }),
  };
}
