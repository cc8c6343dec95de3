import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { decodeAnswers, driverScript, encodeRequests, type DriverAnswer, type DriverRequest } from './driver-protocol.js';

const STDERR_KEPT = 64 * 1024;

/** The driver ended before answering (crashed, or killed because the run was interrupted). */
export class DriverExited extends Error {}

/**
 * One long-lived driver process: requests go in one at a time, each answered in order. Killing
 * it (on an interrupt) rejects whatever is waiting.
 */
export class DriverProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve(answer: DriverAnswer): void; reject(error: Error): void }[] = [];
  private stderr = '';
  private ended: Error | undefined;

  constructor(python: string, options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(python, [driverScript()], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEPT);
    });
    // A killed driver must not crash the run with EPIPE on a write that was already queued.
    this.child.stdin.on('error', () => undefined);
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (line.trim() === '') return;
      this.waiting.shift()?.resolve(decodeAnswers(line)[0]!);
    });
    const fail = (error: Error): void => {
      this.ended ??= error;
      for (const entry of this.waiting.splice(0)) entry.reject(this.ended);
    };
    this.child.on('error', (error) => fail(new DriverExited(`cannot run ${python}: ${error.message}`)));
    this.child.on('close', (code, signal) => {
      const how = signal ? `was killed (${signal})` : `exited with status ${code}`;
      fail(new DriverExited(`the Python driver (${python}) ${how}${this.stderr ? `:\n${this.stderr.trimEnd()}` : ''}`));
    });
  }

  request(request: DriverRequest): Promise<DriverAnswer> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(encodeRequests([request]));
    });
  }

  /** What the driver wrote to standard error so far (Python warnings, a crash's traceback). */
  errorOutput(): string {
    return this.stderr;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** Ends the driver after the requests already sent. */
  async close(): Promise<void> {
    if (this.ended) return;
    const closed = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin.end();
    await closed;
  }
}
