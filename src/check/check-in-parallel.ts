import { Worker } from 'node:worker_threads';
import { loadPgParser } from '../sql/pg-parser.js';
import { checkFileTexts } from './check-file.js';
import { takeBatches, WORKER_ENTRY, workerInput, type WorkerOutput } from './check-worker.js';
import type { FileFinding } from './finding.js';

/** Files a thread takes at a time: small enough to share the tail evenly, large enough to post rarely. */
const BATCH = 16;

/** Starts a worker; resolves once it has checked every batch it took, or has failed. */
function startWorker(input: ReturnType<typeof workerInput>, record: (start: number, findings: readonly FileFinding[][]) => void): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_ENTRY, { workerData: input });
    worker.on('message', (message: WorkerOutput) => {
      if ('done' in message) {
        resolve();
        worker.unref();
        void worker.terminate();
      } else {
        record(message.start, message.findings);
      }
    });
    // A worker that fails leaves its files unchecked; the main thread checks them afterwards.
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
}

/**
 * The findings of each text, in order, from `threads` threads: the main thread and
 * `threads - 1` workers, each with its own parsers, taking batches of files as they go.
 */
export async function checkTexts(texts: readonly string[], threads: number): Promise<FileFinding[][]> {
  const results: (FileFinding[] | undefined)[] = new Array(texts.length);
  const record = (start: number, findings: readonly FileFinding[][]): void => findings.forEach((found, offset) => (results[start + offset] = found));
  const input = workerInput(texts, new SharedArrayBuffer(4), BATCH);
  const workers = Array.from({ length: Math.max(0, threads - 1) }, () => startWorker(input, record));
  const sql = await loadPgParser();
  await takeBatches(input, (batch) => checkFileTexts(batch, sql), record);
  await Promise.all(workers);
  const unchecked = texts.filter((_, index) => results[index] === undefined);
  const late = unchecked.length > 0 ? await checkFileTexts(unchecked, sql) : [];
  let next = 0;
  return results.map((found) => found ?? late[next++]!);
}
