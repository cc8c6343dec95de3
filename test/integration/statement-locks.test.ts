import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPgParser, type PgParser } from '../../src/sql/pg-parser.js';
import { lockModeOf, strongest, type LockMode } from '../../src/sql/lock-modes.js';
import { statementActions } from '../../src/sql/statement-actions.js';
import { createDatabase, withClient, type TestDatabase } from '../support/databases.js';

// The statement-safety table's lock modes, measured: each statement runs in a transaction on the
// suite's PostgreSQL, and the strongest lock pg_locks shows on the table it names (looked up by
// oid before it runs, so renames and drops are seen too) must be the table's mode.

const SETUP = `
CREATE TABLE t (id int PRIMARY KEY, a int, b text, c int, d varchar(10));
CREATE TABLE r (id int PRIMARY KEY);
CREATE TABLE p (id int, k int) PARTITION BY LIST (k);
CREATE TABLE p1 (id int, k int);
CREATE TABLE p2 PARTITION OF p FOR VALUES IN (2);
CREATE INDEX ix_t_a ON t (a);
ALTER TABLE t ADD CONSTRAINT ck_t_c CHECK (c > 0) NOT VALID;
CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;
CREATE UNIQUE INDEX ux_mv ON mv (id);
CREATE UNIQUE INDEX ux_t_b ON t (b);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
`;

/** Each statement and the table whose lock it is measured on. */
const STATEMENTS: readonly [sql: string, table: string][] = [
  ['ALTER TABLE t ADD COLUMN z int', 't'],
  ['ALTER TABLE t ADD COLUMN z int DEFAULT 5', 't'],
  ['ALTER TABLE t ADD COLUMN z uuid DEFAULT gen_random_uuid()', 't'],
  ['ALTER TABLE t ADD COLUMN z bigserial', 't'],
  ['ALTER TABLE t ADD COLUMN z int NOT NULL', 't'],
  ['ALTER TABLE t DROP COLUMN b', 't'],
  ['ALTER TABLE t ALTER COLUMN a SET DEFAULT 1', 't'],
  ['ALTER TABLE t ALTER COLUMN a DROP DEFAULT', 't'],
  ['ALTER TABLE t ALTER COLUMN a SET NOT NULL', 't'],
  ['ALTER TABLE t ALTER COLUMN a DROP NOT NULL', 't'],
  ['ALTER TABLE t ALTER COLUMN a TYPE bigint', 't'],
  ['ALTER TABLE t ALTER COLUMN a SET STATISTICS 100', 't'],
  ['ALTER TABLE t ALTER COLUMN b SET STORAGE EXTERNAL', 't'],
  ['ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0)', 't'],
  ['ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0) NOT VALID', 't'],
  ['ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES r (id)', 't'],
  ['ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES r (id) NOT VALID', 't'],
  ['ALTER TABLE t ADD CONSTRAINT uq UNIQUE (a)', 't'],
  ['ALTER TABLE t ADD CONSTRAINT uq UNIQUE USING INDEX ux_t_b', 't'],
  ['ALTER TABLE t ADD CONSTRAINT ex EXCLUDE (a WITH =)', 't'],
  ['ALTER TABLE t VALIDATE CONSTRAINT ck_t_c', 't'],
  ['ALTER TABLE t DROP CONSTRAINT ck_t_c', 't'],
  ['ALTER TABLE t SET (fillfactor = 70)', 't'],
  ['ALTER TABLE t SET LOGGED', 't'],
  ['ALTER TABLE t CLUSTER ON t_pkey', 't'],
  ['ALTER TABLE t ENABLE ROW LEVEL SECURITY', 't'],
  ['ALTER TABLE t DISABLE TRIGGER ALL', 't'],
  ['ALTER TABLE t REPLICA IDENTITY FULL', 't'],
  ['ALTER TABLE p ATTACH PARTITION p1 FOR VALUES IN (1)', 'p'],
  ['ALTER TABLE p DETACH PARTITION p2', 'p'],
  ['ALTER TABLE t RENAME COLUMN a TO aa', 't'],
  ['ALTER TABLE t RENAME TO tt', 't'],
  ['CREATE INDEX ix ON t (b)', 't'],
  ['CREATE UNIQUE INDEX ux ON t (c)', 't'],
  ['DROP INDEX ix_t_a', 't'],
  ['REINDEX TABLE t', 't'],
  ['CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch()', 't'],
  ['CREATE POLICY pol ON t USING (true)', 't'],
  ['CREATE RULE rl AS ON INSERT TO t DO ALSO NOTHING', 't'],
  ['COMMENT ON TABLE t IS $$x$$', 't'],
  ['COMMENT ON COLUMN t.a IS $$x$$', 't'],
  ['TRUNCATE t CASCADE', 't'],
  ['DELETE FROM t', 't'],
  ['UPDATE t SET a = 1', 't'],
  ['INSERT INTO t (id) VALUES (1)', 't'],
  ['ANALYZE t', 't'],
  ['CLUSTER t USING t_pkey', 't'],
  ['REFRESH MATERIALIZED VIEW mv', 'mv'],
  ['LOCK TABLE t IN SHARE MODE', 't'],
  ['CREATE STATISTICS st ON a, c FROM t', 't'],
  ['DROP TABLE p1', 'p1'],
  ['DROP MATERIALIZED VIEW mv', 'mv'],
];

let database: TestDatabase;
let parser: PgParser;

beforeAll(async () => {
  parser = await loadPgParser();
  database = await createDatabase(inject('adminUrl'));
  await withClient(database.url, (client) => client.query(SETUP));
});
afterAll(() => database?.drop());

/** The lock the table says the statement takes on `table`: the one it names there, or a foreign key's on the referenced table. */
function tableMode(sql: string, table: string): LockMode | undefined {
  const parsed = parser.parse(sql);
  if ('error' in parsed) throw new Error(parsed.error);
  const actions = statementActions(parsed.stmts[0]!.stmt);
  return strongest(actions.flatMap((action) => {
    const lock = action.safety.lock;
    if (!lock) return [];
    if (action.table === undefined || action.table.name === table) return [lock.mode];
    return action.referenced?.name === table && lock.referenced ? [lock.referenced] : [];
  }));
}

describe('the lock each statement takes, as pg_locks shows it', () => {
  it.each(STATEMENTS)('%s', async (sql, table) => {
    const measured = await withClient(database.url, async (client) => {
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<{ oid: number }>('SELECT $1::regclass::oid AS oid', [table]);
        await client.query(sql);
        const locks = await client.query<{ mode: string }>('SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation = $1', [rows[0]!.oid]);
        return strongest(locks.rows.map((row) => lockModeOf(row.mode)!));
      } finally {
        await client.query('ROLLBACK');
      }
    });
    expect(tableMode(sql, table)).toBe(measured);
  });

  it('measures foreign keys on both tables: SHARE ROW EXCLUSIVE on the referenced one too', async () => {
    const sql = 'ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES r (id)';
    const measured = await withClient(database.url, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(sql);
        const locks = await client.query<{ mode: string }>("SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation = 'r'::regclass");
        return strongest(locks.rows.map((row) => lockModeOf(row.mode)!));
      } finally {
        await client.query('ROLLBACK');
      }
    });
    expect(tableMode(sql, 'r')).toBe(measured);
  });
});
