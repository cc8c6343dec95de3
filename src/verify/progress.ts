import type { HistoryStep } from './history.js';

const BAR_WIDTH = 20;

/** "12 s", "3 min 5 s": a time left, rounded up to what a person reads. */
export function formatTimeLeft(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  return whole % 60 === 0 ? `${minutes} min` : `${minutes} min ${whole % 60} s`;
}

/** `[██████░░░░] 12/30`, the done part in proportion. */
export function progressBar(done: number, total: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`;
}

/**
 * One status line on a terminal's standard error, rewritten in place as migrations go by: a bar,
 * the migration and step under way, and an estimate of the time left (from the mean time of the
 * migrations done so far). Cleared before anything else is printed. Does nothing when standard
 * error is not a terminal.
 */
export class ProgressLine {
  private shown = false;
  private started: number | undefined;

  constructor(
    private readonly enabled: boolean,
    private readonly write: (text: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  step(index: number, total: number, step: HistoryStep, name: string): void {
    this.started ??= this.now();
    const left = index > 0 ? ` · ${formatTimeLeft((((this.now() - this.started) / index) * (total - index)) / 1000)} left` : '';
    this.show(`${progressBar(index, total)} ${step.revision}: ${name}…${left}`);
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
