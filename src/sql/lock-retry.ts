import { doStatements, indent } from './do-block.js';
import { quoteLiteral } from './literals.js';

/** How long a statement waits for a lock that blocks other sessions, and how often it tries again. */
export interface LockPolicy {
  /** PostgreSQL's lock_timeout for each attempt (`2s`). */
  readonly lockTimeout: string;
  /** Attempts after the first; 0: give up at the first timeout. */
  readonly retries: number;
}

/**
 * A DO block that runs `plpgsql` waiting at most `lock_timeout` for its locks, and when that
 * runs out, rolls the attempt back (releasing whatever it had locked), pauses (1 s, 2 s, ...:
 * other sessions' queries, queued behind the waiting statement, go through meanwhile) and tries
 * again, up to `retries` times, before failing with PostgreSQL's own error (`canceling statement
due to lock timeout`, naming the statement). It must run
 * in a transaction of its own (an autocommit block): inside a longer transaction the pause would
 * hold that transaction's locks.
 */
export function withLockRetries(plpgsql: string, policy: LockPolicy): string {
  const setTimeout = `SET LOCAL lock_timeout = ${quoteLiteral(policy.lockTimeout)};`;
  if (policy.retries === 0) return doStatements(`${setTimeout}\n${plpgsql}`);
  const attempts = policy.retries + 1;
  return doStatements(
    [
      setTimeout,
      `FOR attempt IN 1 .. ${attempts} LOOP`,
      '    BEGIN',
      indent(plpgsql, 8),
      '        EXIT;',
      '    EXCEPTION WHEN lock_not_available THEN',
      `        IF attempt = ${attempts} THEN RAISE; END IF;`,
      '        PERFORM pg_sleep(attempt);',
      '    END;',
      'END LOOP;',
    ].join('\n'),
  );
}
