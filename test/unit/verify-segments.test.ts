import { describe, expect, it } from 'vitest';
import { defaultJobs, MIN_SEGMENT, planSegments } from '../../src/verify/segments.js';

describe('planSegments', () => {
  it('keeps a history too short for two segments whole', () => {
    expect(planSegments(2 * MIN_SEGMENT - 1, 4)).toEqual([{ start: 0, end: 2 * MIN_SEGMENT - 1 }]);
    expect(planSegments(0, 4)).toEqual([{ start: 0, end: 0 }]);
    expect(planSegments(300, 1)).toEqual([{ start: 0, end: 300 }]);
  });

  it('cuts into as many segments as jobs allow, each of at least MIN_SEGMENT, covering every migration once', () => {
    expect(planSegments(2 * MIN_SEGMENT, 4)).toEqual([
      { start: 0, end: MIN_SEGMENT },
      { start: MIN_SEGMENT, end: 2 * MIN_SEGMENT },
    ]);
    expect(planSegments(301, 3)).toEqual([
      { start: 0, end: 100 },
      { start: 100, end: 201 },
      { start: 201, end: 301 },
    ]);
    for (const [count, jobs] of [[47, 3], [1000, 7], [31, 2]] as const) {
      const plan = planSegments(count, jobs);
      expect(plan[0]!.start).toBe(0);
      expect(plan.at(-1)!.end).toBe(count);
      for (const [index, segment] of plan.entries()) {
        expect(segment.end - segment.start).toBeGreaterThanOrEqual(MIN_SEGMENT);
        if (index > 0) expect(segment.start).toBe(plan[index - 1]!.end);
      }
    }
  });
});

describe('defaultJobs', () => {
  it('counts the CPUs the load average leaves free, at least one', () => {
    expect(defaultJobs(2, 0.1)).toBe(2);
    expect(defaultJobs(2, 0.8)).toBe(1);
    expect(defaultJobs(8, 2.2)).toBe(6);
    expect(defaultJobs(2, 5)).toBe(1);
  });
});
