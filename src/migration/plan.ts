import type { Migration, RenderContext, Setting } from '../operations/model.js';
import { operationKind } from '../operations/registry.js';
import type { NamingConvention } from '../sql/derived-names.js';
import { schemaQuery } from '../sql/catalog-queries.js';
import { guarded } from '../sql/do-block.js';
import { quoteIdent } from '../sql/identifiers.js';
import { callsHelpers, createHelpers, dropHelpers } from '../sql/shape-helpers.js';
import type { DowngradeStatement, Statement } from '../sql/statement.js';
import { arrangeStatements } from './arrange.js';

/** The statements of one operation, under a comment that says what they do. */
export interface Step {
  readonly comment: string;
  readonly statements: readonly Statement[];
  /** The operation's index in the spec; absent for the schema's creation. */
  readonly operation?: number;
  /**
   * The shape checks' helper functions (Plan.helpers), created or dropped here: no operation's
   * work, and no table's lock. Its statements are those of Plan.helpers, written once per file.
   */
  readonly helpers?: 'create' | 'drop';
}

/** Why the downgrade cannot be written; the file's downgrade() raises with these reasons instead. */
export interface Refused {
  readonly refusals: readonly string[];
}

export interface Plan {
  readonly upgrade: readonly Step[];
  readonly downgrade: readonly Step[] | Refused;
  /** Session settings (lock_timeout, statement_timeout) for every transaction of both directions. */
  readonly settings: readonly Setting[];
  /** The pg_temp functions the shape checks of either direction call: created and dropped by the steps marked `helpers`. */
  readonly helpers: ShapeHelpers;
}

export interface ShapeHelpers {
  readonly create: readonly Statement[];
  readonly drop: readonly Statement[];
}

/**
 * The schema is created when missing and never dropped: other migrations may share it. The
 * catalog check comes first because CREATE SCHEMA IF NOT EXISTS still demands CREATE on the
 * database, which a migration role often lacks once the schema exists.
 */
function createSchemaStep(schema: string): Step {
  return {
    comment: `Create schema ${quoteIdent(schema)} when it is missing (the downgrade leaves it in place)`,
    statements: [{ sql: guarded('IF NOT EXISTS', schemaQuery(schema), `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`) }],
  };
}

/** By table: the columns the operations at `order`'s positions after `position` change (see changesColumns). */
function columnsChangedAfter(migration: Migration, order: readonly number[], position: number): Map<string, string[]> {
  const changed = new Map<string, string[]>();
  for (const index of order.slice(position + 1)) {
    const operation = migration.operations[index]!;
    const columns = operationKind(operation).changesColumns?.(operation);
    if (columns) changed.set(columns.table, [...new Set([...(changed.get(columns.table) ?? []), ...columns.columns])]);
  }
  return changed;
}

/**
 * Renders operations in the order they run, each knowing which tables were created before it in
 * that direction (new tables take the plain forms) and which columns later ones change, and
 * arranges each one's statements.
 */
function renderInOrder(
  migration: Migration,
  order: readonly number[],
  context: Omit<RenderContext, 'newTables' | 'changedLater'>,
  render: (index: number, context: RenderContext) => readonly DowngradeStatement[],
): { index: number; statements: readonly DowngradeStatement[]; context: RenderContext }[] {
  const created = new Set<string>();
  return order.map((index, position) => {
    const at = { ...context, newTables: new Set(created), changedLater: columnsChangedAfter(migration, order, position) };
    const statements = render(index, at);
    const plain = statements.filter((statement): statement is Statement => 'sql' in statement);
    const arranged = arrangeStatements(plain, created, migration.pacing, migration.settings);
    return { index, statements: statements.some((statement) => 'refuse' in statement) ? statements : arranged, context: at };
  });
}

/**
 * The pg_temp functions the shape checks of either direction call: one set per file, so the file
 * defines them once. Session-private, so concurrent runs cannot collide.
 */
