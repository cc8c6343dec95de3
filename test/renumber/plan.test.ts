import { describe, expect, it } from 'vitest';
import { downRevisionList, type RevisionFile } from '../../src/history/graph.js';
import type { AddedTime } from '../../src/renumber/added-times.js';
import { planRenumber, renumberedId, type PlanOptions } from '../../src/renumber/plan.js';

/** `"003_a<002_b"`: revision 003_a in 003_a.py, down_revision 002_b; `"001_a<"` has none; `<x,y` a merge. */
function history(...specs: string[]): RevisionFile[] {
  return specs.map((spec) => {
    const [revision, down] = spec.split('<') as [string, string];
    return { file: `${revision}.py`, revision, downRevisions: downRevisionList(down === '' ? null : down.split(',')), revisionLine: 1, downRevisionLine: 2 };
  });
}

/** Files added in the order given, one day apart; others on day 0. */
function addedInOrder(...files: string[]): PlanOptions['addedTime'] {
  return (file: string): AddedTime => ({ time: (files.indexOf(file.replace(/\.py$/, '')) + 1) * 86_400_000, source: 'git' });
}

const plan = (revisions: RevisionFile[], options: PlanOptions) => planRenumber({ revisions, unreadable: [] }, options);

const changes = (result: ReturnType<typeof plan>) =>
  result?.rewrites.map((rewrite) => `${rewrite.file} -> ${rewrite.newFile} (${rewrite.downRevisions.join(',') || 'None'} -> ${rewrite.newDownRevisions.join(',') || 'None'})`);

describe('planRenumber', () => {
  const forked = history('001_a<', '002_b<001_a', '003_main<002_b', '004_main<003_main', '003_feature<002_b');

  it('moves the branch whose first file was added later after the other, renumbering it', () => {
    const result = plan(forked, { addedTime: addedInOrder('003_main', '003_feature', '004_main') });
    expect(result?.kind).toBe('fork');
    expect(result?.fork).toBe('002_b');
    expect(result?.kept?.revisions.map((revision) => revision.revision)).toEqual(['003_main', '004_main']);
    expect(changes(result)).toEqual(['003_feature.py -> 005_feature.py (002_b -> 004_main)']);
  });

  it('moves the other branch when --keep names a file of the later one', () => {
    const result = plan(forked, { keep: '003_feature.py', addedTime: addedInOrder('003_main', '003_feature', '004_main') });
    expect(changes(result)).toEqual(['003_main.py -> 004_main.py (002_b -> 003_feature)', '004_main.py -> 005_main.py (003_main -> 004_main)']);
  });

  it('chains three branches in the order they were added', () => {
    const three = [...forked, ...history('003_third<002_b')];
    const result = plan(three, { addedTime: addedInOrder('003_third', '003_main', '004_main', '003_feature') });
    expect(changes(result)).toEqual([
      '003_main.py -> 004_main.py (002_b -> 003_third)',
      '004_main.py -> 005_main.py (003_main -> 004_main)',
      '003_feature.py -> 006_feature.py (002_b -> 005_main)',
    ]);
  });

  it('keeps numbers that already follow, and only relinks hash-named files', () => {
    const result = plan(history('001_a<', '002_b<001_a', '003_c<001_a', 'ae12f9<003_c'), { addedTime: addedInOrder('002_b', '003_c', 'ae12f9') });
    expect(changes(result)).toEqual(['003_c.py -> 003_c.py (001_a -> 002_b)']);
  });

  it('renumbers a single chain from its first repeated number on', () => {
    const result = plan(history('001_a<', '002_b<001_a', '003_c<002_b', '002_d<003_c', '004_e<002_d'), { addedTime: addedInOrder() });
    expect(result?.kind).toBe('numbers');
    expect(changes(result)).toEqual(['002_d.py -> 004_d.py (003_c -> 003_c)', '004_e.py -> 005_e.py (002_d -> 004_d)']);
  });

  it('has nothing to do for one head with rising numbers', () => {
    expect(plan(history('001_a<', '002_b<001_a'), { addedTime: addedInOrder() })).toBeUndefined();
  });

  it('refuses branches that do not grow from one fork point', () => {
    const tangled = history('001_a<', '002_b<001_a', '003_c<001_a', '004_d<002_b,003_c', '005_e<004_d', '005_f<002_b');
    expect(() => plan(tangled, { addedTime: addedInOrder() })).toThrow(/do not each descend linearly from one fork point/);
  });

  it('refuses a broken history, naming the problem', () => {
    expect(() => plan(history('001_a<', '002_b<001_x', '002_c<001_a'), { addedTime: addedInOrder() })).toThrow(/002_b.py:2: down_revision "001_x" names no revision/);
  });

  it('refuses to move a revision the database has applied', () => {
    const options = { applied: new Set(['001_a', '002_b', '003_feature']), addedTime: addedInOrder('003_main', '003_feature', '004_main') };
    expect(() => plan(forked, options)).toThrow('refusing to move 003_feature (003_feature.py)');
    expect(() => plan(forked, { ...options, keep: 'nothing_here' })).toThrow('--keep nothing_here names no revision or file of the branches (heads: 004_main, 003_feature)');
  });
});

