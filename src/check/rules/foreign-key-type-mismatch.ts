import type { RevisionFile } from '../../history/graph.js';
import { referencingType, sameType } from '../../sql/pg-types.js';
import { modelFromHistory, relevantTo } from '../../known-schema/from-history.js';
import { namesReferenced } from '../../operations/raw-scan.js';
import { findTable, type SchemaModel } from '../../schema/model.js';
import type { Finding } from '../finding.js';
import { historyFinding, type HistoryRule } from './rule.js';

interface ForeignKeyAt {
  readonly key: string;
  readonly revision: RevisionFile;
}

/** Each foreign key of the model whose two sides the model knows and whose types differ. */
function mismatches(model: SchemaModel): { key: string; message: string }[] {
  const found: { key: string; message: string }[] = [];
  for (const [schema, contents] of model.schemas) {
    for (const table of contents.tables.values()) {
      for (const constraint of table.constraints) {
        const ref = constraint.references;
        if (constraint.kind !== 'foreign_key' || !ref) continue;
        const target = findTable(model, ref.schema, ref.table);
        constraint.columns.forEach((column, index) => {
          const own = table.columns.find((candidate) => candidate.name === column)?.type;
          const other = target?.columns.find((candidate) => candidate.name === ref.columns[index])?.type;
          if (!own || !other || sameType(own, other)) return;
          const [a, b] = [referencingType(own), referencingType(other)];
          found.push({
            key: `${schema}.${table.name}.${constraint.name}`,
            message: `foreign key ${constraint.name} joins ${schema}.${table.name}.${column} (${a.sql}) to ${ref.schema}.${ref.table}.${ref.columns[index]} (${b.sql})`,
          });
        });
      }
    }
  }
  return found;
}

/**
 * Foreign keys whose types differ, in the schema the history's specs build; each is reported at
 * the file that first made the mismatch (added the key, or changed a type under it).
 */
async function foreignKeyTypeFindings(rule: HistoryRule, revisions: readonly RevisionFile[]): Promise<Finding[]> {
  // Only the tables on either side of a foreign key matter: replay just the specs that mention them.
  const withKeys = revisions.flatMap((revision) => {
    if (!revision.spec?.includes('"references"')) return [];
    try {
      return [JSON.parse(revision.spec) as unknown];
    } catch {
      return []; // a damaged spec line is replayed as nothing, like a hand-written file
    }
  });
  if (withKeys.length === 0) return [];
  const relevant = relevantTo([...new Set(withKeys.flatMap(namesReferenced))]);
  const firstSeen = new Map<string, ForeignKeyAt & { message: string }>();
  const observe = (revision: RevisionFile, current: SchemaModel): void => {
    for (const mismatch of mismatches(current)) if (!firstSeen.has(mismatch.key)) firstSeen.set(mismatch.key, { ...mismatch, revision });
  };
  const { model } = await modelFromHistory(revisions, undefined, observe, relevant);
  // A mismatch a later migration fixed (or whose key it dropped) is not reported.
  const remaining = new Set(mismatches(model).map((mismatch) => mismatch.key));
  return [...firstSeen.values()].filter(({ key }) => remaining.has(key)).map(({ revision, message }) => historyFinding(rule, revision.file, revision.revisionLine, message));
}

export const foreignKeyTypeMismatch: HistoryRule = {
  scope: 'history',
  id: 'foreign-key-type-mismatch',
  severity: 'error',
  summary: 'a foreign key joins columns of different types (integer to uuid, varchar(36) to varchar(40)), which PostgreSQL refuses or compares by casting',
  fix: 'give the referencing column the referenced column\'s exact type (alter_column), or reference a column of the same type',
  example: 'add_foreign_key from flow_steps.flow_id (integer) to flows.id (uuid)',
  check(history) {
    return foreignKeyTypeFindings(this, history.revisions);
  },
};
