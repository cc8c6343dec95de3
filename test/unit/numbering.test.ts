import { describe, expect, it } from 'vitest';
import { migrationNumber, type RevisionFile } from '../../src/history/graph.js';
import { MAX_REVISION_LENGTH, nextNumber, revisionId, slugWords } from '../../src/history/numbering.js';

const file = (name: string, revision: string): RevisionFile => ({ file: name, revision, downRevisions: [], revisionLine: 1, downRevisionLine: 1 });

describe('numbering', () => {
  it('counts only files whose name and revision id start with the same number', () => {
    expect(migrationNumber(file('092_add_x.py', '092_add_x'))).toBe(92);
    expect(migrationNumber(file('228e0eae6242_add_x.py', '228e0eae6242'))).toBeUndefined();
    expect(migrationNumber(file('123456789012_add_x.py', '123456789012'))).toBeUndefined();
    expect(migrationNumber(file('123456789012_add_x.py', '123456789012_add_x'))).toBe(123456789012);
    expect(migrationNumber(file('2024_01_05_1200-abc123_slug.py', 'abc123'))).toBeUndefined();
  });

  it('continues after the highest number, 1000 after 999, 1 after hash-named history', () => {
    expect(nextNumber([])).toBe(1);
    expect(nextNumber([file('a1b2c3d4e5f6_x.py', 'a1b2c3d4e5f6')])).toBe(1);
    expect(nextNumber([file('999_last.py', '999_last'), file('010_x.py', '010_x')])).toBe(1000);
  });

  it('makes revision ids of at most 32 characters, cut at a word boundary', () => {
    expect(revisionId(92, 'Add user preferences')).toBe('092_add_user_preferences');
    expect(revisionId(1000, 'x')).toBe('1000_x');
    const long = revisionId(7, 'add the preferences column to the users table for the new UI');
    expect(long).toBe('007_add_the_preferences_column');
    expect(long.length).toBeLessThanOrEqual(MAX_REVISION_LENGTH);
    expect(revisionId(7, 'supercalifragilisticexpialidocious_and_more_words')).toHaveLength(MAX_REVISION_LENGTH);
    expect(revisionId(7, '!!!')).toBe('007_migration');
  });

  it('cuts a long message between its words, never inside a name, and drops the stop words the cut leaves at the end', () => {
    // The whole message is 38 characters: "to" would be the slug's last word.
    expect(revisionId(3, 'add last_login_at to user_accounts')).toBe('003_add_last_login_at');
    expect(revisionId(3, 'add preferences and the theme to users')).toBe('003_add_preferences');
    expect(revisionId(3, 'add preferences to service_accounts_archive')).toBe('003_add_preferences');
    expect(revisionId(3, 'add index on the users table for the search page')).toBe('003_add_index_on_the_users_table');
    expect(revisionId(3, 'drop constraint and then the index of accounts')).toBe('003_drop_constraint_and_then');
    // A message that is not cut keeps its words, the last one too.
    expect(revisionId(3, 'add index to')).toBe('003_add_index_to');
    // A name too long alone is cut after one of its parts.
    expect(revisionId(3, 'backfill_subscription_renewal_dates_for_trials')).toBe('003_backfill_subscription');
  });

  it('folds accents and punctuation into ASCII words', () => {
    expect(slugWords('Ajouter préférences (v2)!')).toEqual(['ajouter', 'preferences', 'v2']);
    expect(slugWords('Add last_login_at to Users.email')).toEqual(['add', 'last_login_at', 'to', 'users_email']);
  });
});
