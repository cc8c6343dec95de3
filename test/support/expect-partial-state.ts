import { expect } from 'vitest';
import type { CatalogSnapshot } from './alembic-driver.js';
import { comparable, type CycleExpectations } from './expect-cycle.js';
import type { PartialStateResults, RefusedState } from './partial-state.js';

/**
 * What the shape checks promise, as equalities of catalog snapshots (rows included): every state
 * a failed or hand-made run leaves converges to exactly the catalog a clean run gives, and back;
 * every conflicting state stops the run with its message and is left as it was.
 */
export function expectPartialStates(results: PartialStateResults, expectations: CycleExpectations = {}): void {
  const normal = (snapshot: CatalogSnapshot): CatalogSnapshot => comparable(snapshot, expectations);
  const before = normal(results.before);
  const upgraded = normal(results.upgraded);
  expect(upgraded, 'the upgrade changed nothing').not.toEqual(before);
  for (const state of results.upgradePrefixes) {
    expect(normal(state.converged), `upgrade after its first ${state.name.replace('upgrade-', '')} statement(s) ran alone`).toEqual(upgraded);
    expect(normal(state.back), `downgrade after converging from ${state.name}`).toEqual(before);
  }
  for (const state of results.handMade) {
    expect(normal(state.converged), `upgrade from the state made by hand: ${state.name}`).toEqual(upgraded);
    expect(normal(state.back), `downgrade after converging from ${state.name}`).toEqual(before);
  }
  for (const state of results.downgradePrefixes) {
    expect(normal(state.converged), `downgrade after its first ${state.name.replace('downgrade-', '')} statement(s) ran alone`).toEqual(before);
    expect(normal(state.back), `upgrade after converging from ${state.name}`).toEqual(upgraded);
  }
  const expectRefused = (state: RefusedState, what: string): void => {
    expect(state.error, `${what} ran from the conflicting state "${state.name}"`).toBeDefined();
    expect(state.error, `${what}'s message for "${state.name}"`).toContain(state.message);
    expect(state.after, `${what} refused "${state.name}" but changed the catalog`).toEqual(state.made);
  };
  for (const state of results.conflicts) expectRefused(state, 'the upgrade');
  for (const state of results.downgradeConflicts) expectRefused(state, 'the downgrade');
  expect(results.offlineErrors, 'offline --sql replayed with psql').toEqual([]);
  expect(normal(results.offlineUpgraded), 'offline upgrade replayed with psql').toEqual(upgraded);
  expect(normal(results.offlineDowngraded), 'offline downgrade replayed with psql').toEqual(before);
}
