import { replayWithPsql } from '../../src/verify/psql.js';
import { runDriver, type CatalogSnapshot, type DriverStep } from './alembic-driver.js';
import type { AlembicProject } from './alembic-project.js';
import { createDatabase } from './databases.js';
import type { PythonEnv } from './python-env.js';
import { schemaStatements } from './sql-statements.js';

export interface CycleOptions {
  readonly project: AlembicProject;
  readonly adminUrl: string;
  readonly python: PythonEnv;
  /** The revision under test and its parent ("base" for the first). */
  readonly revision: string;
  readonly previous: string;
  /** Run once the database is at `previous`: rows, or tables from outside the history. */
  readonly setupSql?: string;
  /** A query whose rows must be the same after every step: data the migration must not lose. */
  readonly rowsSql?: string;
}

export interface CycleSnapshots {
  readonly before: CatalogSnapshot;
  readonly upgraded: CatalogSnapshot;
  readonly reUpgraded: CatalogSnapshot;
  readonly downgraded: CatalogSnapshot;
  readonly reDowngraded: CatalogSnapshot;
  readonly upgradedAgain: CatalogSnapshot;
  /** After the first k statements of the upgrade were run by hand and the upgrade then ran, k = 1..n-1. */
  readonly converged: readonly { readonly applied: number; readonly upgraded: CatalogSnapshot; readonly downgraded: CatalogSnapshot }[];
  /** The offline (--sql) upgrade replayed with psql on a fresh database. */
  readonly offline: CatalogSnapshot;
  readonly offlineSql: string;
  readonly statements: readonly string[];
}

function snapshotsOf(results: ReturnType<typeof runDriver>): Map<string, CatalogSnapshot> {
  return new Map(results.filter((result) => result.snapshot).map((result) => [result.label!, result.snapshot!]));
}

async function psql(url: string, sql: string): Promise<void> {
  const replayed = await replayWithPsql(url, sql);
  if (!replayed.ok) throw new Error(`psql failed replaying the offline upgrade: ${replayed.message}\n${sql}`);
}

/**
 * The full proof for one migration, with real Alembic on a real server: upgrade; stamp back and
 * upgrade again; downgrade; stamp forward and downgrade again; upgrade again; every partial state
 * of the upgrade completed by a re-run; and the offline SQL replayed with psql.
 */
export async function runMigrationCycle(options: CycleOptions): Promise<CycleSnapshots> {
  const { project, python, revision, previous } = options;
  const setup: DriverStep[] = options.setupSql ? [{ sql: [options.setupSql] }] : [];
  const toPrevious: DriverStep[] = previous === 'base' ? [] : [{ alembic: ['upgrade', previous] }];
  const offlineRange = previous === 'base' ? revision : `${previous}:${revision}`;

  const online = await createDatabase(options.adminUrl);
  const offline = await createDatabase(options.adminUrl);
  try {
    const first = runDriver(python, {
      config: project.config,
      cwd: project.root,
      url: online.url,
      ...(options.rowsSql !== undefined && { rowsSql: options.rowsSql }),
      steps: [
        ...toPrevious,
        ...setup,
        { snapshot: 'before' },
        { alembic: ['upgrade', revision] },
        { snapshot: 'upgraded' },
        { alembic: ['stamp', previous] },
        { alembic: ['upgrade', revision] },
        { snapshot: 'reUpgraded' },
        { alembic: ['downgrade', previous] },
        { snapshot: 'downgraded' },
        { alembic: ['stamp', revision] },
        { alembic: ['downgrade', previous] },
        { snapshot: 'reDowngraded' },
        { alembic: ['upgrade', revision] },
        { snapshot: 'upgradedAgain' },
        { alembic: ['upgrade', offlineRange, '--sql'], capture: true },
      ],
    });
    const offlineSql = first.find((result) => typeof result.output === 'string')!.output!;
    const statements = await schemaStatements(offlineSql);

    const convergence: DriverStep[] = [{ alembic: ['downgrade', previous] }];
    for (let applied = 1; applied < statements.length; applied += 1) {
      convergence.push(
        { sql: statements.slice(0, applied) },
        { alembic: ['upgrade', revision] },
        { snapshot: `converged-up-${applied}` },
        { alembic: ['downgrade', previous] },
        { snapshot: `converged-down-${applied}` },
      );
    }
    const second = snapshotsOf(
      runDriver(python, {
        config: project.config,
        cwd: project.root,
        url: online.url,
        ...(options.rowsSql !== undefined && { rowsSql: options.rowsSql }),
        steps: convergence,
      }),
    );

    runDriver(python, { config: project.config, cwd: project.root, url: offline.url, steps: [...toPrevious, ...setup] });
    await psql(offline.url, offlineSql);
    const replayed = runDriver(python, {
      config: project.config,
      cwd: project.root,
      url: offline.url,
      ...(options.rowsSql !== undefined && { rowsSql: options.rowsSql }),
      steps: [{ snapshot: 'offline' }],
    });

    const snapshots = snapshotsOf(first);
    const get = (label: string): CatalogSnapshot => snapshots.get(label)!;
    return {
      before: get('before'),
      upgraded: get('upgraded'),
      reUpgraded: get('reUpgraded'),
      downgraded: get('downgraded'),
      reDowngraded: get('reDowngraded'),
      upgradedAgain: get('upgradedAgain'),
      converged: Array.from({ length: Math.max(0, statements.length - 1) }, (_, index) => ({
        applied: index + 1,
        upgraded: second.get(`converged-up-${index + 1}`)!,
        downgraded: second.get(`converged-down-${index + 1}`)!,
      })),
      offline: replayed[0]!.snapshot!,
      offlineSql,
      statements,
    };
  } finally {
    await online.drop();
    await offline.drop();
  }
}
