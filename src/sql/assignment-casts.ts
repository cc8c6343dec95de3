import { referencingType, type PgType } from './pg-types.js';

// Which typed values PostgreSQL converts on assignment (a column's DEFAULT, UPDATE ... SET): its
// implicit and assignment casts between built-in types, as pg_cast lists them (castcontext 'i' or
// 'a'; PostgreSQL 14 to 18 agree), and the rule that any value converts to a string type through
// its output function. test/oracle/default-values.test.ts holds this table to a real server.

/** Besides itself and the string types, what each built-in type is assigned to. */
const ASSIGNABLE: Readonly<Record<string, string>> = {
  bit: 'varbit',
  box: 'polygon',
  cidr: 'inet',
  date: 'timestamp timestamptz',
  float4: 'float8 int2 int4 int8 numeric',
  float8: 'float4 int2 int4 int8 numeric',
  inet: 'cidr',
  int2: 'float4 float8 int4 int8 numeric oid regclass regtype',
  int4: 'float4 float8 int2 int8 money numeric oid regclass regtype',
  int8: 'float4 float8 int2 int4 money numeric oid regclass regtype',
  interval: 'time',
  json: 'jsonb',
  jsonb: 'json',
  macaddr: 'macaddr8',
  macaddr8: 'macaddr',
  money: 'numeric',
  numeric: 'float4 float8 int2 int4 int8 money',
  oid: 'int4 int8 regclass regtype',
  path: 'polygon',
  point: 'box',
  polygon: 'path',
  regclass: 'int4 int8 oid',
  regtype: 'int4 int8 oid',
  text: 'regclass',
  time: 'interval timetz',
  timestamp: 'date time timestamptz',
  timestamptz: 'date time timestamp timetz',
  timetz: 'time',
  varbit: 'bit',
  varchar: 'regclass',
};

/** Types any value is assigned to, through its output function (category S). */
const STRING_TYPES = new Set(['text', 'varchar', 'bpchar', 'name']);

export function isStringType(type: PgType): boolean {
  return type.kind === 'builtin' && type.arrayDims === 0 && STRING_TYPES.has(type.canonical);
}

/** Scalar to scalar, by canonical name; undefined where an extension's type makes it unknowable offline. */
function scalarAssignable(from: PgType, to: PgType): boolean | undefined {
  if (from.kind === 'extension' || to.kind === 'extension') return undefined;
  // A serial column is its integer type with a sequence.
  const [source, target] = [referencingType(from).canonical, referencingType(to).canonical];
  if (source === target) return true;
  if (to.kind === 'builtin' && STRING_TYPES.has(target)) return true;
  if (from.kind === 'enum' || to.kind === 'enum') return false;
  return (ASSIGNABLE[source] ?? '').split(' ').includes(target);
}

/**
 * Whether PostgreSQL assigns a value of type `from` to a column of type `to` (true), refuses to
 * ("column ... is of type X but default expression is of type Y": false), or cannot be known
 * offline (an extension's type: undefined). Arrays convert element by element, and any array
 * converts to a string type; a scalar never converts to an array.
 */
export function assignable(from: PgType, to: PgType): boolean | undefined {
  const element = (type: PgType): PgType => ({ ...type, arrayDims: 0 });
  if (from.arrayDims > 0 && to.arrayDims > 0) return scalarAssignable(element(from), element(to));
  if (from.arrayDims > 0) return to.kind === 'extension' ? undefined : isStringType(to);
  if (to.arrayDims > 0) return from.kind === 'extension' || to.kind === 'extension' ? undefined : false;
  return scalarAssignable(from, to);
}
