import { nearest } from '../nearest.js';
import { quoteIdent } from './identifiers.js';

/** A column type as the generator renders and compares it. */
export interface PgType {
  /** The SQL text emitted in DDL, e.g. `varchar(255)`, `migration.role`, `text[]`. */
  readonly sql: string;
  /** A name that is equal for equal types: `int4`, `varchar`, `migration.role`. */
  readonly canonical: string;
  readonly typmods: readonly number[];
  readonly arrayDims: number;
  readonly kind: 'builtin' | 'enum' | 'extension';
}

interface Builtin {
  readonly canonical: string;
  readonly display: string;
  readonly maxTypmods: number;
}

function builtin(canonical: string, display: string, maxTypmods: number, aliases: string[]): [string, Builtin][] {
  const entry = { canonical, display, maxTypmods };
  return [canonical, display, ...aliases].map((alias) => [alias, entry]);
}

/** PostgreSQL's built-in types, keyed by every spelling the grammar accepts for them. */
const BUILTINS: ReadonlyMap<string, Builtin> = new Map([
  ...builtin('int2', 'smallint', 0, []),
  ...builtin('int4', 'integer', 0, ['int']),
  ...builtin('int8', 'bigint', 0, []),
  ...builtin('serial2', 'smallserial', 0, []),
  ...builtin('serial4', 'serial', 0, []),
  ...builtin('serial8', 'bigserial', 0, []),
  ...builtin('numeric', 'numeric', 2, ['decimal', 'dec']),
  ...builtin('float4', 'real', 0, []),
  ...builtin('float8', 'double precision', 0, ['float']),
  ...builtin('money', 'money', 0, []),
  ...builtin('text', 'text', 0, []),
  ...builtin('varchar', 'varchar', 1, ['character varying']),
  ...builtin('bpchar', 'char', 1, ['character']),
  ...builtin('bytea', 'bytea', 0, []),
  ...builtin('bool', 'boolean', 0, []),
  ...builtin('date', 'date', 0, []),
  ...builtin('time', 'time', 1, ['time without time zone']),
  ...builtin('timetz', 'timetz', 1, ['time with time zone']),
  ...builtin('timestamp', 'timestamp', 1, ['timestamp without time zone']),
  ...builtin('timestamptz', 'timestamptz', 1, ['timestamp with time zone']),
  ...builtin('interval', 'interval', 1, []),
  ...builtin('bit', 'bit', 1, []),
  ...builtin('varbit', 'varbit', 1, ['bit varying']),
  ...[
    'uuid', 'json', 'jsonb', 'jsonpath', 'xml', 'inet', 'cidr', 'macaddr', 'macaddr8',
    'tsvector', 'tsquery', 'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle',
    'int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange',
    'int4multirange', 'int8multirange', 'nummultirange', 'tsmultirange', 'tstzmultirange',
    'datemultirange', 'oid', 'regclass', 'regtype', 'pg_lsn',
  ].flatMap((name) => builtin(name, name, 0, [])),
]);

/** Names from other ecosystems that people type, with the PostgreSQL type they usually mean. */
const FOREIGN_NAMES: Readonly<Record<string, string>> = {
  string: 'text or varchar(n)',
  str: 'text',
  datetime: 'timestamptz',
  long: 'bigint',
  int64: 'bigint',
  int32: 'integer',
  float64: 'double precision',
  double: 'double precision',
  blob: 'bytea',
  binary: 'bytea',
  dict: 'jsonb',
  object: 'jsonb',
  bit_varying: 'varbit',
  tinyint: 'smallint',
  mediumint: 'integer',
  unsigned: 'bigint',
};

export interface TypeScope {
  /** The spec's schema, which enums created by the spec live in. */
  readonly schema: string;
  /** Enums the spec creates before the column that uses them. */
  readonly enums: ReadonlySet<string>;
  /** Types the spec allows explicitly (extensions), bare or schema-qualified. */
  readonly extensionTypes: readonly string[];
  /** Whether an enum of that schema and name is known (from the history or the database). */
  readonly knownEnum?: (schema: string, name: string) => boolean;
}

export type TypeResult = { type: PgType } | { problem: string };

interface Parsed {
  names: string[];
  quoted: boolean[];
  typmods: number[];
  arrayDims: number;
}

const TOKEN = /\s*(?:("(?:[^"]|"")*")|([A-Za-z_][A-Za-z0-9_$]*)|(\d+)|([()[\],.]))/y;

