import type { RevisionFile } from '../history/graph.js';
import { BUILT_IN_DEFAULTS, readSpec, type SpecDefaults } from '../spec/read-spec.js';
import { sqlParserFor } from '../sql/sql-parser.js';
import { emptyModel, markPartial, type SchemaModel } from './model.js';

/** Revisions from base to head: each after every revision it names as its down_revision. */
export function chainOrder(revisions: readonly RevisionFile[]): RevisionFile[] {
  const byId = new Map(revisions.map((revision) => [revision.revision, revision]));
  const ordered: RevisionFile[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (revision: RevisionFile): void => {
    if (state.get(revision.revision)) return;
    state.set(revision.revision, 'visiting');
    for (const parent of revision.downRevisions) {
      const found = byId.get(parent);
      if (found && state.get(parent) !== 'visiting') visit(found);
    }
    state.set(revision.revision, 'done');
    ordered.push(revision);
  };
  for (const revision of revisions) visit(revision);
  return ordered;
}

export interface HistoryModel {
  readonly model: SchemaModel;
  /** Files whose schema changes could not be followed: written by hand, or with a spec this version cannot read. */
  readonly unknown: readonly string[];
}

/**
 * The schema the history builds, replayed from the specs its generated files carry, in chain
 * order. The model is complete only when every file carries a spec that replays.
 */
export async function modelFromHistory(
  revisions: readonly RevisionFile[],
  defaults: SpecDefaults = BUILT_IN_DEFAULTS,
  /** Called after each revision is applied, in chain order: for reports that name the file responsible. */
  observe?: (revision: RevisionFile, model: SchemaModel) => void,
): Promise<HistoryModel> {
  const ordered = chainOrder(revisions);
  const specs = ordered.map((revision) => {
    if (revision.spec === undefined) return undefined;
    try {
      return JSON.parse(revision.spec) as unknown;
    } catch {
      return undefined;
    }
  });
  // A history never knows every table: some may predate it, made outside Alembic.
  const model = emptyModel(false);
  const unknown: string[] = [];
  const parser = await sqlParserFor(specs);
  ordered.forEach((revision, index) => {
    const spec = specs[index];
    if (spec === undefined) {
      unknown.push(revision.file);
      markPartial(model);
      return;
    }
    try {
      readSpec(spec, parser, defaults, { model, source: "the history's specs", strict: false });
    } catch {
      unknown.push(revision.file);
      markPartial(model);
    }
    observe?.(revision, model);
  });
  return { model, unknown };
}
