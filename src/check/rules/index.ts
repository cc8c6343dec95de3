import { concurrentlyOutsideAutocommit } from './concurrently-outside-autocommit.js';
import { constraintInColumnGuard } from './constraint-in-column-guard.js';
import { danglingDownRevision } from './dangling-down-revision.js';
import { duplicateNumber } from './duplicate-number.js';
import { duplicateRevision } from './duplicate-revision.js';
import { emptyDowngrade } from './empty-downgrade.js';
import { enumNotDropped } from './enum-not-dropped.js';
import { foreignKeyTypeMismatch } from './foreign-key-type-mismatch.js';
import { getBindInspection } from './get-bind-inspection.js';
import { historyCycle } from './history-cycle.js';
import { multipleHeads } from './multiple-heads.js';
import { nameRevisionMismatch } from './name-revision-mismatch.js';
import { pythonSyntaxError } from './python-syntax-error.js';
import { revisionTooLong } from './revision-too-long.js';
import type { FileRule, HistoryRule, Rule } from './rule.js';
import { unguardedOperation } from './unguarded-operation.js';
import { unguardedSql } from './unguarded-sql.js';
import { unparsableSql } from './unparsable-sql.js';
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
];

/** Rules about each file's code, from its Python syntax tree and the SQL it executes. */
export const FILE_RULES: readonly FileRule[] = [
  pythonSyntaxError,
  unguardedOperation,
  unguardedSql,
  constraintInColumnGuard,
  emptyDowngrade,
  enumNotDropped,
  concurrentlyOutsideAutocommit,
  getBindInspection,
  unparsableSql,
];

export const RULES: readonly Rule[] = [...HISTORY_RULES, ...FILE_RULES];
