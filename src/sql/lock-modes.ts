/**
 * PostgreSQL's table-level lock modes, weakest first, as `pg_locks.mode` names them without the
 * trailing "Lock" (the manual's "Table-Level Lock Modes").
 */
export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

/**
 * What other sessions cannot do on a table while a mode is held: reads (plain SELECT takes ACCESS
 * SHARE, which only ACCESS EXCLUSIVE conflicts with) and writes (INSERT, UPDATE and DELETE take ROW
 * EXCLUSIVE, which SHARE and every stronger mode conflict with).
 */
export function blocks(mode: LockMode): { readonly reads: boolean; readonly writes: boolean } {
  const strength = LOCK_MODES.indexOf(mode);
  return { reads: mode === 'ACCESS EXCLUSIVE', writes: strength >= LOCK_MODES.indexOf('SHARE') };
}

/** `pg_locks.mode` (`ShareRowExclusiveLock`) as a LockMode; undefined for anything else. */
export function lockModeOf(pgLocksMode: string): LockMode | undefined {
  return LOCK_MODES.find((mode) => `${mode.split(' ').map((word) => word[0] + word.slice(1).toLowerCase()).join('')}Lock` === pgLocksMode);
}

export function strongest(modes: Iterable<LockMode>): LockMode | undefined {
  let found: LockMode | undefined;
  for (const mode of modes) if (found === undefined || LOCK_MODES.indexOf(mode) > LOCK_MODES.indexOf(found)) found = mode;
  return found;
}
