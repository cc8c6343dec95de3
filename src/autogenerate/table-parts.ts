import type { ModelColumn, ModelConstraint } from './comparison.js';
import type { SpecOperation } from './findings.js';
import type { Translation } from './translation.js';

type ForeignKey = Extract<ModelConstraint, { kind: 'foreign_key' }>;

/** A column of the spec (`{name, type, nullable, ...}`), or undefined when it cannot be one. */
export function columnSpec(column: ModelColumn, table: string, translation: Translation): Record<string, unknown> | undefined {
  const owner = `column ${table}.${column.name}`;
  const { findings } = translation;
  if (column.identity) findings.refuse(owner, 'an identity column (GENERATED ... AS IDENTITY) has no spec form; use an integer primary key (SERIAL) or write this migration by hand');
  if (column.computed !== undefined) findings.refuse(owner, `a generated column (GENERATED ALWAYS AS (${column.computed})) has no spec form; write this migration by hand`);
  if (column.sequence !== undefined) findings.refuse(owner, `its default comes from sequence ${column.sequence}, which a spec cannot create; use SERIAL (an integer primary key) or a server_default`);
  const type = column.serial ?? translation.type(column.type, owner);
  if (type === undefined || column.identity || column.computed !== undefined || column.sequence !== undefined) return undefined;
  return {
    name: column.name,
    type,
    ...(column.primary_key ? { primary_key: true } : !column.nullable && { nullable: false }),
    ...(column.server_default !== null && { server_default: column.server_default }),
    ...(column.comment !== null && { comment: column.comment }),
  };
}

function action(value: string | null, key: 'on_delete' | 'on_update'): Record<string, string> {
  return value === null ? {} : { [key]: value.toUpperCase() };
}

/** A foreign key that a column's own `references` can say: one column, no name, no options. */
export function isColumnLevel(foreignKey: ForeignKey): boolean {
  return foreignKey.columns.length === 1 && foreignKey.name === null && [foreignKey.deferrable, foreignKey.initially, foreignKey.match].every((option) => option === undefined);
}

/** A column's `references` mapping for a foreign key that isColumnLevel. */
export function columnReference(foreignKey: ForeignKey, translation: Translation): Record<string, unknown> {
  return {
    table: foreignKey.ref_table,
    column: foreignKey.ref_columns[0],
    ...translation.otherSchema(foreignKey.ref_schema),
    ...action(foreignKey.ondelete, 'on_delete'),
    ...action(foreignKey.onupdate, 'on_update'),
  };
}

/**
 * The spec operation that adds a constraint to `table`: add_unique, add_check or
 * add_foreign_key, named as the models name it (else the spec derives the name).
 */
export function constraintOperation(constraint: ModelConstraint, table: string, translation: Translation): SpecOperation | undefined {
  const named = constraint.name === null ? {} : { name: constraint.name };
  const owner = `${constraint.name === null ? 'a' : `constraint ${constraint.name}`} ${constraint.kind.replace('_', ' ')} on ${table}`;
  const refuse = (message: string): undefined => void translation.findings.refuse(owner, message);
  switch (constraint.kind) {
    case 'unique':
      if (constraint.nulls_not_distinct) return refuse('NULLS NOT DISTINCT has no spec form; write this migration by hand');
      if (constraint.include) return refuse('INCLUDE has no spec form; write this migration by hand');
      return { op: 'add_unique', table, columns: [...constraint.columns], ...named };
    case 'check':
      return { op: 'add_check', table, expression: constraint.expression, ...named };
    case 'foreign_key':
      if (constraint.deferrable !== undefined || constraint.initially !== undefined) return refuse('DEFERRABLE / INITIALLY have no spec form; write this migration by hand');
      if (constraint.match !== undefined) return refuse(`MATCH ${constraint.match} has no spec form; write this migration by hand`);
      return {
        op: 'add_foreign_key',
        table,
        columns: [...constraint.columns],
        references: { table: constraint.ref_table, columns: [...constraint.ref_columns], ...translation.otherSchema(constraint.ref_schema) },
        ...action(constraint.ondelete, 'on_delete'),
        ...action(constraint.onupdate, 'on_update'),
        ...named,
      };
    case 'primary_key':
      return refuse('adding a primary key to an existing table has no spec form; write this migration by hand');
    case 'other':
      return refuse(`${constraint.class} has no spec form; write this migration by hand`);
  }
}
