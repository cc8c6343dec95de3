import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** The Python side: driver/alembic_driver.py, run by the project's own interpreter. */
export function driverScript(): string {
  return join(packageRoot(), 'driver', 'alembic_driver.py');
}

/** One JSON document describing the schema (driver/catalog-snapshot.sql). */
export type CatalogSnapshot = Record<string, unknown>;

export type DriverRequest =
  | { readonly hello: true }
  | { readonly history: true; readonly config: string }
  | { readonly alembic: readonly string[]; readonly config: string; readonly url: string; readonly url_env: string; readonly capture?: boolean }
  | { readonly sql: readonly string[]; readonly url: string }
  | { readonly snapshot: string; readonly url: string; readonly rows_sql?: string }
  | { readonly autogenerate: true; readonly config: string; readonly url: string; readonly url_env: string; readonly message: string };

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
}

export interface HistoryAnswer {
  readonly revisions: readonly { readonly revision: string; readonly down_revisions: readonly string[]; readonly path: string }[];
  readonly heads: readonly string[];
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
