import { describe, expect, it } from 'vitest';
import { loadPgParser } from '../../src/sql/pg-parser.js';
import { checkShape, expectColumn, expectConstraint, expectEnum, expectIndex, expectTable, textArgument, whenShape } from '../../src/sql/shape-checks.js';
import { completeColumn, completeEnum, completeTable } from '../../src/sql/shape-completion.js';
import { createHelpers, dropHelpers, helpersCalled } from '../../src/sql/shape-helpers.js';
import type { Statement } from '../../src/sql/statement.js';
import { column } from '../support/shape-definitions.js';

// The SQL the shape checks write, in-process: what each call passes, which helpers a migration
// creates for it, and that every statement (and every PL/pgSQL body) is one PostgreSQL parses.
// What the checks answer on a real server is tried in test/oracle/shape-helpers.test.ts.

const PREFERENCES = column('preferences', 'jsonb', { nullable: false, default: `'{"theme": "dark"}'::jsonb` });

/** Each statement parses as one statement, and each DO block or function body as PL/pgSQL. */
async function expectParsable(statements: readonly Statement[]): Promise<void> {
  const parser = await loadPgParser();
  for (const { sql } of statements) {
    const parsed = parser.parse(sql);
    expect('error' in parsed ? parsed.error : parsed.stmts.length, sql).toBe(1);
    const body = /^DO (\$[a-z0-9]*\$)\n([\s\S]*)\n\1$/.exec(sql);
    const plpgsql = body ? `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS ${body[1]}\n${body[2]}\n${body[1]}` : /LANGUAGE plpgsql/.test(sql) ? sql.replace(/^--.*\n/, '') : undefined;
    if (plpgsql) expect(parser.parsePlPgSql(plpgsql), sql).not.toHaveProperty('error');
  }
}

const COMPLETION = { notNullCheck: 'ck_users_preferences_not_null', batchSize: 1000, locks: { lockTimeout: '2s', retries: 5 } } as const;

describe('the calls', () => {
  it('pass a definition as written, dollar-quoted when it holds a quote', () => {
    expect(expectColumn('public', 'users', column('theme', 'text', { default: "'dark'" }))).toBe(`pg_temp.cm_expect_column('public.users', 'theme', $$text DEFAULT 'dark'$$)`);
    expect(expectColumn('Sales', 'Order', column('total', 'numeric(10,2)'))).toBe(`pg_temp.cm_expect_column('"Sales"."Order"', 'total', 'numeric(10,2)')`);
    expect(textArgument("a $$ b 'c'")).toBe("$cm$a $$ b 'c'$cm$");
    expect(textArgument("ends in $")).toBe("'ends in $'");
  });

  it('pass a table as the columns of its CREATE TABLE, the columns later steps change, and its constraints and indexes', () => {
    expect(expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text')], ['body'])).toBe(
      "pg_temp.cm_expect_table('public.docs', 'id uuid NOT NULL, title text', ARRAY['body'], '{}')",
    );
    expect(expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true })], [], ['pk_docs', 'ix_docs_title'])).toBe(
      "pg_temp.cm_expect_table('public.docs', 'id uuid NOT NULL', '{}', ARRAY['pk_docs', 'ix_docs_title'])",
    );
  });

  it('break a long call over lines', () => {
    expect(expectIndex('public', 'assets', 'ix_assets_custom_attributes', false, 'USING gin (custom_attributes jsonb_path_ops) WHERE deleted_at IS NULL')).toBe(
      "pg_temp.cm_expect_index(\n    'public.assets',\n    'public.ix_assets_custom_attributes',\n    false,\n    'USING gin (custom_attributes jsonb_path_ops) WHERE deleted_at IS NULL'\n)",
    );
  });
});

describe('the helpers a migration creates', () => {
  it('are the ones its statements call, each after the helpers it calls, and dropped in one statement', () => {
    const statements = [checkShape(expectColumn('public', 'users', PREFERENCES)), checkShape(expectEnum('public', 'severity', ['LOW']))];
    expect(helpersCalled(statements.map((statement) => statement.sql)).map((helper) => helper.name)).toEqual(['cm_column', 'cm_compare_column', 'cm_expect_column', 'cm_expect_enum']);
    expect(dropHelpers(statements)).toEqual([
      {
        sql: 'DROP FUNCTION IF EXISTS\n    pg_temp.cm_expect_enum(text, text[]),\n    pg_temp.cm_expect_column(text, name, text),\n    pg_temp.cm_compare_column(text, regclass, name, boolean),\n    pg_temp.cm_column(regclass, name)',
      },
    ]);
  });

  it('are none for a migration that calls none', () => {
    const statements = [{ sql: 'CREATE TABLE IF NOT EXISTS public.t (id integer)' }];
    expect(createHelpers(statements)).toEqual([]);
    expect(dropHelpers(statements)).toEqual([]);
  });

  it('are each one statement PostgreSQL parses, with a PL/pgSQL body it parses', async () => {
    const every = ['cm_expect_column', 'cm_expect_table', 'cm_expect_constraint', 'cm_expect_foreign_key', 'cm_expect_index', 'cm_expect_enum', 'cm_expect_enum_label', 'cm_expect_rename', 'cm_expect_column_type'];
    const created = createHelpers(every.map((name) => ({ sql: `SELECT pg_temp.${name}()` })));
    expect(created).toHaveLength(every.length + 3);
    await expectParsable(created);
  });
});

