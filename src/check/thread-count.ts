import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';

const THREADS_VARIABLE = 'CREATE_MIGRATION_CHECK_THREADS';

/**
 * Below this many files to parse, one thread does it all: a worker needs ~0.15 s of CPU to load
 * its parsers, about what a hundred files cost.
 */
const FILES_PER_WORKER = 200;

/**
 * How many threads check the `files` files that need parsing: CREATE_MIGRATION_CHECK_THREADS
 * when set (1 = no workers), else one per CPU, as long as each has enough files to repay its start.
 */
export function threadCount(files: number, env: Readonly<Record<string, string | undefined>>): number {
  const forced = env[THREADS_VARIABLE];
  if (forced !== undefined && forced !== '') {
    if (!/^[1-9][0-9]{0,2}$/.test(forced)) throw new UsageError(`${THREADS_VARIABLE} must be a whole number of threads from 1 to 999, not "${forced}"`);
    return Number(forced);
  }
  return Math.max(1, Math.min(availableParallelism(), Math.floor(files / FILES_PER_WORKER)));
}
