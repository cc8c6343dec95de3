import { describe, expect, it } from 'vitest';
import { stepsFrom, upgradeOrder } from '../../src/verify/history.js';

const entry = (revision: string, ...down: string[]) => ({ revision, down_revisions: down, dependencies: [], branch_labels: [], path: `/p/${revision}.py` });

describe('upgradeOrder', () => {
  it("keeps Alembic's order and each revision's parents, merges included", () => {
    const order = upgradeOrder({ revisions: [entry('001_a'), entry('002_b', '001_a'), entry('002_c', '001_a'), entry('003_m', '002_b', '002_c')], heads: ['003_m'] });
    expect(order.map((step) => [step.revision, step.parents])).toEqual([
      ['001_a', []],
      ['002_b', ['001_a']],
      ['002_c', ['001_a']],
      ['003_m', ['002_b', '002_c']],
    ]);
  });
});

describe('stepsFrom', () => {
  const order = upgradeOrder({ revisions: [entry('001_a'), entry('002_b', '001_a'), entry('0021_x', '002_b')], heads: ['0021_x'] });
  const revisions = (steps: readonly { revision: string }[]) => steps.map((step) => step.revision);

  it('starts at an exact revision even when it is also a prefix of another; the earlier ones are only applied', () => {
    const { before, proved } = stepsFrom(order, '002_b');
    expect([revisions(before), revisions(proved)]).toEqual([['001_a'], ['002_b', '0021_x']]);
  });

  it('accepts a unique prefix and refuses an ambiguous or unknown one', () => {
    expect(revisions(stepsFrom(order, '001').proved)).toEqual(['001_a', '002_b', '0021_x']);
    expect(() => stepsFrom(order, '002')).toThrow('--from 002 is ambiguous: 002_b, 0021_x');
    expect(() => stepsFrom(order, '999')).toThrow('--from 999: no such revision (the history runs from 001_a to 0021_x)');
  });
});
