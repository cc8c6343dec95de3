import type { CatalogSnapshot, DriverError } from './driver-protocol.js';
import { diffSnapshots, type Difference } from './snapshot-diff.js';

/** The steps of one migration's cycle, in the order they run. */
export const CYCLE_STEPS = ['upgrade', 're-upgrade', 'downgrade', 're-downgrade', 'upgrade again', 'offline'] as const;
export type CycleStep = (typeof CYCLE_STEPS)[number];

export interface Problem {
  readonly step: CycleStep;
  /** Without the step: `type "role" already exists`, `left behind: enum migration.role`. */
  readonly message: string;
  readonly error?: DriverError;
  readonly difference?: Difference;
}

/** One line of the report: "re-upgrade: type ... already exists", "downgrade left behind: enum ...". */
export function problemLine(problem: Problem): string {
  return problem.difference ? `${problem.step} ${problem.message}` : `${problem.step}: ${problem.message}`;
}

export interface CycleSnapshots {
  readonly before: CatalogSnapshot;
  readonly upgraded?: CatalogSnapshot;
  readonly reUpgraded?: CatalogSnapshot;
  readonly downgraded?: CatalogSnapshot;
  readonly reDowngraded?: CatalogSnapshot;
  readonly upgradedAgain?: CatalogSnapshot;
  readonly offline?: CatalogSnapshot;
}

const UPGRADE_WORDS: Readonly<Record<Difference['change'], string>> = { extra: 'added', missing: 'missing', changed: 'changed' };
const DOWNGRADE_WORDS: Readonly<Record<Difference['change'], string>> = { extra: 'left behind', missing: 'removed', changed: 'changed' };

function describe(difference: Difference, words: Readonly<Record<Difference['change'], string>>): string {
  const fields = difference.fields && difference.fields.length > 0 ? ` (${difference.fields.join('; ')})` : '';
  return `${words[difference.change]}: ${difference.kind} ${difference.name}${fields}`;
}

function compare(step: CycleStep, expected: CatalogSnapshot, actual: CatalogSnapshot | undefined, downgrade: boolean): Problem[] {
  // The driver hands over one object for snapshots it found equal: nothing to diff.
  if (actual === undefined || actual === expected) return [];
  const words = downgrade ? DOWNGRADE_WORDS : UPGRADE_WORDS;
  return (
    diffSnapshots(expected, actual)
      // A schema the upgrade created stays after the downgrade (other migrations may share it);
      // whatever is left inside it is reported as its own object.
      .filter((difference) => !(downgrade && difference.kind === 'schema' && difference.change === 'extra'))
      .map((difference) => ({ step, message: describe(difference, words), difference }))
  );
}

/** Drops what an earlier step of the same kind already reported: a leftover is said once. */
function newOnly(problems: Problem[], earlier: readonly Problem[]): Problem[] {
  const said = new Set(earlier.map((problem) => problem.message));
  return problems.filter((problem) => !said.has(problem.message));
}

/**
 * What the snapshots of one cycle say: every upgrade gives the first upgrade's schema, every
 * downgrade gives back the schema from before the upgrade.
 */
export function judgeSnapshots(snapshots: CycleSnapshots): Problem[] {
  const { before, upgraded } = snapshots;
  if (upgraded === undefined) return [];
  const reUpgrade = compare('re-upgrade', upgraded, snapshots.reUpgraded, false);
  const downgrade = compare('downgrade', before, snapshots.downgraded, true);
  const reDowngrade = newOnly(compare('re-downgrade', before, snapshots.reDowngraded, true), downgrade);
  const upgradeAgain = newOnly(compare('upgrade again', upgraded, snapshots.upgradedAgain, false), reUpgrade);
  const offline = compare('offline', upgraded, snapshots.offline, false);
  return [...reUpgrade, ...downgrade, ...reDowngrade, ...upgradeAgain, ...offline];
}
