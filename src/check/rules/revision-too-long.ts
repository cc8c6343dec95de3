import { MAX_REVISION_LENGTH } from '../../history/numbering.js';
import { historyFinding, type HistoryRule } from './rule.js';

export const revisionTooLong: HistoryRule = {
  scope: 'history',
  id: 'revision-too-long',
  severity: 'error',
  summary: `a revision id longer than ${MAX_REVISION_LENGTH} characters does not fit alembic_version.version_num (VARCHAR(${MAX_REVISION_LENGTH})), so the upgrade fails when Alembic records it`,
  fix: `shorten the revision id (and the file name) to at most ${MAX_REVISION_LENGTH} characters, and every down_revision that names it`,
  example: 'revision = "003_add_a_rather_long_description_here"',
  check(history) {
    return history.revisions
      .filter((revision) => revision.revision.length > MAX_REVISION_LENGTH)
      .map((revision) =>
        historyFinding(this, revision.file, revision.revisionLine, `revision "${revision.revision}" is ${revision.revision.length} characters long; alembic_version holds ${MAX_REVISION_LENGTH}`),
      );
  },
};
