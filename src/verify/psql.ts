import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateMigrationError } from '../errors.js';
import { libpqUrl } from './database-url.js';

export interface PsqlResult {
  readonly ok: boolean;
  /** psql's own words when it failed, e.g. `psql:upgrade.sql:12: ERROR:  type "x" already exists`. */
  readonly message: string;
}

/** Replays an SQL script (an offline `alembic upgrade --sql`) with psql, stopping at the first error. */
export async function replayWithPsql(url: string, sql: string, signal?: AbortSignal): Promise<PsqlResult> {
  const directory = mkdtempSync(join(tmpdir(), 'create-migration-offline-'));
  const file = join(directory, 'upgrade.sql');
  writeFileSync(file, sql);
  try {
    return await new Promise<PsqlResult>((resolve, reject) => {
      // The password goes in the environment, not on a command line other users can list.
      const target = new URL(libpqUrl(url));
      const password = decodeURIComponent(target.password);
      target.password = '';
      const env = { ...process.env, ...(password && { PGPASSWORD: password }) };
      const child = spawn('psql', [target.toString(), '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'], env, signal });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', (error) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') reject(new CreateMigrationError('--offline replays the SQL with psql, which is not on the PATH; install the PostgreSQL client'));
        else reject(error);
      });
      child.on('close', (code) => {
        const message = stderr.split('\n').find((line) => /ERROR:/.test(line)) ?? stderr.trim();
        resolve({ ok: code === 0, message: message.replace(/^psql:[^:]*:\d+: /, '').replace(/^ERROR:\s+/, '') });
      });
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
