import { describe, expect, it } from 'vitest';
import { chainFrom, linearChain } from '../../src/verify/history.js';

const entry = (revision: string, ...down: string[]) => ({ revision, down_revisions: down, path: `/p/${revision}.py` });

describe('linearChain', () => {
  it('links each revision to its parent, the first to base', () => {
    const chain = linearChain({ revisions: [entry('001_a'), entry('002_b', '001_a'), entry('003_c', '002_b')], heads: ['003_c'] });
    expect(chain.map((link) => [link.previous, link.revision])).toEqual([
      ['base', '001_a'],
      ['001_a', '002_b'],
      ['002_b', '003_c'],
    ]);
  });

  it('refuses branches and merges, naming them', () => {
    const branched = { revisions: [entry('001_a'), entry('002_b', '001_a'), entry('002_c', '001_a')], heads: ['002_b', '002_c'] };
    expect(() => linearChain(branched)).toThrow(/several heads: 002_b, 002_c[\s\S]*002_b and 002_c both follow 001_a/);
    const merged = { revisions: [entry('001_a'), entry('002_b', '001_a'), entry('002_c', '001_a'), entry('003_m', '002_b', '002_c')], heads: ['003_m'] };
    expect(() => linearChain(merged)).toThrow(/003_m merges 002_b and 002_c/);
  });
});

describe('chainFrom', () => {
  const chain = linearChain({ revisions: [entry('001_a'), entry('002_b', '001_a'), entry('0021_x', '002_b')], heads: ['0021_x'] });

  it('starts at an exact revision even when it is also a prefix of another', () => {
    expect(chainFrom(chain, '002_b').map((link) => link.revision)).toEqual(['002_b', '0021_x']);
  });

  it('accepts a unique prefix and refuses an ambiguous or unknown one', () => {
    expect(chainFrom(chain, '001').map((link) => link.revision)).toEqual(['001_a', '002_b', '0021_x']);
    expect(() => chainFrom(chain, '002')).toThrow('--from 002 is ambiguous: 002_b, 0021_x');
    expect(() => chainFrom(chain, '999')).toThrow('--from 999: no such revision (the history runs from 001_a to 0021_x)');
  });
});
