import { availableParallelism, loadavg } from 'node:os';
import { UsageError } from '../errors.js';

const THREADS_VARIABLE = 'CREATE_MIGRATION_CHECK_THREADS';

/**
 * Below this many files to parse, one thread does it all: a worker costs ~0.12 s of CPU (its
 * modules, PostgreSQL's parser, code not yet warm), about what 300 hand-written files cost.
 */
const FILES_PER_WORKER = 300;

/**
 * How many threads check the `files` files that need parsing: CREATE_MIGRATION_CHECK_THREADS
 * when set (1 = no workers), else one per CPU that other processes leave idle (by the load
 * average of the last minute, where the system keeps one), as long as each has enough files to
 * repay its start. A worker on a CPU that is not idle only adds its start to the time: measured
 * on 2 CPUs at a load of 4, two threads took as long as one for 1,000 files and 12% longer for
 * 5,000, using 20% and 30% more CPU.
 */
export function threadCount(files: number, env: Readonly<Record<string, string | undefined>>, load: number = loadavg()[0] ?? 0): number {
  const forced = env[THREADS_VARIABLE];
  if (forced !== undefined && forced !== '') {
    if (!/^[1-9][0-9]{0,2}$/.test(forced)) throw new UsageError(`${THREADS_VARIABLE} must be a whole number of threads from 1 to 999, not "${forced}"`);
    return Number(forced);
  }
  const cpus = availableParallelism();
  const idle = Math.round(cpus - load);
  return Math.max(1, Math.min(cpus, idle, Math.floor(files / FILES_PER_WORKER)));
}
