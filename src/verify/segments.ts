/** A run of consecutive migrations of the history one driver proves on a database of its own. */
export interface Segment {
  /** The index of its first migration in the proved order, and one past its last. */
  readonly start: number;
  readonly end: number;
}

/**
 * Below this many migrations a segment costs more than it saves: its own driver (a Python start
 * with Alembic and SQLAlchemy imported), its own database, and an upgrade through every
 * migration before it.
 */
export const MIN_SEGMENT = 20;

/**
 * The history cut into at most `jobs` segments of at least MIN_SEGMENT migrations, as equal as
 * the count allows (the later ones no longer: they also pay the upgrade to their start). One
 * segment, the whole history, when there is no room for two.
 */
export function planSegments(count: number, jobs: number): Segment[] {
  const parts = Math.max(1, Math.min(Math.floor(jobs), Math.floor(count / MIN_SEGMENT)));
  const segments: Segment[] = [];
  for (let part = 0; part < parts; part += 1) {
    segments.push({ start: Math.round((count * part) / parts), end: Math.round((count * (part + 1)) / parts) });
  }
  return segments;
}

/**
 * --jobs by default: the CPUs not already busy (the load average of the last minute taken off),
 * at least one. Segments proved at once on a machine with no core to spare only add the cost of
 * their setups.
 */
export function defaultJobs(cpus: number, loadAverage: number): number {
  return Math.max(1, Math.min(cpus, Math.round(cpus - loadAverage)));
}
