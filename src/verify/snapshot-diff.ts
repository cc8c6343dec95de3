import { isDeepStrictEqual } from 'node:util';
import type { CatalogSnapshot } from './driver-protocol.js';

/** One way two catalog snapshots differ, named as a person would name the object. */
export interface Difference {
  /** extra: only in the actual snapshot; missing: only in the expected one; changed: in both, not equal. */
  readonly change: 'extra' | 'missing' | 'changed';
  /** "table", "column", "enum", "index", ... */
  readonly kind: string;
  /** Schema-qualified: "migration.users", "migration.users.email", "pk_users on migration.users". */
  readonly name: string;
  /** For a changed object: each field that differs, "type: text → character varying(20)". */
  readonly fields?: readonly string[];
}

type Entry = Record<string, unknown>;

interface Section {
  kind(entry: Entry): string;
  name(entry: Entry): string;
  /** The table (or view) the object belongs to: it is not listed when that table itself differs. */
  owner?(entry: Entry): string | undefined;
}

const RELATION_KINDS: Readonly<Record<string, string>> = {
  r: 'table',
  p: 'partitioned table',
  v: 'view',
  m: 'materialized view',
  S: 'sequence',
  f: 'foreign table',
};

const text = (value: unknown): string => String(value);

// The index's table is in its definition: "CREATE [UNIQUE] INDEX name ON [ONLY] schema.table USING ...".
const indexTable = (entry: Entry): string | undefined => / ON (?:ONLY )?(\S+) USING /.exec(text(entry.definition))?.[1];

const SECTIONS: Readonly<Record<string, Section>> = {
  schemas: { kind: () => 'schema', name: (entry) => text(entry) },
  relations: { kind: (entry) => RELATION_KINDS[text(entry.kind)] ?? 'relation', name: (entry) => text(entry.name) },
  columns: { kind: () => 'column', name: (entry) => `${text(entry.table)}.${text(entry.name)}`, owner: (entry) => text(entry.table) },
  constraints: { kind: () => 'constraint', name: (entry) => `${text(entry.name)} on ${text(entry.table)}`, owner: (entry) => text(entry.table) },
  indexes: { kind: () => 'index', name: (entry) => text(entry.name), owner: indexTable },
  enums: { kind: () => 'enum', name: (entry) => text(entry.name) },
  views: { kind: () => 'view definition', name: (entry) => text(entry.name), owner: (entry) => text(entry.name) },
  functions: { kind: (entry) => (entry.kind === 'p' ? 'procedure' : 'function'), name: (entry) => text(entry.name) },
  triggers: { kind: () => 'trigger', name: (entry) => `${text(entry.name)} on ${text(entry.table)}`, owner: (entry) => text(entry.table) },
  extensions: { kind: () => 'extension', name: (entry) => text(entry.name) },
};

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  const single = typeof value === 'string' ? value : JSON.stringify(value);
  return single.length > 120 ? `${single.slice(0, 117)}...` : single.replace(/\s+/g, ' ');
}

function fieldChanges(expected: unknown, actual: unknown): string[] {
  if (typeof expected !== 'object' || typeof actual !== 'object' || expected === null || actual === null) return [`${shown(expected)} → ${shown(actual)}`];
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  return keys
    .filter((key) => !isDeepStrictEqual((expected as Entry)[key], (actual as Entry)[key]))
    .map((key) => `${key}: ${shown((expected as Entry)[key])} → ${shown((actual as Entry)[key])}`);
}

function byName(entries: readonly unknown[], section: Section): Map<string, Entry> {
  return new Map(entries.map((entry) => [section.name(entry as Entry), entry as Entry]));
}

interface Found extends Difference {
  readonly section: string;
  readonly owner: string | undefined;
}

/**
 * Every difference between two snapshots, section by section. When a whole table (or view) is
 * extra or missing, its columns, constraints, indexes and triggers are not listed again.
 */
export function diffSnapshots(expected: CatalogSnapshot, actual: CatalogSnapshot): Difference[] {
  const found: Found[] = [];
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const before = (expected[key] ?? []) as unknown[];
    const after = (actual[key] ?? []) as unknown[];
    const section = SECTIONS[key];
    if (!section) {
      if (!isDeepStrictEqual(before, after)) found.push({ change: 'changed', kind: key, name: '(all)', fields: [`${shown(before)} → ${shown(after)}`], section: key, owner: undefined });
      continue;
    }
    const old = byName(before, section);
    const now = byName(after, section);
    const note = (change: Difference['change'], name: string, entry: Entry, fields?: string[]): void => {
      found.push({ change, kind: section.kind(entry), name, ...(fields && { fields }), section: key, owner: section.owner?.(entry) });
    };
    for (const [name, entry] of now) {
      const previous = old.get(name);
      if (previous === undefined) note('extra', name, entry);
      else if (!isDeepStrictEqual(previous, entry)) note('changed', name, entry, fieldChanges(previous, entry));
    }
    for (const [name, entry] of old) if (!now.has(name)) note('missing', name, entry);
  }
  const wholeRelations = new Set(found.filter((item) => item.section === 'relations' && item.change !== 'changed').map((item) => item.name));
  return found
    .filter((item) => item.section === 'relations' || item.owner === undefined || !wholeRelations.has(item.owner))
    .map(({ section: _section, owner: _owner, ...difference }) => difference);
}
