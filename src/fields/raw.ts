import type { Field, Fields } from './kinds.js';

// The TypeScript types of a raw spec (parsed YAML or JSON), derived from the declared fields: what
// the generators produce and what tests write, checked by the compiler against the declaration.

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The value a field holds in a complete, valid spec. */
export type RawValue<F extends Field> = F extends { readonly kind: 'name' | 'text' | 'type' }
  ? string
  : F extends { readonly kind: 'names' | 'texts' }
    ? readonly string[]
    : F extends { readonly kind: 'sql'; readonly nullable: true }
      ? string | null
      : F extends { readonly kind: 'sql' }
        ? string
        : F extends { readonly kind: 'flag' }
          ? boolean
          : F extends { readonly kind: 'choice'; readonly choices: readonly (infer C extends string)[] }
            ? C | Lowercase<C>
            : F extends { readonly kind: 'record'; readonly fields: infer G extends Fields }
              ? RawRecord<G>
              : F extends { readonly kind: 'list'; readonly item: infer I extends Field }
                ? readonly RawValue<I>[]
                : F extends { readonly kind: 'either'; readonly options: readonly [infer A extends Field, infer B extends Field] }
                  ? RawValue<A> | RawValue<B>
                  : F extends { readonly kind: 'mapping' }
                    ? Readonly<Record<string, string | number | boolean>>
                    : never;

type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K]['required'] extends true ? K : never }[keyof F];

/** A mapping of declared fields as a valid spec holds it: required fields present, the others optional. */
export type RawRecord<F extends Fields> = Simplify<
  { readonly [K in RequiredKeys<F>]: RawValue<F[K]> } & { readonly [K in Exclude<keyof F, RequiredKeys<F>>]?: RawValue<F[K]> }
>;

/** The value a field holds in answers still to be checked: any field may be missing, nested mappings too. */
export type DraftValue<F extends Field> = F extends { readonly kind: 'record'; readonly fields: infer G extends Fields }
  ? DraftRecord<G>
  : F extends { readonly kind: 'list'; readonly item: infer I extends Field }
    ? readonly DraftValue<I>[]
    : F extends { readonly kind: 'either'; readonly options: readonly [infer A extends Field, infer B extends Field] }
      ? DraftValue<A> | DraftValue<B>
      : RawValue<F>;

/** A mapping of declared fields as prompts and arguments produce it, for the spec reader to check. */
export type DraftRecord<F extends Fields> = { readonly [K in keyof F]?: DraftValue<F[K]> | undefined };

/** Drops what was left empty (undefined, or an empty answer), keeping key order: the spec is kept in the file as written. */
export function compact<T extends Readonly<Record<string, unknown>>>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')) as T;
}
