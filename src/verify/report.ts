import { displayPath } from '../fs/display-path.js';
import type { MigrationResult } from './cycle.js';
import { problemLine } from './judge-cycle.js';
import type { VerifyReport } from './run-verify.js';

const STATUS_WIDTH = 'not run'.length + 2;

/** The lines for one migration: its status and revision, then one indented line per problem. */
export function migrationLines(result: MigrationResult): string {
  const status = result.status === 'failed' ? 'FAILED' : result.status;
  const remark = result.status === 'ok' && result.schemaChanged === false ? '  (no schema change)' : '';
  const details = [...result.problems.map(problemLine), ...result.notes].map((line) => `${' '.repeat(STATUS_WIDTH)}${line}\n`);
  return `${status.padEnd(STATUS_WIDTH)}${result.revision}${remark}\n${details.join('')}`;
}

export interface Counts {
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  readonly notRun: number;
}

export function counts(results: readonly MigrationResult[]): Counts {
  const count = (status: MigrationResult['status']): number => results.filter((result) => result.status === status).length;
  return { total: results.length, ok: count('ok'), failed: count('failed'), notRun: count('not run') };
}

export function summaryLine(report: VerifyReport): string {
  const { total, ok, failed, notRun } = counts(report.results);
  if (total === 0) return `verify: no migrations to verify (alembic ${report.python.alembic})\n`;
  const parts = [`${ok} ok`, `${failed} failed`, ...(notRun > 0 ? [`${notRun} not run`] : [])];
  const server = report.server ? `, ${report.server.embedded ? 'embedded ' : ''}PostgreSQL ${report.server.version}` : '';
  const plural = total === 1 ? 'migration' : 'migrations';
  return `verify: ${total} ${plural}, ${parts.join(', ')} (alembic ${report.python.alembic}, SQLAlchemy ${report.python.sqlalchemy}${server}; ${report.seconds.toFixed(1)} s)\n`;
}

/** The --json document: stable keys for CI. */
export function jsonReport(report: VerifyReport, cwd: string): object {
  const { total, ok, failed, notRun } = counts(report.results);
  return {
    ok: failed === 0 && notRun === 0,
    summary: { total, ok, failed, not_run: notRun },
    migrations: report.results.map((result) => ({
      revision: result.revision,
      path: displayPath(cwd, result.path),
      status: result.status === 'not run' ? 'not_run' : result.status,
      schema_changed: result.schemaChanged ?? null,
      seconds: Number(result.seconds.toFixed(3)),
      problems: result.problems.map((problem) => ({
        step: problem.step,
        message: problem.message,
        line: problemLine(problem),
        ...(problem.difference && { difference: problem.difference }),
        ...(problem.error && {
          error: {
            kind: problem.error.kind,
            ...(problem.error.statement && { statement: problem.error.statement }),
            ...(problem.error.detail && { detail: problem.error.detail }),
            ...(problem.error.location && { location: problem.error.location }),
            ...(problem.error.kind === 'python' && problem.error.traceback && { traceback: problem.error.traceback }),
          },
        }),
      })),
      notes: result.notes,
    })),
    python: {
      executable: report.python.executable,
      found_from: report.python.source,
      python: report.python.python,
      alembic: report.python.alembic,
      sqlalchemy: report.python.sqlalchemy,
    },
    url_env: report.urlEnv,
    url_scheme: report.scheme,
    server: report.server ?? null,
    segments: report.segments,
    seconds: Number(report.seconds.toFixed(3)),
  };
}
