import { referencingType, type PgType } from './pg-types.js';

// A quoted literal ('abc') has no type of its own: PostgreSQL converts it with the column type's
// input function while it reads the statement, so text the type does not accept fails the
// migration. These are the input rules that are the same on every PostgreSQL from 14 to 18 (where
// they differ, the more lenient one: 16 reads '0x1F' and '1_000' as integers), for the types whose
// rules fit in a few lines; the rest (dates, network addresses, geometry...) are left to PostgreSQL.

const INTEGER_RANGE: Readonly<Record<string, readonly [bigint, string]>> = {
  int2: [2n ** 15n, 'smallint'],
  int4: [2n ** 31n, 'integer'],
  int8: [2n ** 63n, 'bigint'],
};

const DIGITS = String.raw`(?:0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[oO][0-7]+(?:_[0-7]+)*|0[bB][01]+(?:_[01]+)*|\d+(?:_\d+)*)`;
const INTEGER = new RegExp(String.raw`^\s*([+-]?)(${DIGITS})\s*$`);
const DECIMAL = String.raw`(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?`;
const NUMERIC = new RegExp(String.raw`^\s*(?:[+-]?(?:${DECIMAL}|${DIGITS}|inf|infinity)|nan)\s*$`, 'i');
// float8in is strtod: no underscores, but hexadecimal floats.
const FLOAT = /^\s*(?:[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[+-]?\d+)?|inf|infinity)|[+-]?nan)\s*$/i;
const UUID = /^(?:\{(?:[0-9a-f]{4}-?){7}[0-9a-f]{4}\}|(?:[0-9a-f]{4}-?){7}[0-9a-f]{4})$/i;
const BOOLEAN_WORDS = ['true', 'false', 'yes', 'no', 'on', 'off'];

/** What boolin accepts: a prefix of true/false/yes/no (on/off: at least two letters), 1 or 0, any case, spaces around. */
function isBoolean(text: string): boolean {
  const word = text.trim().toLowerCase();
  if (word === '1' || word === '0') return true;
  if (word === '' || word === 'o') return false;
  return BOOLEAN_WORDS.some((candidate) => candidate.startsWith(word));
}

/** Whether a whole number fits the integer type `canonical` (int2, int4 or int8); undefined for other types. */
export function fitsInteger(value: bigint, type: PgType): boolean | undefined {
  const range = type.kind === 'builtin' && type.arrayDims === 0 ? INTEGER_RANGE[referencingType(type).canonical] : undefined;
  if (!range) return undefined;
  return value >= -range[0] && value < range[0];
}

function integerProblem(text: string, canonical: string): string | undefined {
  const [limit, name] = INTEGER_RANGE[canonical]!;
  const match = INTEGER.exec(text);
  if (!match) return `invalid input syntax for type ${name}: "${text}"`;
  const magnitude = BigInt(match[2]!.replaceAll('_', ''));
  const inRange = match[1] === '-' ? magnitude <= limit : magnitude < limit;
  return inRange ? undefined : `value "${text}" is out of range for type ${name}`;
}

/** The length limit of a string column: char(n), varchar(n); char alone is char(1). */
function lengthLimit(type: PgType): number | undefined {
  if (type.canonical === 'bpchar') return type.typmods[0] ?? 1;
  return type.canonical === 'varchar' ? type.typmods[0] : undefined;
}

function stringProblem(text: string, type: PgType): string | undefined {
  const limit = lengthLimit(type);
  if (limit === undefined) return undefined;
  const characters = [...text];
  // Spaces beyond the limit are cut off silently; anything else fails.
  if (characters.length <= limit || characters.slice(limit).every((character) => character === ' ')) return undefined;
  return `value too long for type ${type.canonical === 'bpchar' ? 'character' : 'character varying'}(${limit})`;
}

function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    return 'invalid input syntax for type json';
  }
}

/**
 * PostgreSQL's error for converting the quoted literal `text` to `type` (a built-in scalar), when
 * it is known to fail; undefined when it converts or cannot be judged offline. An enum's labels
 * are judged by the caller, who knows them.
 */
export function literalInputProblem(text: string, type: PgType): string | undefined {
  if (type.kind !== 'builtin' || type.arrayDims > 0) return undefined;
  const { canonical } = referencingType(type);
  if (canonical in INTEGER_RANGE) return integerProblem(text, canonical);
  if (canonical === 'numeric') return NUMERIC.test(text) ? undefined : `invalid input syntax for type numeric: "${text}"`;
  if (canonical === 'float4' || canonical === 'float8') {
    return FLOAT.test(text) ? undefined : `invalid input syntax for type ${canonical === 'float4' ? 'real' : 'double precision'}: "${text}"`;
  }
  if (canonical === 'bool') return isBoolean(text) ? undefined : `invalid input syntax for type boolean: "${text}"`;
  if (canonical === 'uuid') return UUID.test(text) ? undefined : `invalid input syntax for type uuid: "${text}"`;
  if (canonical === 'json' || canonical === 'jsonb') return jsonProblem(text);
  return stringProblem(text, type);
}

/** What gives each row its own moment, for the words the date and time types read as "when the statement runs". */
const MOMENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  now: { date: 'CURRENT_DATE', time: 'LOCALTIME', timetz: 'CURRENT_TIME', timestamp: 'now()', timestamptz: 'now()' },
  today: { date: 'CURRENT_DATE', timestamp: 'CURRENT_DATE', timestamptz: 'CURRENT_DATE' },
  tomorrow: { date: 'CURRENT_DATE + 1', timestamp: 'CURRENT_DATE + 1', timestamptz: 'CURRENT_DATE + 1' },
  yesterday: { date: 'CURRENT_DATE - 1', timestamp: 'CURRENT_DATE - 1', timestamptz: 'CURRENT_DATE - 1' },
};

/**
 * For 'now', 'today', 'tomorrow' or 'yesterday' quoted as a date or time: what to write instead.
 * The literal is converted once, when the migration runs, so every row would get that one moment.
 */
export function frozenMoment(text: string, type: PgType): string | undefined {
  if (type.kind !== 'builtin' || type.arrayDims > 0) return undefined;
  const word = text.trim().toLowerCase();
  return Object.hasOwn(MOMENTS, word) ? MOMENTS[word]![type.canonical] : undefined;
}
