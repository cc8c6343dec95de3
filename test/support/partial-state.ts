import { replayWithPsql } from '../../src/verify/psql.js';
import { runDriver, type CatalogSnapshot, type DriverStep, type StepResult } from './alembic-driver.js';
import type { AlembicProject } from './alembic-project.js';
import { createDatabase } from './databases.js';
import type { PythonEnv } from './python-env.js';
import { schemaStatements } from './sql-statements.js';

// The partial-state matrix of one generated migration, with real Alembic on a real server: every
// state a failed run can leave (each prefix of the upgrade's statements, and of the downgrade's),
// states made by hand that the migration must complete, and conflicting states it must refuse.

/** A state made by hand (SQL run in one session, autocommit) from where the migration starts. */
export interface HandMadeState {
  readonly name: string;
  readonly sql: string;
  /** Its statements may fail (one is meant to: a unique build interrupted by a duplicate leaves an INVALID index). */
  readonly failing?: boolean;
}

/** A state the migration must refuse: it stops with `message` (a substring) and changes nothing. */
export interface ConflictingState extends HandMadeState {
  readonly message: string;
}

export interface PartialStateOptions {
  readonly project: AlembicProject;
  readonly adminUrl: string;
  readonly python: PythonEnv;
  readonly revision: string;
  /** Its parent ("base" for the first). */
  readonly previous: string;
  /** Run once the database is at `previous`: tables with rows. */
  readonly setupSql?: string;
  /** Rows that every state must keep, compared with the snapshots. */
  readonly rowsSql?: string;
  /** Made from the state before the upgrade: the upgrade must converge from each (e.g. a column added nullable by hand). */
  readonly handMade?: readonly HandMadeState[];
  /** Made from the state before the upgrade: the upgrade must stop and leave it as it is. */
  readonly conflicts?: readonly ConflictingState[];
  /** Made from the upgraded state: the downgrade must stop and leave it as it is. */
  readonly downgradeConflicts?: readonly ConflictingState[];
}

export interface ConvergedState {
  readonly name: string;
  /** After the state was made and the upgrade (or downgrade) ran. */
  readonly converged: CatalogSnapshot;
  /** After the way back (the downgrade, or the upgrade) ran from there. */
  readonly back: CatalogSnapshot;
}

export interface RefusedState {
  readonly name: string;
  readonly message: string;
  /** The state as made, and as the refused run left it. */
  readonly made: CatalogSnapshot;
  readonly after: CatalogSnapshot;
  /** The error the run stopped with; undefined when it did not stop. */
  readonly error?: string;
}

export interface PartialStateResults {
  readonly before: CatalogSnapshot;
  readonly upgraded: CatalogSnapshot;
  readonly upgradeStatements: readonly string[];
  readonly downgradeStatements: readonly string[];
  /** After the first k statements of the upgrade, k = 1..n-1. */
  readonly upgradePrefixes: readonly ConvergedState[];
  /** After the upgrade and the first k statements of the downgrade. */
  readonly downgradePrefixes: readonly ConvergedState[];
  readonly handMade: readonly ConvergedState[];
  readonly conflicts: readonly RefusedState[];
  readonly downgradeConflicts: readonly RefusedState[];
  /** The offline upgrade and downgrade, replayed with psql one after the other; psql's errors (a helper left in pg_temp is one). */
  readonly offlineUpgraded: CatalogSnapshot;
  readonly offlineDowngraded: CatalogSnapshot;
  readonly offlineErrors: readonly string[];
}

/** Ends an offline script by failing when the session still holds functions in pg_temp: the helpers must not outlive the migration. */
const NO_LEFTOVERS = `
DO $$
DECLARE leftovers text := (SELECT string_agg(proname, ', ') FROM pg_catalog.pg_proc WHERE pronamespace = pg_my_temp_schema());
BEGIN
    IF leftovers IS NOT NULL THEN
        RAISE EXCEPTION 'helpers left in pg_temp: %', leftovers;
    END IF;
END
$$;
`;

/** A state's SQL as driver steps: each statement on its own, autocommit, as a person runs them (CREATE INDEX CONCURRENTLY needs that). */
async function madeSteps(state: HandMadeState): Promise<DriverStep[]> {
  const statements = await schemaStatements(state.sql);
  return state.failing ? statements.map((statement) => ({ sql: [statement], mayFail: true })) : [{ sql: statements }];
}

function byLabel(results: readonly StepResult[]): Map<string, StepResult> {
  return new Map(results.filter((result) => result.label).map((result) => [result.label!, result]));
}

