import type { Pacing, Setting } from '../operations/model.js';
import { blocksTraffic, isDescribed, lockedTables } from '../sql/lock-facts.js';
import { withLockRetries } from '../sql/lock-retry.js';
import { tableKey, type LockTaken, type SessionSetting, type Statement, type TableName } from '../sql/statement.js';

// Where each statement of an operation runs and how long it may wait, decided from what it locks
// (the statement-safety table's facts each builder declares):
// - a statement that takes a lock blocking reads or writes on a table that existed before the
//   migration runs in a transaction of its own (an autocommit block), inside a loop that waits at
//   most lock_timeout for the lock and tries again after a pause: nothing else is held meanwhile,
//   so other sessions' queries go through between attempts. Statements right after it that lock
//   no other table join it (one short transaction);
// - a statement that only takes locks letting reads and writes go on (a concurrent build, a
//   VALIDATE, a batched backfill) runs with no statement_timeout, and with no lock_timeout unless
//   it holds row locks while it waits: waiting, it blocks nobody, and cancelled it would have to
//   start over (an INVALID index left behind);
// - what touches only tables created earlier in the same direction (new, empty, nobody else's yet)
//   stays in the migration's transaction, as written;
// - the user's own SQL (execute) runs as written, where written: only its session settings in an
//   autocommit block follow the same rule (no timeout cancels a CREATE INDEX CONCURRENTLY of it).

/** The locks of a statement on tables that existed before it (not created earlier in the same direction). */
function onExisting(statement: Statement, created: ReadonlySet<string>): { readonly table: string; readonly blocking: boolean }[] {
  return (statement.locks ?? []).flatMap((lock: LockTaken) =>
    lockedTables(lock).flatMap(({ table, mode }) => {
      const key = isDescribed(table) ? `described:${table.described}` : tableKey(table as TableName);
      return !isDescribed(table) && created.has(key) ? [] : [{ table: key, blocking: blocksTraffic(mode) }];
    }),
  );
}

/** Long work that blocks nobody: neither timeout may cancel it halfway; row locks held while waiting keep a lock_timeout. */
function unboundedSession(statement: Statement, pacing: Pacing): SessionSetting[] {
  const holdsRows = (statement.locks ?? []).some((lock) => lock.safety.lock?.work === 'rows');
  return [
    { name: 'lock_timeout', value: holdsRows ? pacing.locks.lockTimeout : '0' },
    { name: 'statement_timeout', value: '0' },
  ];
}

function statementTimeout(settings: readonly Setting[]): SessionSetting[] {
  return settings.filter((setting) => setting.name === 'statement_timeout');
}

/** A statement in an autocommit block, with the session settings it needs there. */
function ownTransaction(statement: Statement, pacing: Pacing, settings: readonly Setting[]): Statement {
  const locks = statement.locks ?? [];
  const harmless = locks.length > 0 && locks.every((lock) => lockedTables(lock).every(({ mode }) => !blocksTraffic(mode)));
  return { ...statement, autocommit: true, session: harmless ? unboundedSession(statement, pacing) : settings };
}

/** One retry loop around the statements of `group`, in a transaction of its own. */
function retried(group: readonly Statement[], pacing: Pacing, settings: readonly Setting[]): Statement {
  const whys = group.flatMap((statement) => (statement.why === undefined ? [] : [statement.why]));
  return {
    sql: withLockRetries(group.map((statement) => statement.plpgsql!).join('\n'), pacing.locks),
    autocommit: true,
    locks: group.flatMap((statement) => statement.locks ?? []),
    ...(whys.length > 0 && { why: whys.map((why, index) => (index === 0 ? why : `${why[0]!.toLowerCase()}${why.slice(1)}`)).join('; ') }),
    session: statementTimeout(settings),
  };
}

/**
 * The statements of one operation (in one direction) as they are written into the file, after
 * the tables in `created` were made earlier in that direction; the tables it creates are added to
 * `created`.
 */
export function arrangeStatements(statements: readonly Statement[], created: Set<string>, pacing: Pacing, settings: readonly Setting[]): Statement[] {
  const arranged: Statement[] = [];
  let group: Statement[] = [];
  let groupTables = new Set<string>();
  const flush = (): void => {
    if (group.length > 0) arranged.push(retried(group, pacing, settings));
    group = [];
  };
  for (const statement of statements) {
    const existing = onExisting(statement, created);
    const blocking = existing.some((lock) => lock.blocking);
    const joins = group.length > 0 && statement.plpgsql !== undefined && !statement.autocommit && existing.length > 0 && existing.every((lock) => groupTables.has(lock.table));
    if (statement.asWritten) {
      flush();
      arranged.push(statement.autocommit ? ownTransaction(statement, pacing, settings) : statement);
    } else if (joins) {
      group.push(statement);
    } else if (statement.autocommit) {
      flush();
      arranged.push(ownTransaction(statement, pacing, settings));
    } else if (blocking && statement.plpgsql !== undefined) {
      flush();
      group = [statement];
      groupTables = new Set(existing.map((lock) => lock.table));
    } else if (blocking) {
      // It cannot run inside a DO block, so it cannot be retried there: a transaction of its own.
      flush();
      arranged.push({ ...statement, autocommit: true, session: settings });
    } else {
      flush();
      arranged.push(statement);
    }
    if (statement.creates) created.add(tableKey(statement.creates));
  }
  flush();
  return arranged;
}
