import { beforeAll, describe, expect, it } from 'vitest';
import type { Node } from '@pgsql/types';
import { ALTER_TABLE_COMMANDS } from '../../src/sql/alter-table-safety.js';
import { resolveSafety, type SafetyEntry } from '../../src/sql/safety-model.js';
import { statementActions } from '../../src/sql/statement-actions.js';
import { STATEMENTS } from '../../src/sql/statement-safety.js';
import { analyzeScript } from '../../src/sql/sql-script.js';
import { loadSqlParser, type SqlParser } from '../../src/sql/sql-parser.js';
import { fileFindings } from '../support/check-fixtures.js';

// generate (what `execute` accepts) and check (what it reports) read one statement-safety table:
// for every statement here, generate refuses exactly when check reports it as not safe to run
// again, or as transaction control.

const STATEMENTS_TO_AGREE_ON: readonly string[] = [
  'CREATE TABLE t (a int)',
  'CREATE TABLE IF NOT EXISTS t (a int)',
  'CREATE TABLE t2 AS SELECT 1 AS a',
  'CREATE TABLE IF NOT EXISTS t2 AS SELECT 1 AS a',
  'CREATE MATERIALIZED VIEW mv AS SELECT 1 AS a',
  'CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1 AS a',
  'CREATE DOMAIN positive AS integer',
  'CREATE TYPE pair AS (a int, b int)',
  "CREATE TYPE mood AS ENUM ('ok')",
  'CREATE TRIGGER tg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch()',
  'CREATE OR REPLACE TRIGGER tg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch()',
  "ALTER TYPE mood ADD VALUE 'sad'",
  "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad'",
  "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine'",
  'ALTER DOMAIN positive ADD CONSTRAINT ck CHECK (VALUE > 0)',
  'ALTER TABLE t ATTACH PARTITION t_2026 FOR VALUES IN (2026)',
  'ALTER TABLE t ALTER COLUMN a ADD GENERATED ALWAYS AS IDENTITY',
  'ALTER TABLE t INHERIT base',
  'CREATE POLICY own ON t USING (true)',
  'CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING',
  'CREATE PUBLICATION pub FOR TABLE t',
  'CREATE CAST (text AS mood) WITH INOUT',
  'ALTER TABLE t SET SCHEMA archive',
  'ALTER TABLE IF EXISTS t SET SCHEMA archive',
  'ALTER TABLE t RENAME COLUMN a TO b',
  'DROP TABLE t',
  'DROP TABLE IF EXISTS t',
  "INSERT INTO t (a) VALUES (1)",
  "INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING",
  'UPDATE t SET a = 1 WHERE a IS NULL',
  'GRANT SELECT ON t TO PUBLIC',
  'BEGIN',
  'COMMIT',
  `DO $$ BEGIN CREATE TYPE mood AS ENUM ('ok'); END $$`,
  `DO $$ BEGIN IF to_regtype('mood') IS NULL THEN CREATE TYPE mood AS ENUM ('ok'); END IF; END $$`,
  `DO $$ BEGIN CREATE TYPE mood AS ENUM ('ok'); EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
  `DO $$ BEGIN UPDATE t SET a = 1; COMMIT; END $$`,
];

let parser: SqlParser;
beforeAll(async () => {
  parser = await loadSqlParser();
});

const refusedByGenerate = (sql: string): boolean => 'problem' in analyzeScript(parser, sql);

async function reportedByCheck(sql: string): Promise<boolean> {
  const file = `revision = "001_a"\ndown_revision = None\n\n\ndef upgrade() -> None:\n    op.execute(${JSON.stringify(sql)})\n\n\ndef downgrade() -> None:\n    raise NotImplementedError("test")\n`;
  return (await fileFindings(file)).some((finding) => finding.rule === 'unguarded-sql' || finding.rule === 'transaction-control' || finding.rule === 'not-understood');
}

describe('generate and check agree on what is safe to run twice', () => {
  it.each(STATEMENTS_TO_AGREE_ON)('%s', async (sql) => {
    expect(refusedByGenerate(sql)).toBe(await reportedByCheck(sql));
  });

  it('refuse what is not (the cases generate accepted before)', () => {
    for (const sql of ['CREATE DOMAIN positive AS integer', 'CREATE TYPE pair AS (a int, b int)', 'CREATE TRIGGER tg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch()', "ALTER TYPE mood ADD VALUE 'sad'"]) {
      expect(refusedByGenerate(sql), sql).toBe(true);
    }
  });
});

describe('the statement-safety table', () => {
  it('reports a statement kind it does not list as unknown, never as safe', () => {
    const [action] = statementActions({ FutureStmt: {} });
    expect(action).toMatchObject({ kind: 'FutureStmt', unknown: true, rerunSafe: false });
    const [command] = statementActions({ AlterTableStmt: { relation: { relname: 't' }, cmds: [{ AlterTableCmd: { subtype: 'AT_FutureThing' } }] } });
    expect(command).toMatchObject({ unknown: true, rerunSafe: false });
  });

  it('has an entry, with every variant complete, for every statement kind of libpg_query', () => {
    const entries: [string, SafetyEntry][] = [...Object.entries(STATEMENTS), ...Object.entries(ALTER_TABLE_COMMANDS)];
    for (const [kind, entry] of entries) {
      const safeties = 'variants' in entry ? Object.values(entry.variants) : [entry];
      for (const safety of safeties) {
        expect(safety.action.length, kind).toBeGreaterThan(0);
        if (safety.rerun.kind === 'clause' || safety.rerun.kind === 'guard') expect(safety.rerun.guarded.length, kind).toBeGreaterThan(0);
        // Every hazard but a rename's (of code, not of locks) and DROP DATABASE's is about the lock it takes.
        if (safety.hazards?.some((hazard) => hazard !== 'rename' && hazard !== 'drop-database')) expect(safety.lock, `${kind} has lock hazards, so a lock`).toBeDefined();
      }
    }
    // A node kind @pgsql/types adds shows up here as a compile error first (the table is a
    // Record over its statement kinds); this keeps a hand-picked one honest at run time too.
    const kind: keyof Extract<Node, { CreateStmt: unknown }> = 'CreateStmt';
    expect(resolveSafety(STATEMENTS[kind], {}).action).toBe('CREATE TABLE');
  });

  it('lists what each statement does to the table it locks', () => {
    const locked = (sql: string) => statementActions((JSON.parse(JSON.stringify(parser.parse(sql))) as { tree: { stmts: { stmt: Record<string, unknown> }[] } }).tree.stmts[0]!.stmt)[0]!.safety.lock;
    expect(locked('CREATE INDEX ix ON t (a)')).toEqual({ mode: 'SHARE', work: 'build' });
    expect(locked('CREATE INDEX CONCURRENTLY ix ON t (a)')).toEqual({ mode: 'SHARE UPDATE EXCLUSIVE', work: 'build' });
    expect(locked('ALTER TABLE t ALTER COLUMN a TYPE bigint')).toEqual({ mode: 'ACCESS EXCLUSIVE', work: 'rewrite' });
    expect(locked('ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES r (id) NOT VALID')).toEqual({ mode: 'SHARE ROW EXCLUSIVE', work: 'catalog', referenced: 'SHARE ROW EXCLUSIVE' });
    expect(locked('ALTER TABLE t VALIDATE CONSTRAINT fk')).toEqual({ mode: 'SHARE UPDATE EXCLUSIVE', work: 'scan' });
  });
});
