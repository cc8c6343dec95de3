import * as pg from '@libpg-query/parser';
import * as pgQuery from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPgQueryWasm, loadPlPgSqlWasm, type ParserOutput, type PgQueryWasm, type PlPgSqlWasm } from '../../src/sql/pg-query-wasm.js';

// generate and check call libpg_query's WASM exports themselves (check skipping its package's
// protobuf module; both loading only the files the build copies): what they read must be what the
// packages' own functions give, down to the error messages and the offsets they point at.
const plpgsql = (body: string): string => `CREATE FUNCTION pg_temp.f() RETURNS void LANGUAGE plpgsql AS $$${body}$$`;

function viaPackage(work: () => unknown): ParserOutput {
  try {
    return { json: JSON.stringify(work()) };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition: number } }).sqlDetails;
    return { error: (error as Error).message, ...(details && { position: details.cursorPosition }) };
  }
}

const normalized = (output: ParserOutput): ParserOutput => ('json' in output ? { json: JSON.stringify(JSON.parse(output.json)) } : output);

let wasm: PlPgSqlWasm;
let raw: PgQueryWasm;
beforeAll(async () => {
  await Promise.all([pg.loadModule(), pgQuery.loadModule()]);
  [wasm, raw] = await Promise.all([loadPlPgSqlWasm(), loadPgQueryWasm()]);
});

const STATEMENTS = [
  'CREATE TABLE IF NOT EXISTS s.t (id int, note text DEFAULT \'é\')',
  'ALTER TABEL s.t ADD COLUMN x int',
  "DO $$ BEGIN CREATE TYPE m AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN NULL; END $$; SELECT 1",
  '-- only a comment',
  "SELECT 'lone \ud800 surrogate', 'ünïcödé ✓ 𝄞'",
  'SELECT 1 AS x',
  '',
  'SELECT (',
  'SELECT 1 FROM t WHERE x = = 2',
];

describe('loadPlPgSqlWasm (check)', () => {
  it.each(STATEMENTS)('parses %j as parseSync does', (sql) => {
    expect(normalized(wasm.parse(sql))).toEqual(viaPackage(() => pg.parseSync(sql)));
  });

  it.each([
    'BEGIN IF to_regclass(\'s.t\') IS NULL THEN CREATE TABLE s.t (); END IF; END',
    'BEGIN IF true THEN CREATE TYPE m AS ENUM (\'a\'); END',
    'BEGIN EXECUTE \'CREATE INDEX i ON t (c)\'; END',
  ])('parses the PL/pgSQL %j as parsePlPgSQLSync does', (body) => {
    expect(normalized(wasm.parsePlPgSql(plpgsql(body)))).toEqual(viaPackage(() => pg.parsePlPgSQLSync(plpgsql(body))));
  });

  it('reports errors, not trees, for SQL the parser rejects', () => {
    expect(wasm.parse('ALTER TABEL s.t ADD COLUMN x int')).toEqual({ error: 'syntax error at or near "TABEL"', position: 6 });
    expect('error' in wasm.parsePlPgSql(plpgsql('BEGIN IF true THEN NULL; END'))).toBe(true);
  });
});

describe('loadPgQueryWasm (generate)', () => {
  it.each(STATEMENTS)('parses %j as libpg-query parseSync does', (sql) => {
    expect(normalized(raw.parse(sql))).toEqual(viaPackage(() => pgQuery.parseSync(sql)));
  });
});
