// The registry of check's rules: each rule is one module declaring itself (id, scope, severity,
// summary, fix, example) and is listed here once. check --help, the README's rule table
// (scripts/readme-rules.mjs) and the fixture test (every rule has a good and a bad fixture)
// all read these lists.
import { addingFieldWithDefault } from './adding-field-with-default.js';
import { addingForeignKeyConstraint } from './adding-foreign-key-constraint.js';
import { addingNotNullableField } from './adding-not-nullable-field.js';
import { addingRequiredField } from './adding-required-field.js';
import { banDropDatabase } from './ban-drop-database.js';
import { banTruncateCascade } from './ban-truncate-cascade.js';
import { changingColumnType } from './changing-column-type.js';
import { concurrentlyOutsideAutocommit } from './concurrently-outside-autocommit.js';
import { constraintInColumnGuard } from './constraint-in-column-guard.js';
import { constraintMissingNotValid } from './constraint-missing-not-valid.js';
import { danglingDownRevision } from './dangling-down-revision.js';
import { disallowedUniqueConstraint } from './disallowed-unique-constraint.js';
import { duplicateNumber } from './duplicate-number.js';
import { duplicateRevision } from './duplicate-revision.js';
import { emptyDowngrade } from './empty-downgrade.js';
import { enumNotDropped } from './enum-not-dropped.js';
import { foreignKeyTypeMismatch } from './foreign-key-type-mismatch.js';
import { getBindInspection } from './get-bind-inspection.js';
import { historyCycle } from './history-cycle.js';
import { interpolatedSql } from './interpolated-sql.js';
import { multipleHeads } from './multiple-heads.js';
import { nameRevisionMismatch } from './name-revision-mismatch.js';
import { notUnderstood } from './not-understood.js';
import { pythonSyntaxError } from './python-syntax-error.js';
import { renamingTableOrColumn } from './renaming-table-or-column.js';
import { requireConcurrentIndexCreation } from './require-concurrent-index-creation.js';
import { requireConcurrentIndexDeletion } from './require-concurrent-index-deletion.js';
import { requireLockTimeout } from './require-lock-timeout.js';
import { revisionTooLong } from './revision-too-long.js';
import type { FileRule, HistoryRule, Rule } from './rule.js';
import { transactionControl } from './transaction-control.js';
import { unguardedOperation } from './unguarded-operation.js';
import { unguardedSql } from './unguarded-sql.js';
import { unparsableSql } from './unparsable-sql.js';
import { unreadSubdirectory } from './unread-subdirectory.js';
import { unreadableFile } from './unreadable-file.js';
import { unreadableRevision } from './unreadable-revision.js';

/** Rules about the history as a whole (its links, its file names, the schema its specs build), read without parsing any Python. */
export const HISTORY_RULES: readonly HistoryRule[] = [
  multipleHeads,
  danglingDownRevision,
  duplicateRevision,
  duplicateNumber,
  revisionTooLong,
  nameRevisionMismatch,
  unreadableRevision,
  historyCycle,
  foreignKeyTypeMismatch,
  unreadableFile,
  unreadSubdirectory,
];

/** Rules about each file's code, from its Python syntax tree and the SQL it executes: first whether it runs again, then locks. */
export const FILE_RULES: readonly FileRule[] = [
  pythonSyntaxError,
  unguardedOperation,
  unguardedSql,
  transactionControl,
  constraintInColumnGuard,
  emptyDowngrade,
  enumNotDropped,
  concurrentlyOutsideAutocommit,
  getBindInspection,
  unparsableSql,
  interpolatedSql,
  notUnderstood,
  requireConcurrentIndexCreation,
  requireConcurrentIndexDeletion,
  constraintMissingNotValid,
  addingForeignKeyConstraint,
  disallowedUniqueConstraint,
  addingNotNullableField,
  addingRequiredField,
  changingColumnType,
  addingFieldWithDefault,
  renamingTableOrColumn,
  requireLockTimeout,
  banDropDatabase,
  banTruncateCascade,
];

export const RULES: readonly Rule[] = [...HISTORY_RULES, ...FILE_RULES];
