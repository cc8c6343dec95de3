import type { ValueTarget } from '../../src/sql/default-values.js';
import { resolveType, type PgType, type TypeScope } from '../../src/sql/pg-types.js';

/** The enum the default-value tests use, created in the spec (so its labels are certain). */
export const MOOD_LABELS = ['HAPPY', 'SAD'] as const;

const SCOPE: TypeScope = { schema: 'public', enums: new Set(['mood']), extensionTypes: ['citext'] };

export function pgType(text: string): PgType {
  const result = resolveType(text, SCOPE);
  if ('problem' in result) throw new Error(`${text}: ${result.problem}`);
  return result.type;
}

/** Column `c` of type `text`, as checkColumnValue sees it: mood's labels known, casts resolved in the same scope. */
export function valueTarget(text: string): ValueTarget {
  const type = pgType(text);
  return {
    column: 'c',
    type,
    ...(type.kind === 'enum' && { labels: MOOD_LABELS }),
    resolve: (named) => {
      const result = resolveType(named, SCOPE);
      return 'type' in result ? result.type : undefined;
    },
  };
}
