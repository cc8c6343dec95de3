/** The process edges a command touches, passed in so tests can run commands in-process too. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readStdin(): string;
  stdout(text: string): void;
  stderr(text: string): void;
}
