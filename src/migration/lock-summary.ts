import type { SpecProblem } from '../errors.js';
import { blocks, type LockMode } from '../sql/lock-modes.js';
import { isDescribed, lockedTables } from '../sql/lock-facts.js';
import { HAZARDS, type Hazard, type Work } from '../sql/safety-model.js';
import { qualify } from '../sql/identifiers.js';
import { tableKey, type Statement } from '../sql/statement.js';
import type { Plan, Step } from './plan.js';

// What a migration locks, operation by operation, as the statements' declared lock facts say:
// the lock summary `generate --dry-run` and the wizard's preview show, and the warnings for what
// stays blocking by nature (a rewrite, a scan or build under a lock that blocks reads or writes,
// a rename that breaks code still running).

export interface LockEntry {
  /** `public.users`, or a description (`every table with a column of type public.status`). */
  readonly table: string;
  readonly mode: LockMode;
  /** What is done while it is held: a catalog update, a scan, an index build, a rewrite, or changes to rows. */
  readonly work: Work;
  /** What other sessions cannot do on that table meanwhile. */
  readonly blocks: 'reads and writes' | 'writes' | 'nothing';
  /** ADD COLUMN, VALIDATE CONSTRAINT, ... */
  readonly action: string;
  /** Created earlier in the same direction: new, empty, nobody else's yet. */
  readonly newTable: boolean;
  readonly detail?: string;
  /** The statement-safety table's lock-safety concerns of the action (`rename`, `type-change`, ...). */
  readonly hazards?: readonly Hazard[];
}

export interface OperationLocks {
  readonly direction: 'upgrade' | 'downgrade';
  /** `operations[2]`; absent for the schema's creation. */
  readonly path?: string;
  readonly operation: string;
  readonly locks: readonly LockEntry[];
}

const HELD: Readonly<Record<Work, string>> = {
  catalog: 'a catalog update',
  scan: 'held while every row is scanned',
  build: 'held while the index is built',
  rewrite: 'held while the table is rewritten',
  rows: 'and row locks on the rows it changes, batch by batch',
};

const WHILE: Readonly<Record<Work, string>> = {
  catalog: 'the catalog update takes',
  scan: 'it scans every row',
  build: 'it builds the index',
  rewrite: 'it rewrites the table',
  rows: 'it changes rows',
};

function blocked(mode: LockMode): LockEntry['blocks'] {
  const { reads, writes } = blocks(mode);
  return reads ? 'reads and writes' : writes ? 'writes' : 'nothing';
}

/**
 * What one statement locks, after the tables in `created` were made earlier in the same direction
 * (new ones); the table it creates is added to `created`.
 */
export function statementLocks(statement: Statement, created: Set<string>): LockEntry[] {
  const entries = (statement.locks ?? []).flatMap((lock) =>
    lockedTables(lock).map(({ table, mode }): LockEntry => {
      const shown = isDescribed(table) ? table.described : qualify(table.schema, table.name);
      return {
        table: shown,
        mode,
        work: table === lock.table ? lock.safety.lock!.work : 'catalog',
        blocks: blocked(mode),
        action: lock.action ?? lock.safety.action,
        newTable: !isDescribed(table) && created.has(tableKey(table)),
        ...(lock.detail !== undefined && table === lock.table && { detail: lock.detail }),
        ...(lock.safety.hazards && table === lock.table && { hazards: lock.safety.hazards }),
      };
    }),
  );
  if (statement.creates) created.add(tableKey(statement.creates));
  return entries;
}

function stepLocks(direction: OperationLocks['direction'], steps: readonly Step[]): OperationLocks[] {
  const created = new Set<string>();
  return steps.filter((step) => !step.helpers).map((step) => {
    const seen = new Set<string>();
    const locks = step.statements.flatMap((statement) => statementLocks(statement, created)).filter((entry) => {
      const key = JSON.stringify(entry);
      return !seen.has(key) && seen.add(key) !== undefined;
    });
    return { direction, ...(step.operation !== undefined && { path: `operations[${step.operation}]` }), operation: step.comment, locks };
  });
}

/** Every operation's locks, upgrade then downgrade (none when the downgrade refuses). */
export function lockSummary(plan: Plan): OperationLocks[] {
  return [...stepLocks('upgrade', plan.upgrade), ...('refusals' in plan.downgrade ? [] : stepLocks('downgrade', plan.downgrade))];
}

/** One line of the summary: `ACCESS EXCLUSIVE on public.users (ADD COLUMN): a catalog update; reads and writes wait only for that`. */
export function describeLock(entry: LockEntry): string {
  const what = `${entry.mode} on ${entry.table} (${entry.action}${entry.detail ? `: ${entry.detail}` : ''})`;
  const effect = entry.newTable
    ? 'new in this migration, nobody else uses it yet'
    : entry.blocks === 'nothing'
      ? 'reads and writes go on'
      : entry.work === 'catalog'
        ? `${entry.blocks} wait only for that`
        : `${entry.blocks} wait all that time`;
  return `${what}: ${HELD[entry.work]}; ${effect}`;
}

/** The summary as text, for a person: each operation, then its locks indented. */
export function formatLockSummary(summary: readonly OperationLocks[]): string {
  const lines: string[] = [];
  for (const direction of ['upgrade', 'downgrade'] as const) {
    const operations = summary.filter((item) => item.direction === direction);
    if (operations.length === 0) continue;
    lines.push(`Locks taken by the ${direction}:`);
    for (const item of operations) {
      lines.push(`  ${item.operation}${item.locks.length === 0 ? ': no table lock' : ''}`);
      for (const entry of item.locks) lines.push(`    ${describeLock(entry)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** A lock that keeps reads or writes of a table that existed before waiting while it scans, builds or rewrites that table. */
export function blocksByNature(entry: LockEntry): boolean {
  return !entry.newTable && entry.blocks !== 'nothing' && entry.work !== 'catalog' && entry.work !== 'rows';
}

/**
 * Warnings for what stays blocking or dangerous by nature: a scan, build or rewrite on an existing
 * table under a lock that blocks reads or writes (there is no way around it, or the spec opted
 * out of it), and a rename that breaks code still running against the old name.
 */
export function lockWarnings(summary: readonly OperationLocks[]): SpecProblem[] {
  const warnings: SpecProblem[] = [];
  for (const item of summary) {
    const path = `${item.path ?? '(spec)'}${item.direction === 'downgrade' ? ' (downgrade)' : ''}`;
    for (const entry of item.locks) {
      if (blocksByNature(entry)) {
        const what = `${entry.action}${entry.detail ? ` (${entry.detail})` : ''}`;
        warnings.push({ path, message: `${what} holds ${entry.mode} on ${entry.table} for as long as ${WHILE[entry.work]}: ${entry.blocks} on it wait that long` });
      }
    }
    if (item.locks.some((entry) => entry.hazards?.includes('rename') && !entry.newTable)) {
      warnings.push({ path, message: `${item.operation[0]!.toLowerCase()}${item.operation.slice(1)}: code still running against the old name breaks once it commits; the expand/contract way: ${HAZARDS.rename.safeForm}` });
    }
  }
  return warnings;
}
