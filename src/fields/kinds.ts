import type { ExpressionUse } from '../sql/expressions.js';

// The kinds of field a spec mapping holds, declared as data: each operation declares its fields
// once with these, and the spec reader, the pre-scans of a raw spec (does it hold SQL? which names
// does it mention? which enums does it create?), the raw spec's TypeScript type and the README's
// tables are derived from that declaration.

/** What a name field names. Tables, indexes and types share one namespace per schema; constraint names are per table. */
export type NamedObject = 'schema' | 'table' | 'column' | 'index' | 'constraint' | 'enum' | 'operator_class' | 'index_method';

interface Optionality {
  /** Absent is a problem ("is required") when true. */
  readonly required: boolean;
}

/** An identifier: `table: users`. */
export interface NameField extends Optionality {
  readonly kind: 'name';
  readonly names: NamedObject;
  /** The operation makes the object (create_enum's name), rather than finding an existing one. */
  readonly creates: boolean;
  /** How the name is derived when left out, as the README says it, e.g. `ix_{table}_{columns}`. */
  readonly derived?: string;
}

/** A list of identifiers, none twice: `columns: [tenant_id, email]`. */
export interface NamesField extends Optionality {
  readonly kind: 'names';
  readonly names: NamedObject;
}

/** Free text stored in the database (a comment, an enum label). */
export interface TextField extends Optionality {
  readonly kind: 'text';
}

/** A list of free texts (an enum's labels, in order). */
export interface TextsField extends Optionality {
  readonly kind: 'texts';
}

/**
 * SQL checked by PostgreSQL's parser: an expression placed as `use`, a script of statements
 * (`script`), or one table constraint (`constraint`). `nullable`: an explicit null means "none".
 */
export interface SqlField extends Optionality {
  readonly kind: 'sql';
  readonly use: ExpressionUse | 'script' | 'constraint';
  readonly nullable: boolean;
}

/** A column type: a built-in, an enum, or an extension's type. */
export interface TypeField extends Optionality {
  readonly kind: 'type';
}

/** true or false; `fallback` when absent (none: absent stays absent). */
export interface FlagField {
  readonly kind: 'flag';
  readonly required: false;
  readonly fallback?: boolean;
}

/** One of a closed set of words, case-insensitive. */
export interface ChoiceField<C extends string = string> extends Optionality {
  readonly kind: 'choice';
  readonly choices: readonly C[];
}

/** A nested mapping with fields of its own (a column, a foreign key's referenced side). */
export interface RecordField<F extends Fields = Fields> extends Optionality {
  readonly kind: 'record';
  readonly fields: F;
}

/** A list of one kind of item. */
export interface ListField<I extends Field = Field> extends Optionality {
  readonly kind: 'list';
  readonly item: I;
}

/** One of two kinds: a column's name or its whole definition; an index key's column or its mapping. */
export interface EitherField<A extends Field = Field, B extends Field = Field> extends Optionality {
  readonly kind: 'either';
  readonly options: readonly [A, B];
}

/** Free keys with plain values (an index's storage parameters). */
export interface MappingField extends Optionality {
  readonly kind: 'mapping';
}

export type Field = NameField | NamesField | TextField | TextsField | SqlField | TypeField | FlagField | ChoiceField | RecordField | ListField | EitherField | MappingField;

/** The fields of a mapping, in the order they are documented. */
export type Fields = { readonly [key: string]: Field };

/** The same field, but one that may be left out. */
export type Optional<F extends Field> = { readonly [K in keyof F]: K extends 'required' ? false : F[K] };

export function optional<F extends Field>(field: F): Optional<F> {
  return { ...field, required: false } as Optional<F>;
}

export function name<N extends NamedObject>(names: N, options: { creates?: boolean; derived?: string } = {}): { readonly kind: 'name'; readonly required: true; readonly names: N; readonly creates: boolean; readonly derived?: string } {
  return { kind: 'name', required: true, names, creates: options.creates ?? false, ...(options.derived !== undefined && { derived: options.derived }) };
}

export function names<N extends NamedObject>(names: N): { readonly kind: 'names'; readonly required: true; readonly names: N } {
  return { kind: 'names', required: true, names };
}

export function text(): { readonly kind: 'text'; readonly required: true } {
  return { kind: 'text', required: true };
}

export function texts(): { readonly kind: 'texts'; readonly required: true } {
  return { kind: 'texts', required: true };
}

export function sql<U extends SqlField['use']>(use: U): { readonly kind: 'sql'; readonly required: true; readonly use: U; readonly nullable: false } {
  return { kind: 'sql', required: true, use, nullable: false };
}

/** An SQL expression that may be given as null, meaning "none" (alter_column's server_default). */
export function sqlOrNull<U extends ExpressionUse>(use: U): { readonly kind: 'sql'; readonly required: false; readonly use: U; readonly nullable: true } {
  return { kind: 'sql', required: false, use, nullable: true };
}

export function type(): { readonly kind: 'type'; readonly required: true } {
  return { kind: 'type', required: true };
}

export function flag(fallback: boolean): { readonly kind: 'flag'; readonly required: false; readonly fallback: boolean };
export function flag(): { readonly kind: 'flag'; readonly required: false };
export function flag(fallback?: boolean): FlagField {
  return { kind: 'flag', required: false, ...(fallback !== undefined && { fallback }) };
}

export function choice<const C extends string>(choices: readonly C[]): { readonly kind: 'choice'; readonly required: false; readonly choices: readonly C[] } {
  return { kind: 'choice', required: false, choices };
}

export function record<const F extends Fields>(fields: F): { readonly kind: 'record'; readonly required: true; readonly fields: F } {
  return { kind: 'record', required: true, fields };
}

export function list<I extends Field>(item: I): { readonly kind: 'list'; readonly required: true; readonly item: I } {
  return { kind: 'list', required: true, item };
}

export function either<A extends Field, B extends Field>(a: A, b: B): { readonly kind: 'either'; readonly required: true; readonly options: readonly [A, B] } {
  return { kind: 'either', required: true, options: [a, b] };
}

export function mapping(): { readonly kind: 'mapping'; readonly required: false } {
  return { kind: 'mapping', required: false };
}
