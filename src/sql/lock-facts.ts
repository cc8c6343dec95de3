import type { AlterTableType } from '@pgsql/types';
import { ALTER_TABLE_COMMANDS } from './alter-table-safety.js';
import { blocks, type LockMode } from './lock-modes.js';
import { HAZARDS, type SafetyEntry, type StatementSafety } from './safety-model.js';
import { STATEMENTS, type StatementKind } from './statement-safety.js';
import type { DescribedTables, LockTaken, TableName } from './statement.js';

// What the SQL builders say they lock, taken from the statement-safety table (the one `check`
// reports from), so a lock is declared once: a builder names the kind of statement it writes,
// and the lock mode and the work done under it come from the table. A unit test parses every
// statement the operations write and compares these facts with what the table derives from it.

function entryVariant(entry: SafetyEntry, variant: string | undefined, what: string): StatementSafety {
  if (!('variants' in entry)) return entry;
  const found = variant === undefined ? undefined : (entry.variants as Readonly<Record<string, StatementSafety>>)[variant];
  if (!found) throw new Error(`${what} has variants (${Object.keys(entry.variants).join(', ')}); name one`);
  return found;
}

/** The statement-safety entry of a kind of statement (`IndexStmt`, variant `concurrently`). */
export function statementSafety(kind: StatementKind, variant?: string): StatementSafety {
  return entryVariant(STATEMENTS[kind], variant, kind);
}

/** The statement-safety entry of an ALTER TABLE subcommand (`AT_AddConstraint`, variant `check not valid`). */
export function alterTableSafety(subtype: AlterTableType, variant?: string): StatementSafety {
  return entryVariant(ALTER_TABLE_COMMANDS[subtype], variant, subtype);
}

export function lockOn(table: TableName | DescribedTables, safety: StatementSafety, extra: Pick<LockTaken, 'referenced' | 'detail' | 'action'> = {}): LockTaken {
  return { table, safety, ...extra };
}

export function isDescribed(table: TableName | DescribedTables): table is DescribedTables {
  return 'described' in table;
}

/** Each table a lock falls on, with its mode: the table itself, and the one a foreign key references. */
export function lockedTables(lock: LockTaken): { readonly table: TableName | DescribedTables; readonly mode: LockMode }[] {
  const own = lock.safety.lock;
  if (!own) return [];
  const tables: { table: TableName | DescribedTables; mode: LockMode }[] = [{ table: lock.table, mode: own.mode }];
  if (lock.referenced && own.referenced) tables.push({ table: lock.referenced, mode: own.referenced });
  return tables;
}

/** Whether other sessions' reads or writes of that table wait while `mode` is held (or queued for). */
export function blocksTraffic(mode: LockMode): boolean {
  const blocked = blocks(mode);
  return blocked.reads || blocked.writes;
}

/**
 * The entry of a statement that the statement-safety table marks hazardous, where what comes
 * before it has made the hazard harmless: SET NOT NULL once a validated CHECK (col IS NOT NULL)
 * proves it (PostgreSQL 12+ skips the scan), so only a catalog update is left.
 */
export function provenNotNull(safety: StatementSafety): StatementSafety {
  const harmless = (safety.hazards ?? []).filter((hazard) => (HAZARDS[hazard] as { harmlessAfter?: string }).harmlessAfter === 'proven-not-null');
  if (harmless.length === 0 || !safety.lock) return safety;
  const { hazards: _hazards, ...rest } = safety;
  const left = (safety.hazards ?? []).filter((hazard) => !harmless.includes(hazard));
  return { ...rest, lock: { ...safety.lock, work: 'catalog' }, ...(left.length > 0 && { hazards: left }) };
}
