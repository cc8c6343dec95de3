import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** The Python side: driver/alembic_driver.py, run by the project's own interpreter. */
export function driverScript(): string {
  return join(packageRoot(), 'driver', 'alembic_driver.py');
}

/** One JSON document describing the schema (driver/catalog-snapshot.sql). */
export type CatalogSnapshot = Record<string, unknown>;

/**
 * The project's Alembic configuration files, as Alembic's command line is given them with -c
 * (null: not there), and the ini section it is given with -n (absent: [alembic]). Alembic runs
 * in the driver's working directory, the project's.
 */
export interface AlembicFiles {
  readonly ini: string | null;
  readonly toml: string | null;
  readonly section?: string;
}

/** A database a step runs on: the URL env.py is handed, and the variable it is handed in. */
export interface StepTarget extends AlembicFiles {
  readonly url: string;
  readonly url_env: string;
}

export type DriverRequest =
  | { readonly hello: true }
  | ({ readonly history: true } & AlembicFiles)
  | ({ readonly alembic: readonly string[]; readonly capture?: boolean } & StepTarget)
  | ({ readonly steps: readonly (readonly [string, 'up' | 'down'])[] } & StepTarget)
  | ({ readonly cycle: string; readonly offline?: boolean } & StepTarget)
  | { readonly sql: readonly string[]; readonly url: string }
  | { readonly snapshot: string; readonly url: string; readonly rows_sql?: string; readonly compare_to?: string }
  | ({ readonly autogenerate: true; readonly message: string } & StepTarget);

export interface DriverError {
  /** database: PostgreSQL refused a statement; alembic: Alembic refused the command; python: an exception in env.py or a migration. */
  readonly kind: 'database' | 'alembic' | 'python' | 'wrong_database';
  readonly message: string;
  readonly detail?: string;
  readonly statement?: string | null;
  readonly location?: { readonly file: string; readonly line: number } | null;
  readonly traceback?: string;
  readonly log?: string;
}

export interface DriverAnswer {
  readonly ok: boolean;
  readonly error?: DriverError;
  readonly output?: string | null;
  readonly log?: string;
  readonly label?: string;
  readonly snapshot?: CatalogSnapshot;
  readonly [key: string]: unknown;
}

export interface HelloAnswer {
  readonly python: string;
  readonly executable: string;
  readonly alembic: string;
  readonly sqlalchemy: string;
  readonly default_driver: string;
  readonly drivers: readonly string[];
  /** SQLAlchemy's asyncio extension needs it. */
  readonly greenlet: boolean;
}

export interface HistoryAnswer {
  /** In the order `alembic upgrade heads` applies them. */
  readonly revisions: readonly {
    readonly revision: string;
    readonly down_revisions: readonly string[];
    readonly dependencies: readonly string[];
    readonly branch_labels: readonly string[];
    readonly path: string;
  }[];
  readonly heads: readonly string[];
}

/** The snapshots of a cycle, by step: "before", "upgrade", "re-upgrade", "downgrade", "re-downgrade", "upgrade again". */
export type CycleSnapshotName = 'before' | 'upgrade' | 're-upgrade' | 'downgrade' | 're-downgrade' | 'upgrade again';

export interface CycleAnswer {
  /** The snapshots taken, in order (a failed step ends the cycle). */
  readonly taken: readonly CycleSnapshotName[];
  /** Only snapshots that differ from what they must equal, and what they must equal. */
  readonly snapshots: Partial<Record<CycleSnapshotName, CatalogSnapshot>>;
  /** Snapshots equal to what they must equal, each mapped to that one. */
  readonly same: Partial<Record<CycleSnapshotName, CycleSnapshotName>>;
  /** Whether the upgrade changed the catalog; null when it failed. */
  readonly schema_changed: boolean | null;
  readonly failure: { readonly step: string; readonly error: DriverError } | null;
  /** The version table's rows before and after the upgrade. */
  readonly rows: { readonly before: readonly string[]; readonly after: readonly string[] | null };
  /** With offline: `alembic upgrade --sql` of this migration alone. */
  readonly offline_sql?: string;
}

export function encodeRequests(requests: readonly object[]): string {
  return requests.map((request) => `${JSON.stringify(request)}\n`).join('');
}

export function decodeAnswers(stdout: string): DriverAnswer[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DriverAnswer);
}