type Token = { kind: 'ident'; text: string; quoted: boolean } | { kind: 'number'; value: number } | { kind: 'punct'; text: string };

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < text.length) {
    if (text.slice(position).trim() === '') break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (!match) return `unexpected character ${JSON.stringify(text.slice(position).trim()[0])}`;
    position = TOKEN.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'ident', text: match[1].slice(1, -1).replaceAll('""', '"'), quoted: true });
    else if (match[2] !== undefined) tokens.push({ kind: 'ident', text: match[2].toLowerCase(), quoted: false });
    else if (match[3] !== undefined) tokens.push({ kind: 'number', value: Number(match[3]) });
    else tokens.push({ kind: 'punct', text: match[4]! });
  }
  return tokens;
}

const MULTIWORD: ReadonlyArray<readonly string[]> = [
  ['double', 'precision'],
  ['character', 'varying'],
  ['bit', 'varying'],
];
const ZONE_SUFFIXES: ReadonlyArray<readonly string[]> = [
  ['with', 'time', 'zone'],
  ['without', 'time', 'zone'],
];

function parseTypeText(text: string): Parsed | string {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return tokens;
  let i = 0;
  const peekWord = (offset = 0): string | undefined => {
    const token = tokens[i + offset];
    return token?.kind === 'ident' && !token.quoted ? token.text : undefined;
  };
  const isPunct = (p: string): boolean => {
    const token = tokens[i];
    return token?.kind === 'punct' && token.text === p;
  };
  const names: string[] = [];
  const quoted: boolean[] = [];
  const first = tokens[i];
  if (first?.kind !== 'ident') return 'expected a type name';
  names.push(first.text);
  quoted.push(first.quoted);
  i += 1;
  if (isPunct('.')) {
    i += 1;
    const second = tokens[i];
    if (second?.kind !== 'ident') return 'expected a type name after "."';
    names.push(second.text);
    quoted.push(second.quoted);
    i += 1;
  } else if (!first.quoted) {
    for (const words of MULTIWORD) {
      if (words[0] === first.text && peekWord() === words[1]) {
        names[0] = words.join(' ');
        i += 1;
      }
    }
  }
  const typmods: number[] = [];
  if (isPunct('(')) {
    i += 1;
    for (;;) {
      const token = tokens[i];
      if (token?.kind !== 'number') return 'type modifiers must be whole numbers, as in varchar(255) or numeric(10,2)';
      typmods.push(token.value);
      i += 1;
      if (isPunct(',')) {
        i += 1;
        continue;
      }
      if (isPunct(')')) {
        i += 1;
        break;
      }
      return 'unclosed type modifier list';
    }
  }
  if (names.length === 1 && !quoted[0] && (names[0] === 'time' || names[0] === 'timestamp')) {
    for (const suffix of ZONE_SUFFIXES) {
      if (suffix.every((word, k) => peekWord(k) === word)) {
        names[0] = `${names[0]} ${suffix.join(' ')}`;
        i += suffix.length;
      }
    }
  }
  let arrayDims = 0;
  for (;;) {
    if (isPunct('[')) {
      i += 1;
      if (tokens[i]?.kind === 'number') i += 1;
      if (!isPunct(']')) return 'unclosed array bounds';
      i += 1;
      arrayDims += 1;
    } else if (peekWord() === 'array') {
      i += 1;
      arrayDims += 1;
    } else break;
  }
  if (i < tokens.length) return 'unexpected text after the type';
  return { names, quoted, typmods, arrayDims };
}

function arraySuffix(dims: number): string {
  return '[]'.repeat(dims);
}

function typmodSuffix(typmods: readonly number[]): string {
  return typmods.length > 0 ? `(${typmods.join(',')})` : '';
}

function unknownType(name: string, scope: TypeScope): string {
  const foreign = FOREIGN_NAMES[name];
  if (foreign) return `unknown type "${name}"; in PostgreSQL use ${foreign}`;
  const candidates = [...BUILTINS.keys(), ...scope.enums, ...scope.extensionTypes, ...Object.keys(FOREIGN_NAMES)];
  const suggestions = [...new Set(nearest(name, candidates).map((candidate) => FOREIGN_NAMES[candidate] ?? candidate))];
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  return `unknown type "${name}"${hint} (an extension's type must be listed in extension_types)`;
}

function renderName(names: readonly string[]): string {
  return names.map(quoteIdent).join('.');
}

/** `pg_catalog.text` is `text`. */
function withoutPgCatalog(names: readonly string[]): readonly string[] {
  return names.length === 2 && names[0] === 'pg_catalog' ? [names[1]!] : names;
}

/** Whether `text` names a built-in type, whatever its modifiers: cheaper than resolveType, which suggests names for an unknown one. */
export function isBuiltinType(text: string): boolean {
  const parsed = parseTypeText(text);
  if (typeof parsed === 'string') return false;
  const bare = withoutPgCatalog(parsed.names);
  return bare.length === 1 && !parsed.quoted[parsed.names.length - 1] && BUILTINS.has(bare[0]!);
}

