/** The process edges a command touches, passed in so tests can run commands in-process too. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Standard input's bytes, at most `maxBytes` (more is an error, not a wait for the end). */
  readStdin(maxBytes: number): Uint8Array;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Tunes V8's compiler for a check of this many files (check/jit-tuning.ts): the real process only. */
  readonly tuneJit?: (files: number) => void;
}
