import * as pg from '@libpg-query/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPgQueryWasm, type ParserOutput, type PgQueryWasm } from '../../src/sql/pg-query-wasm.js';

// check calls libpg_query's WASM exports itself (skipping the package's protobuf module); what it
// reads must be what the package's own functions give, down to the error messages.
const plpgsql = (body: string): string => `CREATE FUNCTION pg_temp.f() RETURNS void LANGUAGE plpgsql AS $$${body}$$`;

function viaPackage(work: () => unknown): ParserOutput {
  try {
    return { json: JSON.stringify(work()) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const normalized = (output: ParserOutput): ParserOutput => ('json' in output ? { json: JSON.stringify(JSON.parse(output.json)) } : output);

let wasm: PgQueryWasm;
beforeAll(async () => {
  await pg.loadModule();
  wasm = await loadPgQueryWasm();
});

describe('loadPgQueryWasm', () => {
  it.each([
    'CREATE TABLE IF NOT EXISTS s.t (id int, note text DEFAULT \'é\')',
    'ALTER TABEL s.t ADD COLUMN x int',
    "DO $$ BEGIN CREATE TYPE m AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN NULL; END $$; SELECT 1",
    '-- only a comment',
    "SELECT 'lone \ud800 surrogate', 'ünïcödé ✓ 𝄞'",
    'SELECT 1 AS x',
    '',
    'SELECT (',
  ])('parses %j as parseSync does', (sql) => {
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
    expect(wasm.parse('ALTER TABEL s.t ADD COLUMN x int')).toEqual({ error: 'syntax error at or near "TABEL"' });
    expect('error' in wasm.parsePlPgSql(plpgsql('BEGIN IF true THEN NULL; END'))).toBe(true);
  });
});
