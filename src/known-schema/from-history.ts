import type { RevisionFile } from '../history/graph.js';
import { BUILT_IN_DEFAULTS, readSpec, type SpecDefaults } from '../spec-file/read-spec.js';
import { sqlParserFor } from '../sql/sql-parser.js';
import { isBuiltinType } from '../sql/pg-types.js';
import { emptyModel, markPartial, type SchemaModel } from '../schema/model.js';

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
  const parser = await sqlParserFor(specs);
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

/** Operations whose `name` is unique in the whole schema; a constraint's name only is within its table, which is looked for anyway. */
const SCHEMA_WIDE_NAMES = new Set(['create_enum', 'create_index', 'drop_index']);

/**
 * The names a spec refers to that earlier migrations may have made: tables, enums and other
 * non-built-in types, and the names operations give or drop (indexes, constraints). A history
 * spec that mentions none of them cannot have changed what this spec depends on, so replaying
 * only the ones that do gives the same answers for a fraction of the work.
 */
export function namesReferenced(rawSpec: unknown): string[] {
  const names = new Set<string>();
  const add = (text: string, isType: boolean): void => {
    if (isType && isBuiltinType(text)) return;
    // "app.role[]" and "vector(3)" are looked for as "role" and "vector": a wider net only costs time.
    const name = text.replace(/\[.*$/, '').replace(/\(.*$/, '').split('.').pop()!.replaceAll('"', '').trim();
    if (name !== '') names.add(name);
  };
  const visit = (value: unknown, operationLevel: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, false);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (typeof item !== 'string') visit(item, false);
        else if (key === 'type' || key === 'from_type') add(item, true);
        else if (key === 'table' || key === 'enum' || (operationLevel && key === 'name' && SCHEMA_WIDE_NAMES.has(String((value as { op?: unknown }).op)))) add(item, false);
      }
    }
  };
  const operations = (rawSpec as { operations?: unknown } | null)?.operations;
  if (Array.isArray(operations)) for (const operation of operations) visit(operation, true);
  return [...names];
}

/**
 * A filter for modelFromHistory: specs that mention one of the names as a whole JSON string (or
 * as the last part of a qualified one, "app.role"), or run hand-written SQL, are replayed.
 */
export function relevantTo(names: readonly string[], options: { readonly indexesByName?: boolean } = {}): (specText: string) => boolean {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = ['"op":"execute"'];
  // An index made under a derived name is not named in the spec that made it.
  if (options.indexesByName === true) alternatives.push('"op":"create_index"');
  const patterns = alternatives.map(escape);
  // A name as a whole JSON string, `"role"`, or as the end of a qualified one, `"app.role"`.
  if (names.length > 0) patterns.push(`[".](?:${names.map((name) => escape(JSON.stringify(name).slice(1))).join('|')})`);
  // One regular expression, so each spec's text is searched once whatever the number of names.
  const mentions = new RegExp(patterns.join('|'));
  return (specText) => mentions.test(specText);
}

/** Whether a spec drops an index by name, which may have been derived when it was made. */
export function dropsIndexByName(rawSpec: unknown): boolean {
  const operations = (rawSpec as { operations?: unknown } | null)?.operations;
  return Array.isArray(operations) && operations.some((operation) => (operation as { op?: unknown } | null)?.op === 'drop_index');
}
