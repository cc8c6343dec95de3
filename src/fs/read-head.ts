import { closeSync, openSync, readSync } from 'node:fs';

/** Reads the start of the file at `path` into `buffer` (as much as fits); returns how many bytes it read. */
export function readHead(path: string, buffer: Buffer): number {
  const descriptor = openSync(path, 'r');
  try {
    return readSync(descriptor, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(descriptor);
  }
}
