import { emitKeypressEvents } from 'node:readline';
import type { CliIo } from './io.js';

const CANCELLED_EXIT_CODE = 130;

/**
 * While prompts are shown, Ctrl-C (inquirer turns it into SIGINT) and Escape end the run:
 * nothing has been written before the last confirmation, so it only says so and exits 130.
 * Returns the function that stops watching.
 */
export function exitOnCancel(io: CliIo): () => void {
  const cancel = (): void => {
    // The cursor is on the question's line: below it there may be the refusal of an answer
    // (">> unknown type ..."), which the message must not be written over. Clear below the
    // line, and show the cursor a list prompt hides.
    if (io.stdoutIsTTY) io.stdout('\n\u001b[J\u001b[?25h');
    io.stderr(`${io.stdoutIsTTY ? '' : '\n'}Cancelled; nothing was written.\n`);
    process.exit(CANCELLED_EXIT_CODE);
  };
  // Registered before any prompt, so this runs before inquirer's own Ctrl-C handling, which
  // re-raises SIGINT after closing its input: by then nothing may keep the process alive and
  // it would end with Node's unsettled-await code 13 instead of 130.
  const onKeypress = (_text: string, key: { name?: string; ctrl?: boolean } | undefined): void => {
    if (key?.name === 'escape' || (key?.ctrl === true && key.name === 'c')) cancel();
  };
  emitKeypressEvents(process.stdin);
  process.stdin.on('keypress', onKeypress);
  process.on('SIGINT', cancel);
  return () => {
    process.stdin.off('keypress', onKeypress);
    process.off('SIGINT', cancel);
    // Listening for keys set standard input flowing; paused, it no longer keeps the process alive.
    process.stdin.pause();
  };
}