describe('the statements that act on a check', () => {
  it('create an object only while it is missing', () => {
    expect(whenShape(expectConstraint('public', 'flow_steps', 'ck_pos', 'CHECK (position > 0)'), 'missing', 'ALTER TABLE public.flow_steps ADD CONSTRAINT ck_pos CHECK (position > 0)')).toBe(
      [
        'DO $$',
        'BEGIN',
        "    IF pg_temp.cm_expect_constraint('public.flow_steps', 'ck_pos', 'CHECK (position > 0)') = 'missing' THEN",
        '        ALTER TABLE public.flow_steps ADD CONSTRAINT ck_pos CHECK (position > 0);',
        '    END IF;',
        'END',
        '$$',
      ].join('\n'),
    );
  });

  it('complete a column: its default while it has none, its NULLs filled in batches while it is nullable, NOT NULL proven by a CHECK', async () => {
    const statements = completeColumn('public', 'users', PREFERENCES, COMPLETION);
    expect(statements.map((statement) => statement.sql.split('\n').find((line) => /^\s*(ALTER|UPDATE)/.test(line))?.trim())).toEqual([
      'ALTER TABLE public.users',
      'UPDATE public.users SET preferences = \'{"theme": "dark"}\'::jsonb',
      'ALTER TABLE public.users',
      'ALTER TABLE public.users VALIDATE CONSTRAINT ck_users_preferences_not_null;',
      'ALTER TABLE public.users ALTER COLUMN preferences SET NOT NULL;',
      'ALTER TABLE IF EXISTS public.users',
    ]);
    expect(statements[0]!.sql).toContain('AND NOT atthasdef\n    ) THEN\n        ALTER TABLE public.users\n            ALTER COLUMN preferences SET DEFAULT \'{"theme": "dark"}\'::jsonb;');
    // On a clean run the column is NOT NULL already: the fill returns before it walks the table.
    expect(statements[1]!.sql).toMatch(/BEGIN\n    IF NOT EXISTS \([\s\S]*AND NOT attnotnull\n    \) THEN\n        RETURN;\n    END IF;\n    WHILE/);
    await expectParsable(statements);
  });

  it('complete a nullable column with a default by its default alone, and one without either not at all', () => {
    expect(completeColumn('public', 'users', column('theme', 'text', { default: "'dark'" }), COMPLETION)).toHaveLength(1);
    expect(completeColumn('public', 'users', column('theme', 'text'), COMPLETION)).toEqual([]);
  });

  it('add an enum\'s missing labels last to first, each before the one after it, outside the transaction', async () => {
    const statement = completeEnum('public', 'severity', ['LOW', 'MID', 'HIGH']);
    expect(statement.autocommit).toBe(true);
    expect(statement.sql).toContain(
      [
        "ALTER TYPE public.severity ADD VALUE IF NOT EXISTS 'HIGH';",
        "        ALTER TYPE public.severity ADD VALUE IF NOT EXISTS 'MID' BEFORE 'HIGH';",
        "        ALTER TYPE public.severity ADD VALUE IF NOT EXISTS 'LOW' BEFORE 'MID';",
      ].join('\n'),
    );
    await expectParsable([statement]);
  });

  it('add the columns a table lacks, leaving out the ones later steps change', async () => {
    const statement = completeTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text'), column('body', 'text')], ['body']);
    expect(statement.sql).toContain("pg_temp.cm_expect_table('public.docs', 'id uuid NOT NULL, title text', ARRAY['body'], '{}') = 'incomplete'");
    expect(statement.sql).toContain('ALTER TABLE public.docs\n            ADD COLUMN IF NOT EXISTS id uuid NOT NULL,\n            ADD COLUMN IF NOT EXISTS title text;');
    await expectParsable([statement]);
  });
});
