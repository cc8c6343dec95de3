import type { RevisionFile } from '../history/graph.js';
import { holdsSql, INDEX_CREATORS, SCRIPT_RUNNERS } from '../operations/raw-scan.js';
import { emptyModel, markPartial, type SchemaModel } from '../schema/model.js';
import { BUILT_IN_DEFAULTS, readSpec, type SpecDefaults } from '../spec-file/read-spec.js';
import { sqlParserIf } from '../sql/sql-parser.js';

/**
 * Revisions from base to head: each after every revision it names as its down_revision. Kahn's
 * algorithm, not recursion, so a chain of tens of thousands of revisions cannot overflow the
 * stack; revisions in a cycle (which check reports) come last, in file order.
 */
export function chainOrder(revisions: readonly RevisionFile[]): RevisionFile[] {
  const position = new Map<string, number>();
  revisions.forEach((revision, index) => position.set(revision.revision, index));
  const waiting = new Int32Array(revisions.length);
  const children: number[][] = [];
  revisions.forEach((revision, index) => {
    for (const parent of revision.downRevisions) {
      const at = position.get(parent);
      if (at === undefined) continue;
      waiting[index] = waiting[index]! + 1;
      (children[at] ??= []).push(index);
    }
  });
  const ready: number[] = [];
  waiting.forEach((count, index) => {
    if (count === 0) ready.push(index);
  });
  for (let next = 0; next < ready.length; next += 1) {
    for (const child of children[ready[next]!] ?? []) {
      const left = waiting[child]! - 1;
      waiting[child] = left;
      if (left === 0) ready.push(child);
    }
  }
  const ordered = ready.map((index) => revisions[index]!);
  if (ordered.length < revisions.length) {
    const placed = new Set(ordered);
    ordered.push(...revisions.filter((revision) => !placed.has(revision)));
  }
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
  /** Replays only the specs this accepts (by their JSON text); the others cannot touch what matters. */
  relevant: (specText: string) => boolean = () => true,
): Promise<HistoryModel> {
  const ordered = chainOrder(revisions);
  const specs = ordered.map((revision) => {
    if (revision.spec === undefined) return undefined;
    if (!relevant(revision.spec)) return null;
    try {
      return JSON.parse(revision.spec) as unknown;
    } catch {
      return undefined;
    }
  });
  // A history never knows every table: some may predate it, made outside Alembic.
  const model = emptyModel(false);
  const unknown: string[] = [];
  const parser = await sqlParserIf(specs.some(holdsSql), specs);
  ordered.forEach((revision, index) => {
    const spec = specs[index];
    if (spec === null) return;
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

/**
 * A filter for modelFromHistory: specs that mention one of the names as a whole JSON string (or
 * as the last part of a qualified one, "app.role"), or run hand-written SQL, are replayed.
 */
export function relevantTo(names: readonly string[], options: { readonly indexesByName?: boolean } = {}): (specText: string) => boolean {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = SCRIPT_RUNNERS.map((op) => `"op":${JSON.stringify(op)}`);
  // An index made under a derived name is not named in the spec that made it.
  if (options.indexesByName === true) alternatives.push(...INDEX_CREATORS.map((op) => `"op":${JSON.stringify(op)}`));
  const patterns = alternatives.map(escape);
  // A name as a whole JSON string, `"role"`, or as the end of a qualified one, `"app.role"`.
  if (names.length > 0) patterns.push(`[".](?:${names.map((name) => escape(JSON.stringify(name).slice(1))).join('|')})`);
  // One regular expression, so each spec's text is searched once whatever the number of names.
  const mentions = new RegExp(patterns.join('|'));
  return (specText) => mentions.test(specText);
}
