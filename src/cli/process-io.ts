import { writeSync } from 'node:fs';
import { tuneJitFor } from '../check/jit-tuning.js';
import { readStandardInput } from '../fs/read-regular-file.js';
import type { CliIo } from './io.js';

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

/** The real process: synchronous writes, so output is complete before the process exits. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    readStdin: (maxBytes) => readStandardInput(maxBytes),
    stdout: (text) => writeAll(1, text),
    stderr: (text) => writeAll(2, text),
    tuneJit: tuneJitFor,
  };
}
