import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './cli.js';

/**
 * A real pseudo-terminal, by tmux: the program under test sees a TTY on both sides, and keys
 * arrive as a person's would (tmux send-keys). Each session runs on its own tmux server so
 * tests never touch anyone else's tmux.
 */
export class Terminal {
  private readonly socket = `create-migration-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly target = 'test';
  // The exit code goes to a file: tmux loses a dead pane's status when it exits at once.
  private readonly exitFile = join(mkdtempSync(join(tmpdir(), 'create-migration-tty-')), 'exit-code');
  /** How many "? " question lines had appeared when the last answer was sent. */
  private asked = 0;

  private constructor() {}

  /** Starts `create-migration ...args` in `cwd`, in a terminal of `width` columns, without CI set. */
  static run(args: readonly string[], options: { cwd: string; env?: Record<string, string>; width?: number }): Terminal {
    return Terminal.start([process.execPath, BIN, ...args], options);
  }

  /** Starts any program (`argv`) the same way. */
  static start(argv: readonly string[], options: { cwd: string; env?: Record<string, string>; width?: number }): Terminal {
    const terminal = new Terminal();
    const env = { SOURCE_DATE_EPOCH: '1763812800', TERM: 'xterm-256color', ...options.env };
    const assignments = Object.entries(env).map(([key, value]) => `${key}=${quote(value)}`);
    const program = ['env', '-u', 'CI', ...assignments, ...argv.map(quote)].join(' ');
    const command = `${program}; echo $? > ${quote(terminal.exitFile)}`;
    // remain-on-exit keeps the last screen to look at once the program has ended.
    terminal.tmux(
      'start-server', ';',
      'set-option', '-g', 'remain-on-exit', 'on', ';',
      'set-option', '-g', 'history-limit', '5000', ';',
      'new-session', '-d', '-s', terminal.target, '-x', String(options.width ?? 120), '-y', '50', '-c', options.cwd, command,
    );
    return terminal;
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (result.error) throw new Error(`tmux is needed for the terminal tests and could not run: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** Everything the terminal shows and has scrolled away, wrapped lines joined, trailing blanks dropped. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-5000', '-t', this.target).replace(/\s+$/, '');
  }

  private questionLines(): string[] {
    return this.screen()
      .split('\n')
      .filter((line) => line.startsWith('? '));
  }

  /** Waits until `done` holds for the screen; fails with the screen after `timeoutMs`. */
  async waitFor(what: string, done: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (done(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}; the terminal shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits for the next question (one not yet answered) to contain `question`. */
  async question(question: string): Promise<void> {
    await this.waitFor(`the question "${question}"`, () => {
      const lines = this.questionLines();
      return lines.length > this.asked && lines[lines.length - 1]!.includes(question);
    });
    this.asked = this.questionLines().length;
  }

  /** Answers the next question, which must contain `question`, by typing `text` and Enter. */
  async answer(question: string, text: string): Promise<void> {
    await this.question(question);
    if (text !== '') this.tmux('send-keys', '-t', this.target, '-l', text);
    this.keys('Enter');
  }

  /** Answers a list question by moving `moves` (e.g. ['Down', 'Down']) and pressing Enter. */
  async choose(question: string, moves: readonly string[]): Promise<void> {
    await this.question(question);
    this.keys(...moves, 'Enter');
  }

  /** Presses keys by tmux's names: Enter, Down, Up, Escape, C-c, C-u. */
  keys(...keys: string[]): void {
    if (keys.length > 0) this.tmux('send-keys', '-t', this.target, ...keys);
  }

  /** Types text without pressing Enter. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.target, '-l', text);
  }

  /** Waits for the program to end; its exit code, and the final screen. */
  async exit(timeoutMs = 60_000): Promise<{ code: number; screen: string }> {
    const ended = (): boolean => existsSync(this.exitFile) && readFileSync(this.exitFile, 'utf8').endsWith('\n');
    await this.waitFor('the program to exit', ended, timeoutMs);
    // Read after the end: a screen read just before it may miss the program's last lines.
    return { code: Number(readFileSync(this.exitFile, 'utf8').trim()), screen: this.screen() };
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { encoding: 'utf8' });
  }
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