describe('renumberedId', () => {
  it('replaces the number and keeps the slug', () => {
    expect(renumberedId('147_add_fields', 149)).toBe('149_add_fields');
    expect(renumberedId('007_x', 12)).toBe('012_x');
  });

  it('stays within 32 characters, cutting at a word boundary', () => {
    expect(renumberedId('999_add_user_preferences_column', 1000)).toBe('1000_add_user_preferences_column');
    expect(renumberedId('999_add_user_preferences_columns', 1000)).toBe('1000_add_user_preferences');
  });
});

describe('planRenumber with Alembic named branches', () => {
  /** `history(...)` with branch_labels on the revisions named in `labels`. */
  const labelled = (labels: Record<string, string[]>, ...specs: string[]): RevisionFile[] =>
    history(...specs).map((revision) => (labels[revision.revision] ? { ...revision, branchLabels: labels[revision.revision] } : revision));

  it('leaves the heads of different labelled branches alone: they are meant to be', () => {
    const branches = labelled({ '002_expand': ['expand'], '002_contract': ['contract'] }, '001_base<', '002_expand<001_base', '003_expand<002_expand', '002_contract<001_base');
    expect(plan(branches, { addedTime: addedInOrder('002_expand', '002_contract', '003_expand') })).toBeUndefined();
  });

  /** expand and contract branches from 001_base; expand forked at 002_expand; then `contract` after 002_contract. */
  const expandForked = (...contract: string[]): RevisionFile[] =>
    labelled({ '002_expand': ['expand'], '002_contract': ['contract'] }, '001_base<', '002_expand<001_base', '003_left<002_expand', '003_right<002_expand', '002_contract<001_base', ...contract);

  it('joins two heads inside one labelled branch, and nothing of the other branch moves', () => {
    const branches = expandForked('004_contract<002_contract');
    const result = plan(branches, { addedTime: addedInOrder('003_left', '003_right') });
    expect(result?.fork).toBe('002_expand');
    expect(changes(result)).toEqual(['003_right.py -> 005_right.py (002_expand -> 003_left)']);
  });

  it('refuses when more than one branch is forked', () => {
    const branches = expandForked('004_a<002_contract', '004_b<002_contract');
    expect(() => plan(branches, { addedTime: addedInOrder() })).toThrow(/more than one branch has several heads \(branch expand: 003_left, 003_right; branch contract: 004_a, 004_b\)/);
  });

  it('renames a file of a recursive version location inside its own subdirectory', () => {
    const files = history('001_a<', '002_main<001_a', '002_side<001_a').map((revision) => (revision.revision === '002_side' ? { ...revision, file: '2026/002_side.py' } : revision));
    const result = plan(files, { addedTime: (file) => ({ time: file.startsWith('2026/') ? 2 : 1, source: 'git' }) });
    expect(changes(result)).toEqual(['2026/002_side.py -> 2026/003_side.py (001_a -> 002_main)']);
  });
});
