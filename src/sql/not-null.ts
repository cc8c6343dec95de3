import { columnQuery } from './catalog-queries.js';
import { addConstraintStatement, validateConstraint } from './constraints.js';
import { alterColumn, dropConstraint, headAndTail, tableName } from './ddl.js';
import { doBlock, exists, indent, runIf } from './do-block.js';
import type { CheckedExpression } from './expressions.js';
import { qualify, quoteIdent } from './identifiers.js';
import { alterTableSafety, lockOn, provenNotNull, statementSafety } from './lock-facts.js';
import type { LockPolicy } from './lock-retry.js';
import { quoteLiteral } from './literals.js';
import type { Statement } from './statement.js';

// NOT NULL on a column of a table that holds rows: fill its NULLs in batches that each commit,
// prove NOT NULL with a CHECK that is validated under a lock letting reads and writes go on, then
// SET NOT NULL (PostgreSQL 12+ trusts the valid CHECK and skips its own scan) and drop the CHECK.

/** The column of this very table, while it is still nullable. */
export function stillNullable(schema: string, table: string, column: string): string {
  return exists(`${columnQuery(schema, table, column)}\n  AND NOT attnotnull`);
}

/** SET NOT NULL, only while the column is nullable, with the lock of a scan or (after a proof) of a catalog update. */
function setNotNull(schema: string, table: string, column: string, proven: boolean): Statement {
  const set = alterColumn(schema, table, column, 'SET NOT NULL', 'AT_SetNotNull');
  const safety = alterTableSafety('AT_SetNotNull');
  return {
    ...set,
    ...runIf(stillNullable(schema, table, column), set.sql),
    locks: [lockOn(tableName(schema, table), proven ? provenNotNull(safety) : safety)],
    ...(proven && { why: 'The valid CHECK proves it, so PostgreSQL sets NOT NULL without scanning the table' }),
  };
}

/**
 * SET NOT NULL behind a CHECK (column IS NOT NULL) named `checkName`: added NOT VALID while the
 * column is nullable, validated in a transaction of its own, then NOT NULL set and the CHECK
 * dropped. Each step is guarded, so a re-run from any point completes the rest. Without the
 * proof (`proven` false: the spec opted out, or the table is new) a plain SET NOT NULL.
 */
export function setNotNullSafely(schema: string, table: string, column: string, checkName: string | undefined): Statement[] {
  if (checkName === undefined) return [setNotNull(schema, table, column, false)];
  const check = { name: checkName, definition: `CHECK (${quoteIdent(column)} IS NOT NULL) NOT VALID` };
  const add = addConstraintStatement(schema, table, check, 'check not valid', stillNullable(schema, table, column));
  return [
    { ...add, why: 'Prove NOT NULL with a CHECK added NOT VALID: a catalog update' },
    validateConstraint(schema, table, checkName),
    setNotNull(schema, table, column, true),
    { ...dropConstraint(schema, table, checkName), why: 'The CHECK has done its work' },
  ];
}

/** The pages of `table` a batch of about `rows` rows covers, from the table's statistics (10 pages when it has none). */
function pagesPerBatch(regclass: string, rows: number): string {
  return [
    '(',
    '    SELECT CASE WHEN c.reltuples > 0 AND c.relpages > 0',
    `                THEN greatest(1, (${rows} * c.relpages / c.reltuples)::bigint) ELSE 10 END`,
    `    FROM pg_catalog.pg_class c WHERE c.oid = ${regclass}::regclass`,
    ')',
  ].join('\n');
}

/**
 * UPDATE ... SET column = value WHERE column IS NULL, in batches that each commit: the table is
 * walked in ranges of pages (a TID range scan from PostgreSQL 14 on, so each batch reads only its
 * pages) of about `batchSize` rows, and each batch holds its rows' locks only until its COMMIT.
 * A batch whose rows another session holds longer than lock_timeout is tried again after a pause,
 * up to the policy's retries. COMMIT inside a DO block needs a transaction of its own: it runs in
 * an autocommit block (offline, between Alembic's COMMIT and BEGIN, so psql replays it too).
 * Pages added while it runs (by other sessions, or by its own updates) are walked too. With
 * `onlyWhen`, it walks the table only when that condition holds as it starts.
 */
export function backfillInBatches(schema: string, table: string, column: string, value: CheckedExpression, batchSize: number, policy: LockPolicy, onlyWhen?: string): Statement {
  const name = qualify(schema, table);
  const regclass = quoteLiteral(name);
  const update = [
    `UPDATE ${name} SET ${quoteIdent(column)} = ${value.text}`,
    "WHERE ctid >= format('(%s,0)', first_page)::tid",
    "  AND ctid < format('(%s,0)', first_page + pages_per_batch)::tid",
    `  AND ${quoteIdent(column)} IS NULL;`,
  ].join('\n');
  const body = [
    'DECLARE',
    `    pages_per_batch bigint := ${indent(pagesPerBatch(regclass, batchSize), 4).trimStart()};`,
    '    first_page bigint := 0;',
    '    retries int := 0;',
    'BEGIN',
    ...(onlyWhen === undefined ? [] : [indent(`IF NOT ${onlyWhen} THEN\n    RETURN;\nEND IF;`, 4)]),
    `    WHILE first_page < pg_catalog.pg_relation_size(${regclass}) / current_setting('block_size')::bigint LOOP`,
    '        BEGIN',
    indent(update, 12),
    '        EXCEPTION WHEN lock_not_available THEN',
    `            IF retries = ${policy.retries} THEN RAISE; END IF;`,
    '            retries := retries + 1;',
    '            PERFORM pg_sleep(retries);',
    '            CONTINUE;',
    '        END;',
    '        COMMIT;',
    '        retries := 0;',
    '        first_page := first_page + pages_per_batch;',
    '    END LOOP;',
    'END',
  ].join('\n');
  return {
    sql: doBlock(body),
    autocommit: true,
    locks: [lockOn(tableName(schema, table), statementSafety('UpdateStmt'))],
    why: `Fill the NULLs in batches of about ${batchSize} rows that each commit: row locks are held briefly`,
  };
}

/** The same fill as one UPDATE, for a table created earlier in the same migration (new and empty). */
export function backfillAtOnce(schema: string, table: string, column: string, value: CheckedExpression): Statement {
  const sql = headAndTail(`UPDATE ${qualify(schema, table)}`, `SET ${quoteIdent(column)} = ${value.text} WHERE ${quoteIdent(column)} IS NULL`);
  return { sql, plpgsql: `${sql};`, locks: [lockOn(tableName(schema, table), statementSafety('UpdateStmt'))] };
}
