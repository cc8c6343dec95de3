import type { SpecProblem } from '../errors.js';
import type { RevisionFile } from '../history/graph.js';
import { findsIndexByName, namesReferenced } from '../operations/raw-scan.js';
import { findDrift } from '../schema/drift.js';
import { modelFromDatabase } from '../schema/from-database.js';
import type { SchemaKnowledge, SpecDefaults } from '../spec-file/read-spec.js';
import { modelFromHistory, relevantTo } from './from-history.js';

/**
 * What a new spec is checked against: the live database when its URL is given (the history's
 * specs are then compared with it, and each difference is a warning), else the schema the
 * history's specs build.
 */
export async function schemaKnowledge(
  revisions: readonly RevisionFile[],
  options: { readonly databaseUrl?: string; readonly defaults: SpecDefaults; readonly strict?: boolean; readonly rawSpec?: unknown },
): Promise<{ knowledge: SchemaKnowledge; warnings: SpecProblem[] }> {
  // Only the history's specs that mention what the new spec refers to are replayed (and compared).
  const relevant = options.rawSpec === undefined ? undefined : relevantTo(namesReferenced(options.rawSpec), { indexesByName: findsIndexByName(options.rawSpec) });
  const history = await modelFromHistory(revisions, options.defaults, undefined, relevant);
  if (options.databaseUrl === undefined) {
    return { knowledge: { model: history.model, source: "the history's specs", strict: options.strict ?? true }, warnings: [] };
  }
  const database = await modelFromDatabase(options.databaseUrl);
  // An object that a spec left out of the replay mentions may have changed since: only the others are compared.
  const skipped = relevant === undefined ? [] : revisions.flatMap((revision) => (revision.spec !== undefined && !relevant(revision.spec) ? [revision.spec] : []));
  const followed = (name: string): boolean => !skipped.some(relevantTo([name]));
  const drift = revisions.some((revision) => revision.spec !== undefined) ? findDrift(history.model, database, followed) : [];
  return {
    knowledge: { model: database, source: 'the database', strict: options.strict ?? true },
    warnings: drift.map((message) => ({ path: 'drift', message: `${message}; the database wins` })),
  };
}
