import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who made a throwaway server or database: enough to tell later whether that run is gone. */
export interface RunOwner {
  readonly pid: number;
  readonly host: string;
  /** The kernel's boot id: a pid from before a reboot names no process of ours. */
  readonly boot: string;
  /** When it was made (ms since the epoch). */
  readonly started: number;
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

export function currentOwner(): RunOwner {
  return { pid: process.pid, host: hostname(), boot: bootId(), started: Date.now() };
}

export function parseOwner(text: string | null | undefined): RunOwner | undefined {
  try {
    const value = JSON.parse(text ?? '') as Partial<RunOwner>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.boot !== 'string' || typeof value.started !== 'number') return undefined;
    return { pid: value.pid, host: value.host, boot: value.boot, started: value.started };
  } catch {
    return undefined;
  }
}

/**
 * Whether the run that made something has certainly ended: it ran on this machine, since this
 * boot, and its process is gone (or it ran before the last boot). Unknown (false) for another host.
 */
export function ownerIsGone(owner: RunOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.boot !== bootId()) return true;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
