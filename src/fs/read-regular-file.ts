import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { describeFileKind, describeFsError, FileProblem } from './file-problem.js';

/** One buffer for every read, grown as needed: a history of thousands of small files allocates once. */
let buffer = Buffer.allocUnsafe(64 * 1024);

/**
 * The bytes of the regular file at `path`, at most `maxBytes` of them, or a FileProblem saying
 * why not. Opened without blocking, so a FIFO nobody writes to, or a device, is refused at once
 * instead of hanging or reading forever; a symbolic link is followed (a loop or a dangling link is
 * a problem like any other).
 */
export function readRegularFile(path: string, maxBytes: number): Buffer {
  return readRegularFileWith(path, maxBytes, (bytes) => Buffer.from(bytes));
}

/**
 * As readRegularFile, handing the bytes to `use` in a buffer that is reused by the next read
 * (no copy: a history of thousands of files is decoded straight from it).
 */
/**
 * Standard input, at most `maxBytes` of it: a pipe from /dev/urandom is refused once it passes
 * the limit instead of filling the memory.
 */
export function readStandardInput(maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let length = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw new FileProblem('standard input', `cannot be read: ${describeFsError(error)}`, code);
    }
    if (read === 0) break;
    length += read;
    if (length > maxBytes) throw new FileProblem('standard input', `holds more than ${maxBytes} bytes, more than any spec`);
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  return Buffer.concat(chunks, length);
}

export function readRegularFileWith<T>(path: string, maxBytes: number, use: (bytes: Buffer) => T): T {
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new FileProblem(path, `cannot be opened: ${describeFsError(error)}`, (error as NodeJS.ErrnoException).code);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw new FileProblem(path, `is ${describeFileKind(stats)}, not a regular file`);
    if (stats.size > maxBytes) throw new FileProblem(path, `is ${stats.size} bytes long; at most ${maxBytes} are read`);
    if (buffer.length <= stats.size) buffer = Buffer.allocUnsafe(Math.max(stats.size + 1, buffer.length * 2));
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const read = readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new FileProblem(path, `grew past ${maxBytes} bytes while it was read`);
    }
    return use(buffer.subarray(0, length));
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    throw new FileProblem(path, `cannot be read: ${describeFsError(error)}`);
  } finally {
    closeSync(descriptor);
  }
}
