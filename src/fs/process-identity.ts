import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Enough about a process to tell, from another process, whether it still runs: its pid means
 * something only on the same host, in the same boot and the same PID namespace (a container has
 * its own), and only while its start time matches (pids are reused).
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly host: string;
  /** The kernel's boot id (Linux): a lock from before a reboot is dead whatever its pid. */
  readonly boot?: string;
  /** The PID namespace (Linux): pids of another container's processes cannot be checked from here. */
  readonly pidns?: string;
  /** The process's start time in clock ticks since boot (Linux), which a reused pid does not share. */
  readonly start?: string;
}

function quietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/PID/stat (after the command name, which may hold spaces and parentheses). */
function startTime(pid: number | 'self'): string | undefined {
  const stat = quietly(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

let own: ProcessIdentity | undefined;

export function currentProcess(): ProcessIdentity {
  own ??= {
    pid: process.pid,
    host: hostname(),
    ...optional('boot', quietly(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim())),
    ...optional('pidns', quietly(() => readlinkSync('/proc/self/ns/pid'))),
    ...optional('start', startTime('self')),
  };
  return own;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * Whether the process `other` describes still runs: 'dead' and 'alive' when this process can
 * tell, 'unknown' when it runs on another host or in another container (a lease must decide).
 */
export function processState(other: ProcessIdentity): 'alive' | 'dead' | 'unknown' {
  const self = currentProcess();
  if (other.host !== self.host) return 'unknown';
  if (other.boot !== undefined && self.boot !== undefined && other.boot !== self.boot) return 'dead';
  if (other.pidns !== undefined && self.pidns !== undefined && other.pidns !== self.pidns) return 'unknown';
  if (!Number.isSafeInteger(other.pid) || other.pid <= 0) return 'unknown';
  try {
    process.kill(other.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return 'dead';
  }
  if (other.start === undefined) return 'alive';
  const start = startTime(other.pid);
  return start === undefined || start === other.start ? 'alive' : 'dead';
}
