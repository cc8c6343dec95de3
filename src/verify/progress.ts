import type { ChainLink } from './history.js';

/**
 * One status line on a terminal's standard error, rewritten in place as steps go by, and
 * cleared before anything else is printed. Does nothing when standard error is not a terminal.
 */
export class ProgressLine {
  private shown = false;

  constructor(
    private readonly enabled: boolean,
    private readonly write: (text: string) => void,
  ) {}

  step(index: number, total: number, link: ChainLink, step: string): void {
    this.show(`[${index + 1}/${total}] ${link.revision}: ${step}…`);
  }

  phase(what: string): void {
    this.show(`${what}…`);
  }

  private show(text: string): void {
    if (!this.enabled) return;
    this.write(`\r\x1b[2K${text}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.write('\r\x1b[2K');
    this.shown = false;
  }
}
