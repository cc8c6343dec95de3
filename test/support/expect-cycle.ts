import { expect } from 'vitest';
import type { CatalogSnapshot } from './alembic-driver.js';
import type { CycleSnapshots } from './migration-cycle.js';

function withoutSchemas(snapshot: CatalogSnapshot): CatalogSnapshot {
  const { schemas: _schemas, ...rest } = snapshot;
  return rest;
}

/** Columns without their positions, sorted by table and name. */
function withoutPositions(snapshot: CatalogSnapshot): CatalogSnapshot {
  const columns = (snapshot.columns as { table: string; name: string; position?: number }[]).map(({ position: _position, ...column }) => column);
  columns.sort((a, b) => `${a.table}.${a.name}`.localeCompare(`${b.table}.${b.name}`));
  return { ...snapshot, columns };
}

export interface CycleExpectations {
  /**
   * PostgreSQL adds a column at the end of its table, so a downgrade that re-creates a dropped
   * column cannot put it back in its old place: compare columns without their positions.
   */
  readonly columnsMayMoveToEnd?: boolean;
}

/**
 * What "fully idempotent with a matching downgrade" means, as equalities of catalog snapshots:
 * every way of reaching the upgraded state gives the same schema (and rows), and every downgrade
 * gives back exactly the schema the migration started from.
 */
/** A snapshot as two states that must be equal are compared: schemas apart, columns without positions when they may move. */
export function comparable(snapshot: CatalogSnapshot, expectations: CycleExpectations = {}): CatalogSnapshot {
  const trimmed = withoutSchemas(snapshot);
  return expectations.columnsMayMoveToEnd ? withoutPositions(trimmed) : trimmed;
}

export function expectConvergentCycle(snapshots: CycleSnapshots, expectations: CycleExpectations = {}): void {
  const normal = (snapshot: CatalogSnapshot): CatalogSnapshot => comparable(snapshot, expectations);
  const before = normal(snapshots.before);
  const expectDowngraded = (snapshot: CatalogSnapshot, what: string): void => {
    expect(normal(snapshot), what).toEqual(before);
    // A schema the upgrade created is left in place, empty: other migrations may share it.
    expect(snapshot.schemas, what).toEqual(expect.arrayContaining(snapshots.before.schemas as string[]));
  };
  expect(snapshots.upgraded, 'the upgrade changed nothing').not.toEqual(snapshots.before);
  expect(snapshots.reUpgraded, 'upgrade run twice (stamp back, upgrade)').toEqual(snapshots.upgraded);
  expectDowngraded(snapshots.downgraded, 'downgrade');
  expectDowngraded(snapshots.reDowngraded, 'downgrade run twice (stamp forward, downgrade)');
  expect(snapshots.upgradedAgain, 'upgrade after downgrade').toEqual(snapshots.upgraded);
  for (const { applied, upgraded, downgraded } of snapshots.converged) {
    expect(upgraded, `upgrade after the first ${applied} statement(s) were applied by hand`).toEqual(snapshots.upgraded);
    expectDowngraded(downgraded, `downgrade after converging from ${applied} statement(s)`);
  }
  expect(snapshots.offline, 'offline --sql replayed with psql').toEqual(snapshots.upgraded);
}
