import { describe, expect, it } from 'vitest';
import { isBuiltinType, resolveType, type TypeScope } from '../../src/sql/pg-types.js';
import { loadSqlParser } from '../../src/sql/sql-parser.js';

const scope: TypeScope = { schema: 'app', enums: new Set(['role', 'user']), extensionTypes: ['vector', 'public.citext'] };

function sqlOf(text: string): string {
  const result = resolveType(text, scope);
  if ('problem' in result) throw new Error(result.problem);
  return result.type.sql;
}

function problemOf(text: string): string {
  const result = resolveType(text, scope);
  return 'problem' in result ? result.problem : `no problem: ${result.type.sql}`;
}

/** The type PostgreSQL's own parser reads from `type`: its qualified name, modifiers and array depth. */
async function parsedType(type: string): Promise<unknown> {
  const parser = await loadSqlParser();
  const result = parser.parse(`SELECT NULL::${type}`);
  if ('error' in result) throw new Error(`${type}: ${result.error}`);
  const cast = (result.tree.stmts![0]!.stmt.SelectStmt as { targetList: { ResTarget: { val: { TypeCast: { typeName: { names: { String: { sval: string } }[]; typmods?: { A_Const: { ival: { ival: number } } }[]; arrayBounds?: unknown[] } } } } }[] }).targetList[0]!.ResTarget.val.TypeCast.typeName;
  return {
    // int4 and integer both name pg_catalog.int4; the parser qualifies only the SQL-standard spelling.
    names: cast.names.map((name) => name.String.sval).filter((name, index, all) => !(index === 0 && name === 'pg_catalog' && all.length === 2)),
    typmods: (cast.typmods ?? []).map((mod) => mod.A_Const.ival.ival),
    arrays: cast.arrayBounds?.length ?? 0,
  };
}

describe('resolveType', () => {
  it('renders each spelling as a type PostgreSQL reads the same way as what the user wrote', async () => {
    const spellings = [
      'int', 'integer', 'INT4', 'bigint', 'int8', 'smallint', 'numeric(10,2)', 'decimal(12)', 'real', 'float8',
      'double precision', 'text', 'varchar(255)', 'character varying(20)', 'char(2)', 'character(3)', 'boolean',
      'bool', 'date', 'time', 'time with time zone', 'timetz', 'timestamp', 'timestamp(3)', 'timestamptz',
      'timestamp with time zone', 'timestamp without time zone', 'interval', 'uuid', 'json', 'jsonb', 'bytea',
      'inet', 'cidr', 'macaddr', 'bit(8)', 'bit varying(8)', 'varbit', 'tsvector', 'int4range', 'text[]',
      'integer[][]', 'varchar(10)[]', 'int ARRAY', 'pg_catalog.text', 'money', 'xml', 'oid',
    ];
    for (const spelling of spellings) {
      expect(await parsedType(sqlOf(spelling)), spelling).toEqual(await parsedType(spelling));
    }
  });

  it('canonicalises aliases so equal types compare equal', () => {
    const canonical = (text: string) => {
      const result = resolveType(text, scope);
      return 'type' in result ? [result.type.canonical, result.type.typmods] : result.problem;
    };
    expect(canonical('int')).toEqual(canonical('integer'));
    expect(canonical('timestamp with time zone')).toEqual(canonical('timestamptz'));
    expect(canonical('character varying(36)')).toEqual(canonical('varchar(36)'));
    expect(canonical('varchar(36)')).not.toEqual(canonical('varchar(37)'));
  });

  it('qualifies enums created by the spec with its schema, quoting as needed', () => {
    expect(sqlOf('role')).toBe('app.role');
    expect(sqlOf('user')).toBe('app."user"');
    expect(sqlOf('app.role[]')).toBe('app.role[]');
  });

  it('accepts the extension types the spec lists, with their modifiers', () => {
    expect(sqlOf('vector(1536)')).toBe('vector(1536)');
    expect(sqlOf('public.citext')).toBe('public.citext');
    expect(problemOf('citext')).toMatch(/unknown type "citext"/);
  });

  it('refuses unknown types with the nearest known names', () => {
    expect(problemOf('strng')).toBe('unknown type "strng"; did you mean "text or varchar(n)" or "text"? (an extension\'s type must be listed in extension_types)');
    expect(problemOf('intger')).toMatch(/did you mean "integer"/);
    expect(problemOf('timestamptx')).toMatch(/did you mean "timestamptz"/);
    expect(problemOf('datetime')).toBe('unknown type "datetime"; in PostgreSQL use timestamptz');
    expect(problemOf('rol')).toMatch(/did you mean "role"/);
  });

  it('refuses malformed types and wrong modifiers', () => {
    expect(problemOf('varchar(')).toMatch(/cannot read type/);
    expect(problemOf('varchar(a)')).toMatch(/whole numbers/);
    expect(problemOf('text(5)')).toBe('type text takes no modifiers');
    expect(problemOf('numeric(1,2,3)')).toBe('type numeric takes at most 2 modifiers');
    expect(problemOf('int; DROP TABLE x')).toMatch(/cannot read type/);
    expect(problemOf('serial[]')).toBe('serial cannot be an array');
    expect(problemOf('role(3)')).toBe('enum type role takes no modifiers');
  });
});

describe('isBuiltinType', () => {
  it('agrees with resolveType on which types are built in, without a scope', () => {
    const texts = ['text', 'pg_catalog.int4', 'varchar(255)[]', 'timestamptz', 'double precision', '"text"', 'app.role', 'role', 'vector(3)', 'public.text', 'int('];
    const empty: TypeScope = { schema: 'public', enums: new Set(), extensionTypes: [] };
    expect(texts.filter(isBuiltinType)).toEqual(texts.filter((text) => 'type' in resolveType(text, empty)));
    expect(texts.filter(isBuiltinType)).toEqual(['text', 'pg_catalog.int4', 'varchar(255)[]', 'timestamptz', 'double precision']);
  });
});
