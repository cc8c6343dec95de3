import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface Interrupt {
  readonly signal: AbortSignal;
  /** The signal that arrived, if one did. */
  received(): NodeJS.Signals | undefined;
  /** The shell's status for it: 128 + the signal's number (130 for Ctrl-C). */
  exitCode(): number;
  dispose(): void;
}

/**
 * Turns SIGINT, SIGTERM and SIGHUP into an abort, so the command can undo what it set up (drop
 * its databases) before it exits. Later signals are ignored while that runs.
 */
export function listenForInterrupt(onFirst?: (signal: NodeJS.Signals) => void): Interrupt {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    if (received !== undefined) return;
    received = signal;
    controller.abort(new Error(`interrupted by ${signal}`));
    // After SIGHUP the terminal may be gone and writing to it fails: the clean-up must still run.
    try {
      onFirst?.(signal);
    } catch {
      // nothing to tell, nowhere to tell it
    }
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return {
    signal: controller.signal,
    received: () => received,
    exitCode: () => 128 + (received ? constants.signals[received] : 0),
    dispose: () => {
      for (const signal of SIGNALS) process.removeListener(signal, handler);
    },
  };
}
