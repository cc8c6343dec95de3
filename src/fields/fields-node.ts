import type { CheckedExpression } from '../sql/expressions.js';
import type { PgType } from '../sql/pg-types.js';
import type { Field, Fields, ListField, RecordField } from './kinds.js';
import { readExpression, readIdentifier, readIdentifierList, readText, readType, type FieldContext } from './readers.js';
import { isRecord, type SpecNode } from './spec-node.js';

/** What reading a field of a simple kind gives: undefined when it is absent or wrong (reported). */
type ReadValue<F extends Field> = F extends { readonly kind: 'name' | 'text' }
  ? string | undefined
  : F extends { readonly kind: 'names' }
    ? string[] | undefined
    : F extends { readonly kind: 'sql'; readonly nullable: true }
      ? CheckedExpression | null | undefined
      : F extends { readonly kind: 'sql' }
        ? CheckedExpression | undefined
        : F extends { readonly kind: 'type' }
          ? PgType | undefined
          : F extends { readonly kind: 'flag'; readonly fallback: boolean }
            ? boolean
            : F extends { readonly kind: 'flag' }
              ? boolean | undefined
              : F extends { readonly kind: 'choice'; readonly choices: readonly (infer C extends string)[] }
              ? C | undefined
              : never;

/** The fields a generic reader can read: the others (lists, mappings, scripts) have readers of their own. */
type ReadableKey<F extends Fields> = {
  [K in keyof F]: ReadValue<F[K]> extends never ? never : F[K] extends { readonly kind: 'sql'; readonly use: 'script' | 'constraint' } ? never : K;
}[keyof F] &
  string;

type RecordKey<F extends Fields> = { [K in keyof F]: F[K] extends RecordField ? K : never }[keyof F] & string;

type RecordListKey<F extends Fields> = { [K in keyof F]: F[K] extends ListField<RecordField> ? K : never }[keyof F] & string;

type ItemFields<L> = L extends ListField<RecordField<infer G>> ? G : never;

/**
 * A mapping of a raw spec read through its declared fields: `read('table')` reads `table` as its
 * declaration says (a name, required or not; an SQL expression placed as declared; a flag with
 * its default), and only declared fields can be asked for.
 */
export class FieldsNode<F extends Fields> {
  constructor(
    readonly node: SpecNode,
    readonly fields: F,
    readonly context: FieldContext,
  ) {}

  get path(): string {
    return this.node.path;
  }

  get value(): unknown {
    return this.node.value;
  }

  get missing(): boolean {
    return this.node.missing;
  }

  problem(message: string): undefined {
    return this.node.problem(message);
  }

  /** The raw node of a declared field, for a reader of its own. */
  field(key: keyof F & string): SpecNode {
    return this.node.field(key);
  }

  /** Whether the field is there, as given (null included). */
  has(key: keyof F & string): boolean {
    return isRecord(this.node.value) && key in this.node.value;
  }

  /** Checks this is a mapping of declared fields only (and `extra` ones, such as `op`); unknown keys are problems. */
  object(extra: readonly string[] = []): boolean {
    return this.node.object([...extra, ...Object.keys(this.fields)]);
  }

  /** A nested mapping, read through its own declared fields. */
  record<K extends RecordKey<F>>(key: K): FieldsNode<F[K] extends RecordField<infer G> ? G : never> {
    const field = this.fields[key] as RecordField;
    return new FieldsNode(this.node.field(key), field.fields, this.context) as FieldsNode<F[K] extends RecordField<infer G> ? G : never>;
  }

  /** A list of mappings (a table's columns): not empty, each item read through the declared item fields. */
  records<K extends RecordListKey<F>>(key: K): FieldsNode<ItemFields<F[K]>>[] | undefined {
    const field = this.fields[key] as ListField<RecordField>;
    const items = this.node.field(key).list({ required: field.required, nonEmpty: true });
    return items?.map((item) => new FieldsNode(item, field.item.fields, this.context) as FieldsNode<ItemFields<F[K]>>);
  }

  /** The field read as its declaration says. */
  read<K extends ReadableKey<F>>(key: K): ReadValue<F[K]> {
    return readField(this.node.field(key), this.fields[key]!, this.context, this.has(key)) as ReadValue<F[K]>;
  }
}

function readField(node: SpecNode, field: Field, context: FieldContext, given: boolean): unknown {
  const required = field.required;
  switch (field.kind) {
    case 'name':
      return readIdentifier(node, { required });
    case 'names':
      return readIdentifierList(node, { required });
    case 'text':
      return readText(node, { required });
    case 'sql':
      if (field.nullable && given && node.value === null) return null;
      if (field.use === 'script' || field.use === 'constraint') throw new Error(`${node.path}: ${field.use} fields have readers of their own`);
      return readExpression(node, context, field.use, { required });
    case 'type':
      return node.missing && !required ? undefined : readType(node, context);
    case 'flag':
      // A flag without a default stays absent when absent: the caller decides (a safe form, say).
      return field.fallback === undefined && node.missing ? undefined : node.boolean(field.fallback ?? false);
    case 'choice':
      return node.missing ? undefined : node.choice(field.choices, field.choices[0]!);
    default:
      throw new Error(`${node.path}: ${field.kind} fields have readers of their own`);
  }
}
