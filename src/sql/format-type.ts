import { referencingType, type PgType } from './pg-types.js';

const NAMES: Readonly<Record<string, string>> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  varbit: 'bit varying',
};

const ZONED: Readonly<Record<string, [string, string]>> = {
  time: ['time', 'without time zone'],
  timetz: ['time', 'with time zone'],
  timestamp: ['timestamp', 'without time zone'],
  timestamptz: ['timestamp', 'with time zone'],
};

/**
 * What PostgreSQL's format_type() prints for a built-in type as a column stores it, e.g.
 * `character varying(36)`, `numeric(10,0)`, `timestamp(3) with time zone`, `integer[]`. Guards
 * compare a column's current type with it. Undefined for enums and extension types, whose text
 * depends on the search_path; those are compared by type oid instead.
 */
export function formatType(type: PgType): string | undefined {
  if (type.kind !== 'builtin' || type.canonical.startsWith('serial')) return undefined;
  const { canonical, typmods } = type;
  let text: string;
  const zoned = ZONED[canonical];
  if (zoned) {
    text = `${zoned[0]}${typmods.length > 0 ? `(${typmods[0]})` : ''} ${zoned[1]}`;
  } else if (canonical === 'numeric') {
    text = typmods.length === 0 ? 'numeric' : `numeric(${typmods[0]},${typmods[1] ?? 0})`;
  } else if (canonical === 'bpchar' || canonical === 'bit') {
    // CHAR and BIT without a length mean a length of 1.
    text = `${NAMES[canonical] ?? canonical}(${typmods[0] ?? 1})`;
  } else {
    text = `${NAMES[canonical] ?? canonical}${typmods.length > 0 ? `(${typmods.join(',')})` : ''}`;
  }
  return type.arrayDims > 0 ? `${text}[]` : text;
}

/**
 * A type as PostgreSQL names it in its messages (format_type_be): `integer`, `character varying`,
 * `timestamp with time zone`, `integer[]`, without modifiers; an enum or extension type by its
 * name, qualified unless it is in public (the default search_path).
 */
export function typeNameInMessages(type: PgType): string {
  const { canonical } = referencingType(type);
  const zoned = ZONED[canonical];
  const base = type.kind !== 'builtin' ? type.sql.replace(/^public\./, '').replace(/(\(.*\))?(\[\])*$/, '') : zoned ? zoned.join(' ') : (NAMES[canonical] ?? canonical);
  return type.arrayDims > 0 ? `${base}[]` : base;
}