/** Resolves a spec's type text to a PostgreSQL type, or says what is wrong with it. */
export function resolveType(text: string, scope: TypeScope): TypeResult {
  const parsed = parseTypeText(text);
  if (typeof parsed === 'string') return { problem: `cannot read type "${text}": ${parsed}` };
  const { names, typmods, arrayDims } = parsed;
  const bare = withoutPgCatalog(names);

  if (bare.length === 1) {
    const known = parsed.quoted[names.length - 1] ? undefined : BUILTINS.get(bare[0]!);
    if (known) {
      if (typmods.length > known.maxTypmods) {
        const allowed = known.maxTypmods === 0 ? 'takes no modifiers' : `takes at most ${known.maxTypmods} modifier${known.maxTypmods > 1 ? 's' : ''}`;
        return { problem: `type ${known.display} ${allowed}` };
      }
      if (known.canonical.startsWith('serial') && arrayDims > 0) return { problem: `${known.display} cannot be an array` };
      return {
        type: {
          sql: known.display + typmodSuffix(typmods) + arraySuffix(arrayDims),
          canonical: known.canonical,
          typmods,
          arrayDims,
          kind: 'builtin',
        },
      };
    }
  }

  // An unqualified name is looked for in the spec's schema; the spec's own enums live only there.
  const [enumSchema, typeName] = bare.length === 2 ? [bare[0]!, bare[1]!] : [scope.schema, bare[0]!];
  if ((enumSchema === scope.schema && scope.enums.has(typeName)) || scope.knownEnum?.(enumSchema, typeName)) {
    if (typmods.length > 0) return { problem: `enum type ${typeName} takes no modifiers` };
    return {
      type: {
        sql: renderName([enumSchema, typeName]) + arraySuffix(arrayDims),
        canonical: `${enumSchema}.${typeName}`,
        typmods,
        arrayDims,
        kind: 'enum',
      },
    };
  }
  const written = bare.join('.');
  if (scope.extensionTypes.includes(written)) {
    return {
      type: {
        sql: renderName(bare) + typmodSuffix(typmods) + arraySuffix(arrayDims),
        canonical: written,
        typmods,
        arrayDims,
        kind: 'extension',
      },
    };
  }
  return { problem: unknownType(written, scope) };
}

const SERIAL_BASE: Readonly<Record<string, readonly [string, string]>> = { serial2: ['int2', 'smallint'], serial4: ['int4', 'integer'], serial8: ['int8', 'bigint'] };

/** The type a column referencing a column of `type` must have: a serial's integer type, or the same. */
export function referencingType(type: PgType): PgType {
  const base = SERIAL_BASE[type.canonical];
  return base ? { ...type, canonical: base[0], sql: base[1] } : type;
}

/** Equal types, as a foreign key needs them: canonical name, modifiers and array depth (a serial is its integer). */
export function sameType(a: PgType, b: PgType): boolean {
  const [x, y] = [referencingType(a), referencingType(b)];
  return x.canonical === y.canonical && x.typmods.join(',') === y.typmods.join(',') && x.arrayDims === y.arrayDims;
}

/** Types PostgreSQL converts into one another without rewriting the table (binary coercible, no check of the values). */
const IN_PLACE_TO: Readonly<Record<string, readonly string[]>> = { varchar: ['text'], text: ['varchar'] };

/**
 * Whether ALTER COLUMN ... TYPE from `from` to `to` (without USING) rewrites the table. In place:
 * the same type with a limit raised or removed (`varchar(20)` to `varchar(50)` or `varchar`,
 * `numeric(10,2)` to `numeric(12,2)`, `varbit(8)` to `varbit(16)`), and `varchar` to `text`
 * (or to `varchar` without a limit from `text`). Anything else is taken to rewrite it.
 */
export function rewritesForTypeChange(from: PgType, to: PgType): boolean {
  if (from.kind !== 'builtin' || to.kind !== 'builtin' || from.arrayDims !== to.arrayDims) return true;
  if (from.canonical === to.canonical) {
    if (to.typmods.length === 0) return !['varchar', 'numeric', 'varbit'].includes(to.canonical);
    if (from.typmods.length === 0) return true;
    if (to.canonical === 'varchar' || to.canonical === 'varbit') return to.typmods[0]! < from.typmods[0]!;
    if (to.canonical === 'numeric') return to.typmods[0]! < from.typmods[0]! || (to.typmods[1] ?? 0) !== (from.typmods[1] ?? 0);
    return !(from.typmods.length === to.typmods.length && from.typmods.every((value, index) => value === to.typmods[index]));
  }
  return !(IN_PLACE_TO[from.canonical]?.includes(to.canonical) && to.typmods.length === 0);
}
