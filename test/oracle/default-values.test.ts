import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assignable } from '../../src/sql/assignment-casts.js';
import { checkColumnValue } from '../../src/sql/default-values.js';
import { loadSqlParser, type SqlParser } from '../../src/sql/sql-parser.js';
import { serverVersion } from '../../src/verify/throwaway-database.js';
import { createDatabase, withClient, type TestDatabase } from '../support/databases.js';
import { MOOD_LABELS, pgType, valueTarget } from '../support/value-target.js';

// The default-value checks held to a real PostgreSQL: every default the tool refuses, the server
// refuses too (at CREATE TABLE, or at the first INSERT that takes it), and every one it accepts,
// the server accepts; except the two lists below, each asserted for what it says.

const adminUrl = inject('adminUrl');

/** Typed values and bare words, which need no input rule: every one in a column of every type without a length. */
const TYPED = ['NULL', '0', '1.5', 'true', 'USER', 'CURRENT_USER', 'SESSION_USER', 'CURRENT_DATE', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'CURRENT_TIME', 'x', 'now', "'x'::text", "'HAPPY'::mood"];
const UNLIMITED = ['mood', 'mood[]', 'integer', 'smallint', 'bigint', 'numeric(10,2)', 'real', 'double precision', 'boolean', 'uuid', 'jsonb', 'json', 'text', 'date', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'integer[]', 'text[]', 'inet', 'money', 'bytea'];
/** The types whose input rules are judged offline. */
const JUDGED = ['mood', 'integer', 'smallint', 'bigint', 'numeric(10,2)', 'real', 'double precision', 'boolean', 'uuid', 'jsonb', 'json', 'text', 'varchar(3)', 'char', 'char(3)', 'bytea'];

/** [column type, default]: judged offline, and the server agrees. */
const AGREED: readonly (readonly [string, string])[] = [
  ...UNLIMITED.flatMap((type) => TYPED.map((value) => [type, value] as const)),
  ...JUDGED.map((type) => [type, "'x'"] as const),
  ['varchar(3)', 'NULL'], ['char(3)', '0'], ['varchar(3)', "'SAD'::mood"],
  ['mood', "'HAPPY'"], ['mood', "'happy'"], ['mood', "'GLAD'"], ['mood', 'HAPPY'], ['mood', 'happy'], ['mood', '"HAPPY"'], ['mood', "'HAPPY'::text"], ['mood', "'SAD'::public.mood"],
  ['integer', "'42'"], ['integer', "' 42 '"], ['integer', "'-2147483648'"], ['integer', "'2147483648'"], ['integer', "'1.5'"],
  ['integer', '2147483647'], ['integer', '2147483648'], ['integer', '-2147483648'], ['integer', '2147483647.5'], ['integer', "'t'"], ['integer', "'7'::bigint"], ['integer', "'7'::text"],
  ['smallint', '40000'], ['smallint', "'40000'"], ['smallint', '32767'], ['bigint', "'9223372036854775807'"], ['bigint', "'9223372036854775808'"], ['bigint', '2147483648'],
  ['numeric(10,2)', "'1e3'"], ['numeric(10,2)', "'NaN'"], ['numeric', "' -Infinity '"], ['numeric', "'abc'"],
  ['real', "'1e5'"], ['double precision', "'0x1p3'"], ['double precision', "'-inf'"], ['double precision', "' nan'"], ['double precision', "'1_0'"], ['double precision', "'.5'"],
  ['boolean', "'t'"], ['boolean', "'yes'"], ['boolean', "'of'"], ['boolean', "'o'"], ['boolean', "'maybe'"], ['boolean', '1'], ['boolean', "'1'"], ['boolean', "' on '"], ['boolean', "'TRUE'"],
  ['uuid', 'gen_random_uuid()'], ['uuid', 'gen_random_uuid'], ['uuid', "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"], ['uuid', "'{a0eebc999c0b4ef8bb6d6bb9bd380a11}'"],
  ['uuid', "'A0EE-BC99-9C0B-4EF8-BB6D-6BB9-BD38-0A11'"], ['uuid', "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'"], ['uuid', "' a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"], ['uuid', "'{a0eebc999c0b4ef8bb6d6bb9bd380a11'"],
  ['jsonb', "'{}'"], ['jsonb', "'{}'::jsonb"], ['jsonb', "'[1, 2]'"], ['jsonb', "'{a}'"], ['jsonb', "'{}'::json"], ['jsonb', "'1.'"], ['jsonb', `'{"a": 1,}'`], ['json', "'01'"], ['jsonb', "'{a}'::jsonb"],
  ['text', "'USER'"], ['text', 'now()'], ['text', 'CURRENT_SCHEMA'], ['text', 'CURRENT_CATALOG'], ['text', "'x'::integer"], ['text', "'{1}'::integer[]"],
  ['varchar(3)', "'abc'"], ['varchar(3)', "'abcd'"], ['varchar(3)', "'abc  '"], ['varchar(3)', "'abcd'::varchar(3)"],
  ['char', "'a'"], ['char', "'ab'"], ['char(3)', "'ab'"], ['char(3)', "'abcd'"], ['char(3)', "'abc '"],
  ['date', "'2024-01-01'"], ['date', 'now()'], ['timestamptz', "'epoch'"], ['timestamptz', "'infinity'"], ['timestamptz', 'LOCALTIMESTAMP'], ['timestamptz', 'now'],
  ['interval', "'1 day'"], ['integer[]', "'{1,2}'"], ['integer[]', "'{}'::integer[]"], ['integer[]', 'ARRAY[1, 2]'], ['integer[]', "'{1}'::text[]"],
  ['text[]', "'{}'"], ['text[]', "'{1}'::integer[]"], ['text[]', 'ARRAY[]::text[]'], ['mood[]', "'{HAPPY}'"], ['text', "'{HAPPY}'::mood[]"],
  ['inet', "'127.0.0.1'"], ['money', '0'],
];

