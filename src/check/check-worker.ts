import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadPgParser } from '../sql/pg-parser.js';
import { checkFileTexts } from './check-file.js';
import type { FileFinding } from './finding.js';

// A worker thread that checks files alongside the main thread. It is this module itself, run
// again in the worker: the bundle has no file of its own for it.

/** Marks workerData as meant for this module, which also loads in every other worker. */
const ROLE = 'create-migration check';

export const WORKER_ENTRY = new URL(import.meta.url);

export interface WorkerInput {
  readonly role: typeof ROLE;
  readonly texts: readonly string[];
  /** Int32 [0]: the index of the next file nobody has taken, shared by every thread. */
  readonly next: SharedArrayBuffer;
  readonly batch: number;
}

export type WorkerOutput = { readonly start: number; readonly findings: readonly FileFinding[][] } | { readonly done: true };

export function workerInput(texts: readonly string[], next: SharedArrayBuffer, batch: number): WorkerInput {
  return { role: ROLE, texts, next, batch };
}

/**
 * Takes batches of files (`batch` at a time, from the shared counter) until none are left, and
 * hands each batch's findings to `report`. The main thread runs this loop too.
 */
export async function takeBatches(input: Omit<WorkerInput, 'role'>, check: (texts: string[]) => Promise<FileFinding[][]>, report: (start: number, findings: FileFinding[][]) => void): Promise<void> {
  const next = new Int32Array(input.next);
  for (;;) {
    const start = Atomics.add(next, 0, input.batch);
    if (start >= input.texts.length) return;
    report(start, await check(input.texts.slice(start, start + input.batch)));
  }
}

async function serve(input: WorkerInput): Promise<void> {
  const sql = await loadPgParser();
  const post = (message: WorkerOutput): void => parentPort!.postMessage(message);
  await takeBatches(input, (texts) => checkFileTexts(texts, sql), (start, findings) => post({ start, findings }));
  post({ done: true });
}

if (!isMainThread && (workerData as Partial<WorkerInput> | undefined)?.role === ROLE) void serve(workerData as WorkerInput);