/** Runs the whole matrix; the caller compares (expect-partial-state.ts). */
export async function runPartialStates(options: PartialStateOptions): Promise<PartialStateResults> {
  const { project, python, revision, previous } = options;
  const toPrevious: DriverStep[] = previous === 'base' ? [] : [{ alembic: ['upgrade', previous] }];
  const start: DriverStep[] = [...toPrevious, ...(options.setupSql ? [{ sql: [options.setupSql] }] : [])];
  const range = previous === 'base' ? revision : `${previous}:${revision}`;
  const drive = (url: string, steps: DriverStep[]): StepResult[] =>
    runDriver(python, { config: project.config, url, ...(options.rowsSql !== undefined && { rowsSql: options.rowsSql }), steps });

  const main = await createDatabase(options.adminUrl);
  const spares: { drop(): Promise<void> }[] = [main];
  try {
    const first = drive(main.url, [
      ...start,
      { snapshot: 'before' },
      { alembic: ['upgrade', revision] },
      { snapshot: 'upgraded' },
      { alembic: ['upgrade', range, '--sql'], capture: true },
      { alembic: ['downgrade', `${revision}:${previous}`, '--sql'], capture: true },
      { alembic: ['downgrade', previous] },
    ]);
    const captured = first.filter((result) => typeof result.output === 'string').map((result) => result.output!);
    const [offlineUpgrade, offlineDowngrade] = [captured[0]!, captured[1]!];
    const upgradeStatements = await schemaStatements(offlineUpgrade);
    const downgradeStatements = await schemaStatements(offlineDowngrade);

    // From the state before the upgrade: each prefix of the upgrade, and each hand-made state.
    const fromBefore: DriverStep[] = [];
    const upgradeStates = upgradeStatements.slice(1).map((_statement, index) => ({ name: `upgrade-${index + 1}`, sql: upgradeStatements.slice(0, index + 1) }));
    // Each statement on its own, autocommit, as a person runs them (CREATE INDEX CONCURRENTLY needs that).
    const madeStates: { name: string; steps: DriverStep[] }[] = [];
    for (const state of options.handMade ?? []) madeStates.push({ name: `hand-${state.name}`, steps: await madeSteps(state) });
    for (const state of [...upgradeStates.map((prefix) => ({ name: prefix.name, steps: [{ sql: prefix.sql }] })), ...madeStates]) {
      fromBefore.push(
        ...state.steps,
        { alembic: ['upgrade', revision] },
        { snapshot: `${state.name}:converged` },
        { alembic: ['downgrade', previous] },
        { snapshot: `${state.name}:back` },
      );
    }
    // From the upgraded state: each prefix of the downgrade.
    const downgradeStates = downgradeStatements.slice(1).map((_statement, index) => ({ name: `downgrade-${index + 1}`, sql: downgradeStatements.slice(0, index + 1) }));
    for (const state of downgradeStates) {
      fromBefore.push(
        { alembic: ['upgrade', revision] },
        { sql: state.sql },
        { alembic: ['downgrade', previous] },
        { snapshot: `${state.name}:converged` },
        { alembic: ['upgrade', revision] },
        { snapshot: `${state.name}:back` },
        { alembic: ['downgrade', previous] },
      );
    }
    const second = byLabel(drive(main.url, fromBefore));
    const converged = (name: string): ConvergedState => ({ name, converged: second.get(`${name}:converged`)!.snapshot!, back: second.get(`${name}:back`)!.snapshot! });

    // Each conflicting state on a database of its own: a refused run may leave anything behind.
    const refuse = async (state: ConflictingState, upgraded: boolean): Promise<RefusedState> => {
      const database = await createDatabase(options.adminUrl);
      spares.push(database);
      const results = drive(database.url, [
        ...start,
        ...(upgraded ? [{ alembic: ['upgrade', revision] }] : []),
        ...(await madeSteps(state)),
        { snapshot: 'made' },
        { alembic: upgraded ? ['downgrade', previous] : ['upgrade', revision], mayFail: true },
        { snapshot: 'after' },
      ]);
      await database.drop();
      const labels = byLabel(results);
      const error = results.find((result) => result.error !== undefined)?.error;
      return { name: state.name, message: state.message, made: labels.get('made')!.snapshot!, after: labels.get('after')!.snapshot!, ...(error !== undefined && { error }) };
    };
    const conflicts: RefusedState[] = [];
    for (const state of options.conflicts ?? []) conflicts.push(await refuse(state, false));
    const downgradeConflicts: RefusedState[] = [];
    for (const state of options.downgradeConflicts ?? []) downgradeConflicts.push(await refuse(state, true));

    // Offline: the upgrade's SQL, then the downgrade's, replayed with psql on a database that only
    // ever gets offline SQL; each script ends by failing if a helper is left in pg_temp.
    const offline = await createDatabase(options.adminUrl);
    spares.push(offline);
    drive(offline.url, start);
    const offlineErrors: string[] = [];
    const replay = async (script: string): Promise<CatalogSnapshot> => {
      const replayed = await replayWithPsql(offline.url, script + NO_LEFTOVERS);
      if (!replayed.ok) offlineErrors.push(replayed.message);
      return drive(offline.url, [{ snapshot: 'offline' }])[0]!.snapshot!;
    };
    const offlineUpgraded = await replay(offlineUpgrade);
    const offlineDowngraded = await replay(offlineDowngrade);

    const labels = byLabel(first);
    return {
      before: labels.get('before')!.snapshot!,
      upgraded: labels.get('upgraded')!.snapshot!,
      upgradeStatements,
      downgradeStatements,
      upgradePrefixes: upgradeStates.map((state) => converged(state.name)),
      downgradePrefixes: downgradeStates.map((state) => converged(state.name)),
      handMade: madeStates.map((state) => converged(state.name)),
      conflicts,
      downgradeConflicts,
      offlineUpgraded,
      offlineDowngraded,
      offlineErrors,
    };
  } finally {
    for (const database of spares) await database.drop();
  }
}