/** Left to PostgreSQL: it refuses these, and offline they cannot be told (or are not worth a rule). */
const LEFT_TO_POSTGRES: readonly (readonly [string, string])[] = [
  ...['date', 'time', 'timetz', 'timestamptz', 'interval', 'integer[]', 'mood[]', 'inet', 'money'].map((type) => [type, "'x'"] as const),
  ['varchar(3)', 'true'], ['char', 'CURRENT_USER'], ['char(3)', 'CURRENT_DATE'], ['varchar(3)', "'HAPPY'::mood"], ['varchar(3)', "'abcd'::text"],
  ['date', "'2024-13-45'"], ['interval', "'abc'"], ['time', "'today'"], ['integer', 'now()'], ['uuid', "upper('x')"], ['integer[]', "'{a}'"],
  ['mood[]', "'{GLAD}'"], ['varchar(3)', '1234'], ['inet', "'x'"], ['smallint', '40000::integer'],
];

/** Accepted offline: PostgreSQL reads them from version 16 on, and refuses them before. */
const FROM_16: readonly (readonly [string, string])[] = [['integer', "'0x1F'"], ['integer', "'1_000'"], ['bigint', "'-0b101'"], ['numeric', "'1_000.5'"], ['numeric', "'0o17'"]];

/** Refused although PostgreSQL accepts them: the default is converted once, when the migration runs, and every row gets that moment. */
const FROZEN: readonly (readonly [string, string])[] = [
  ['timestamptz', "'now'"], ['timestamp', "'now'"], ['date', "'now'"], ['date', "'today'"], ['time', "'now'"], ['timestamptz', "'now'::timestamptz"], ['date', "'tomorrow'"],
];

/** The server's verdict on a default: undefined when a table takes it and a row gets it, else the error. */
async function serverVerdict(client: pg.Client, type: string, value: string): Promise<string | undefined> {
  await client.query('SAVEPOINT s');
  try {
    await client.query(`CREATE TABLE t (c ${type} DEFAULT ${value})`);
    await client.query('INSERT INTO t DEFAULT VALUES');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.query('ROLLBACK TO SAVEPOINT s');
  }
}

/** The stored default of a column that takes it, as pg_get_expr prints it. */
async function storedDefault(client: pg.Client, type: string, value: string): Promise<string> {
  await client.query('SAVEPOINT s');
  try {
    await client.query(`CREATE TABLE t (c ${type} DEFAULT ${value})`);
    const { rows } = await client.query<{ expr: string }>("SELECT pg_get_expr(adbin, adrelid) AS expr FROM pg_attrdef WHERE adrelid = 't'::regclass");
    return rows[0]!.expr;
  } finally {
    await client.query('ROLLBACK TO SAVEPOINT s');
  }
}

