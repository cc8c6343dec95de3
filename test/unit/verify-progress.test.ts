import { describe, expect, it } from 'vitest';
import { formatTimeLeft, ProgressLine, progressBar } from '../../src/verify/progress.js';

const step = (revision: string) => ({ revision, parents: [], path: `/p/${revision}.py` });

describe('the progress line', () => {
  it('draws a bar in proportion and says the time left from the mean so far', () => {
    expect(progressBar(0, 4)).toBe('[░░░░░░░░░░░░░░░░░░░░] 0/4');
    expect(progressBar(3, 4)).toBe('[███████████████░░░░░] 3/4');
    expect([formatTimeLeft(0.2), formatTimeLeft(59.1), formatTimeLeft(185)]).toEqual(['1 s', '1 min', '3 min 5 s']);
    const written: string[] = [];
    let now = 0;
    const line = new ProgressLine(true, (text) => written.push(text), () => now);
    line.step(0, 4, step('001_a'), 'upgrade');
    now = 2000;
    line.step(1, 4, step('002_b'), 'upgrade');
    line.clear();
    expect(written).toEqual(['\r\x1b[2K[░░░░░░░░░░░░░░░░░░░░] 0/4 001_a: upgrade…', '\r\x1b[2K[█████░░░░░░░░░░░░░░░] 1/4 002_b: upgrade… · 6 s left', '\r\x1b[2K']);
  });

  it('writes nothing where it is off (not a terminal, or --json)', () => {
    const written: string[] = [];
    const line = new ProgressLine(false, (text) => written.push(text));
    line.step(0, 1, step('001_a'), 'upgrade');
    line.clear();
    expect(written).toEqual([]);
  });
});
