import type { SchemaModel } from '../schema/model.js';
import { checkColumnValue, type ValueTarget, type ValueUse } from '../sql/default-values.js';
import type { CheckedExpression } from '../sql/expressions.js';
import { resolveType, type PgType } from '../sql/pg-types.js';
import type { FieldsNode } from './fields-node.js';
import type { Fields, SqlField } from './kinds.js';
import { typeScope, type FieldContext } from './readers.js';

/** The column a default or backfill value goes into, as far as the operation knows it. */
export interface ValueColumn {
  readonly name: string;
  readonly type: PgType;
  /**
   * Whether the known schema's word on an enum's labels is final (a spec held to it). An enum
   * this spec creates is always known whole; one from the history only while the spec is held
   * to the history, since a hand-written migration may have added labels.
   */
  readonly trustModel: boolean;
  /** Its table and all the table's columns, when the known schema is certain of them. */
  readonly table?: { readonly name: string; readonly columns: readonly string[] };
}

function enumLabels(model: SchemaModel, canonical: string): string[] | undefined {
  for (const [schema, contents] of model.schemas) {
    for (const [name, labels] of contents.enums) if (`${schema}.${name}` === canonical) return labels;
  }
  return undefined;
}

function valueTarget(context: FieldContext, column: ValueColumn): ValueTarget {
  const scope = typeScope(context);
  const { type } = column;
  const createdHere = type.kind === 'enum' && [...context.enums].some((name) => `${context.schema}.${name}` === type.canonical);
  const labels = type.kind === 'enum' && (createdHere || column.trustModel) ? enumLabels(context.model, type.canonical) : undefined;
  return {
    column: column.name,
    type,
    ...(labels && { labels }),
    ...(column.table && { table: column.table }),
    resolve: (text) => {
      const result = resolveType(text, scope);
      return 'type' in result ? result.type : undefined;
    },
  };
}

type ValueOf<F extends SqlField> = F extends { readonly nullable: true } ? CheckedExpression | null | undefined : CheckedExpression | undefined;

/**
 * Reads the SQL field `key` (declared `sql('default')` or `sqlOrNull('default')`) as a value
 * written into `column`: checked as an expression, and against the column's type when it is
 * known (see src/sql/default-values.ts). An explicit null of a nullable field is null.
 */
export function readColumnValue<F extends Fields, K extends keyof F & string>(
  node: FieldsNode<F>,
  key: K,
  column: ValueColumn | undefined,
  use: ValueUse,
): F[K] extends SqlField ? ValueOf<F[K]> : never {
  const field = node.fields[key] as SqlField;
  const value = node.field(key);
  type Result = F[K] extends SqlField ? ValueOf<F[K]> : never;
  if (field.nullable && node.has(key) && value.value === null) return null as Result;
  const text = value.string({ required: field.required });
  if (text === undefined) return undefined as Result;
  const result = checkColumnValue(node.context.sql, text, column && valueTarget(node.context, column), use);
  return ('problem' in result ? value.problem(result.problem) : result) as Result;
}