let parser: SqlParser;
let database: TestDatabase;
beforeAll(async () => {
  parser = await loadSqlParser();
  database = await createDatabase(adminUrl);
  await withClient(database.url, async (client) => {
    await client.query(`CREATE TYPE mood AS ENUM (${MOOD_LABELS.map((label) => `'${label}'`).join(', ')})`);
  });
});
afterAll(() => database?.drop());

const ours = (type: string, value: string): string | undefined => {
  const result = checkColumnValue(parser, value, valueTarget(type), 'default');
  return 'problem' in result ? result.problem : undefined;
};

/** Runs `work` in one transaction on the test database, rolled back afterwards. */
function inTransaction<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(database.url, async (client) => {
    await client.query('BEGIN');
    try {
      return await work(client);
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

describe('defaults judged offline, as PostgreSQL judges them', () => {
  it('refuses exactly what the server refuses', async () => {
    const disagreements = await inTransaction(async (client) => {
      const found: string[] = [];
      for (const [type, value] of AGREED) {
        const [server, offline] = [await serverVerdict(client, type, value), ours(type, value)];
        if ((server === undefined) !== (offline === undefined)) found.push(`${type} DEFAULT ${value}: server ${server ?? 'accepts'}; offline ${offline ?? 'accepts'}`);
      }
      return found;
    });
    expect(disagreements).toEqual([]);
  });

  it('leaves to the server what cannot be told offline', async () => {
    const verdicts = await inTransaction(async (client) => {
      const found: [string, string | undefined, string | undefined][] = [];
      for (const [type, value] of LEFT_TO_POSTGRES) found.push([`${type} DEFAULT ${value}`, await serverVerdict(client, type, value), ours(type, value)]);
      return found;
    });
    for (const [what, server, offline] of verdicts) {
      expect(server, `${what}: the server refuses it`).toBeDefined();
      expect(offline, `${what}: accepted offline`).toBeUndefined();
    }
  });

  it('accepts what PostgreSQL 16 reads as a number, which the server takes as its version says', async () => {
    const major = Number((await serverVersion(adminUrl)).split('.')[0]);
    const verdicts = await inTransaction(async (client) => {
      const found: [string, string | undefined][] = [];
      for (const [type, value] of FROM_16) found.push([`${type} DEFAULT ${value}`, await serverVerdict(client, type, value)]);
      return found;
    });
    for (const [what, server] of verdicts) expect(server === undefined, `${what} on PostgreSQL ${major}`).toBe(major >= 16);
    for (const [type, value] of FROM_16) expect(ours(type, value), `${type} DEFAULT ${value}`).toBeUndefined();
  });

  it("refuses a quoted 'now' or 'today', which the server turns into one fixed moment", async () => {
    const stored = await inTransaction(async (client) => {
      const found: [string, string][] = [];
      for (const [type, value] of FROZEN) found.push([`${type} DEFAULT ${value}`, await storedDefault(client, type, value)]);
      return found;
    });
    for (const [what, expression] of stored) {
      expect(expression, `${what} is stored as a constant`).toMatch(/^'[^']+'::[a-z ]+$/);
      expect(expression, what).not.toMatch(/now|current|today/i);
    }
    for (const [type, value] of FROZEN) expect(ours(type, value), `${type} DEFAULT ${value}`).toMatch(/is read once, when the migration runs/);
  });
});

/** Every built-in type the spec takes, a few arrays, and an enum. */
const TYPES = [
  'smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision', 'money', 'text', 'varchar', 'char(5)', 'bytea', 'boolean',
  'date', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'bit', 'varbit', 'uuid', 'json', 'jsonb', 'jsonpath', 'xml',
  'inet', 'cidr', 'macaddr', 'macaddr8', 'tsvector', 'tsquery', 'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle',
  'int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange', 'int4multirange', 'datemultirange', 'oid', 'regclass',
  'regtype', 'pg_lsn', 'mood', 'integer[]', 'text[]', 'mood[]', 'bigint[]',
];

describe('the assignment casts between types', () => {
  it('are the server\'s: a typed NULL of every type as the default of a column of every type', async () => {
    const disagreements = await inTransaction(async (client) => {
      const found: string[] = [];
      for (const from of TYPES) {
        for (const to of TYPES) {
          const server = (await serverVerdict(client, to, `NULL::${from}`)) === undefined;
          if (server !== assignable(pgType(from), pgType(to))) found.push(`${from} -> ${to}: server ${server ? 'assigns' : 'refuses'}`);
        }
      }
      return found;
    });
    expect(disagreements).toEqual([]);
  });
});
