import { describe, expect, it } from 'vitest';
import type { RevisionFile } from '../../src/history/graph.js';
import { chainOrder } from '../../src/known-schema/from-history.js';

const revision = (id: string, parents: string[]): RevisionFile => ({ file: `${id}.py`, revision: id, downRevisions: parents, revisionLine: 1, downRevisionLine: 1 });

describe('chainOrder', () => {
  it('puts every revision after its parents, whatever the file order, merges included', () => {
    const files = [revision('d', ['b', 'c']), revision('c', ['a']), revision('b', ['a']), revision('a', [])];
    expect(chainOrder(files).map((entry) => entry.revision)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('orders a chain of 20,000 revisions without running out of stack', () => {
    const files = Array.from({ length: 20_000 }, (_, index) => revision(`r${index}`, index === 0 ? [] : [`r${index - 1}`])).reverse();
    const ordered = chainOrder(files);
    expect(ordered[0]!.revision).toBe('r0');
    expect(ordered[19_999]!.revision).toBe('r19999');
  });

  it('keeps revisions in a cycle, after the rest', () => {
    const files = [revision('x', ['y']), revision('y', ['x']), revision('a', [])];
    expect(chainOrder(files).map((entry) => entry.revision)).toEqual(['a', 'x', 'y']);
  });
});