function shapeHelpers(directions: readonly (readonly Step[])[]): ShapeHelpers {
  const statements = directions.flatMap((steps) => steps.flatMap((step) => step.statements));
  return { create: createHelpers(statements), drop: dropHelpers(statements) };
}

/** `steps` between the creation of the helpers (when they call any) and their drop, so none outlives the direction. */
function withShapeHelpers(steps: readonly Step[], helpers: ShapeHelpers): Step[] {
  if (!steps.some((step) => step.statements.some(callsHelpers))) return [...steps];
  return [
    { comment: 'Helper functions for the shape checks: in pg_temp, seen by this session only', statements: helpers.create, helpers: 'create' },
    ...steps,
    { comment: "Drop the shape checks' helper functions", statements: helpers.drop, helpers: 'drop' },
  ];
}

/**
 * For each operation whose reverse the downgrade leaves out, the earlier operation that created
 * its table in this migration: that table's drop undoes both (see changesOnlyTable).
 */
function undoneByTableDrop(migration: Migration): Map<number, number> {
  const creator = new Map<string, number>();
  const undone = new Map<number, number>();
  migration.operations.forEach((operation, index) => {
    const kind = operationKind(operation);
    const changed = kind.changesOnlyTable?.(operation);
    const created = changed === undefined ? undefined : creator.get(changed);
    if (created !== undefined) undone.set(index, created);
    const creates = kind.createsTable?.(operation);
    if (creates !== undefined) creator.set(creates, index);
  });
  return undone;
}

const refusalsOf = (statements: readonly DowngradeStatement[]): string[] => statements.flatMap((statement) => ('refuse' in statement ? [statement.refuse] : []));

const lowerFirst = (text: string): string => `${text[0]!.toLowerCase()}${text.slice(1)}`;

/** `Undo: create table public.t`, naming the later changes to the table its drop undoes too. */
function undoComment(comments: readonly string[], index: number, undone: ReadonlyMap<number, number>): string {
  const alsoUndone = [...undone].filter(([, creator]) => creator === index).map(([changed]) => lowerFirst(comments[changed]!));
  const also = alsoUndone.length === 0 ? '' : `; dropping it also undoes: ${alsoUndone.join('; ')}`;
  return `Undo: ${lowerFirst(comments[index]!)}${also}`;
}

/** Upgrade steps in spec order; the downgrade is each operation's reverse, in reverse order. */
export function planMigration(migration: Migration, naming: NamingConvention): Plan {
  const context = { schema: migration.schema, naming, pacing: migration.pacing };
  const indexes = migration.operations.map((_, index) => index);
  const kinds = migration.operations.map(operationKind);
  const upgrade = renderInOrder(migration, indexes, context, (index, at) => kinds[index]!.upgrade(migration.operations[index]!, at));
  const comments = upgrade.map(({ index, context: at }) => kinds[index]!.describe(migration.operations[index]!, at));
  const undone = undoneByTableDrop(migration);
  const reversed = [...indexes].reverse().filter((index) => !undone.has(index));
  const downgrade = renderInOrder(migration, reversed, context, (index, at) => kinds[index]!.downgrade(migration.operations[index]!, at));
  // In spec order, as the operations are listed.
  const refusals = [...downgrade].reverse().flatMap((step) => refusalsOf(step.statements));
  const schemaSteps = migration.schema === 'public' ? [] : [createSchemaStep(migration.schema)];
  const upgradeSteps = upgrade.map(({ index, statements }) => ({ comment: comments[index]!, statements: statements as Statement[], operation: index }));
  const downgradeSteps =
    refusals.length > 0
      ? undefined
      : downgrade.map(({ index, statements }) => ({ comment: undoComment(comments, index, undone), statements: statements as Statement[], operation: index }));
  const helpers = shapeHelpers([upgradeSteps, downgradeSteps ?? []]);
  return {
    upgrade: [...schemaSteps, ...withShapeHelpers(upgradeSteps, helpers)],
    downgrade: downgradeSteps === undefined ? { refusals } : withShapeHelpers(downgradeSteps, helpers),
    helpers,
    settings: migration.settings,
  };
}
