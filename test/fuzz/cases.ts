import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { hostileText, identifier, label, quoted, storableText } from './hostile-values.js';

// Random specs (valid ones with hostile values, and broken structure), random histories (plain,
// escaped, hostile, unreadable) and random filesystem states, as one case for one run of the bin.

const type = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('text', 'integer', 'bigint', 'varchar(20)', 'jsonb', 'boolean', 'uuid', 'numeric(10,2)', 'text[]') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('strng', 'varchar(', 'int; drop'), hostileText) });
const serverDefault = fc.oneof(storableText.map(quoted), fc.constantFrom('0', 'now()', "'{}'::jsonb", 'true', "'a:b'", "' :x'"), hostileText);
const column = fc.record(
  { name: identifier, type, nullable: fc.boolean(), server_default: serverDefault, comment: storableText, unique: fc.boolean() },
  { requiredKeys: ['name', 'type'] },
);
const sql = fc.oneof(
  fc.tuple(identifier, storableText).map(([table, text]) => `COMMENT ON TABLE ${table} IS ${quoted(text)}`),
  storableText.map((text) => `SELECT ${quoted(text)}`),
  fc.constantFrom('UPDATE t SET a = :a', 'SELECT 1; SELECT 2', "SELECT '\\:x', $$ :y $$", 'VACUUM t', 'CREATE TABLE t (a int)', 'BEGIN'),
  hostileText,
);

const operation = fc.oneof(
  fc.record({ op: fc.constant('create_table'), table: identifier, columns: fc.array(column, { minLength: 1, maxLength: 3 }), comment: storableText }, { requiredKeys: ['op', 'table', 'columns'] }),
  fc.record({ op: fc.constant('add_column'), table: identifier, column }),
  fc.record({ op: fc.constant('create_enum'), name: identifier, values: fc.array(label, { minLength: 1, maxLength: 3 }) }),
  fc.record({ op: fc.constant('add_enum_value'), enum: identifier, value: label }),
  fc.record({ op: fc.constant('execute'), upgrade: sql, downgrade: sql }),
  fc.record({ op: fc.constant('execute'), upgrade: sql, irreversible: fc.constant(true) }),
  fc.record({ op: fc.constant('create_index'), table: identifier, columns: fc.array(identifier, { minLength: 1, maxLength: 2 }) }),
  fc.record({ op: fc.constant('add_check'), table: identifier, expression: fc.oneof(fc.constant('a > 0'), storableText.map((text) => `a <> ${quoted(text)}`), hostileText) }),
  fc.record({ op: fc.constant('rename_column'), table: identifier, from: identifier, to: identifier }),
  fc.record({ op: fc.constant('drop_column'), table: identifier, column }),
);

/** A JSON value of any shape, to break structure wherever it lands. */
const junk = fc.jsonValue({ maxDepth: 3 });

const spec = fc.record(
  { message: fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z ]{0,20}$/) }, { weight: 1, arbitrary: hostileText }), schema: fc.oneof(fc.constant('public'), identifier), operations: fc.array(operation, { minLength: 1, maxLength: 3 }) },
  { requiredKeys: ['message', 'operations'] },
);

const brokenSpec = fc.oneof(
  junk,
  fc.tuple(spec, fc.string({ maxLength: 8 }), junk).map(([valid, key, value]) => ({ ...valid, [key]: value })),
  fc.tuple(spec, junk).map(([valid, value]) => ({ ...valid, operations: [...valid.operations, value] })),
);

/** How the spec reaches the bin: JSON, YAML, or bytes that are neither. */
const encoding = fc.constantFrom('json', 'yaml', 'json-bom', 'json-duplicate', 'truncated', 'latin1', 'deep');

export interface SpecCase {
  readonly name: string;
  readonly bytes: Buffer;
}

function encode(value: unknown, how: string): SpecCase {
  switch (how) {
    case 'yaml':
      return { name: 'spec.yaml', bytes: Buffer.from(toYaml(value)) };
    case 'json-bom':
      return { name: 'spec.json', bytes: Buffer.from(`\ufeff${JSON.stringify(value)}`) };
    case 'json-duplicate':
      return { name: 'spec.json', bytes: Buffer.from(JSON.stringify(value).replace(/^\{/, '{"message": "first",')) };
    case 'truncated': {
      const text = JSON.stringify(value, null, 1);
      return { name: 'spec.json', bytes: Buffer.from(text.slice(0, Math.floor(text.length / 2))) };
    }
    case 'latin1':
      return { name: 'spec.yaml', bytes: Buffer.from(toYaml(value), 'latin1') };
    case 'deep':
      return { name: 'spec.json', bytes: Buffer.from(`{"message": "x", "operations": ${'['.repeat(3000)}${']'.repeat(3000)}}`) };
    default:
      return { name: 'spec.json', bytes: Buffer.from(JSON.stringify(value)) };
  }
}

export const specCase: fc.Arbitrary<SpecCase> = fc.oneof({ weight: 5, arbitrary: spec.map((value) => encode(value, 'json')) }, { weight: 3, arbitrary: fc.tuple(fc.oneof(spec, brokenSpec), encoding).map(([value, how]) => encode(value, how)) });

/** One history file's text (or its bytes), by the way its revision is written. */
const historyKinds = ['plain', 'annotated', 'escaped', 'concatenated', 'crlf', 'bom', 'hostile-id', 'augmented', 'f-string', 'latin1', 'reassigned', 'named-escape', 'tuple-merge'] as const;
export type HistoryKind = (typeof historyKinds)[number];

export function historyFile(kind: HistoryKind, revision: string, down: string | null): Buffer {
  const downLiteral = down === null ? 'None' : `"${down}"`;
  const body = '\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n';
  switch (kind) {
    case 'annotated':
      return Buffer.from(`"""x\n\nRevision ID: ${revision}\n"""\nfrom typing import Union\n\nrevision: str = '${revision}'\ndown_revision: Union[str, None] = ${downLiteral}\n${body}`);
    case 'escaped':
      return Buffer.from(`revision = "${revision.replace(/^(\d)/, (digit) => `\\x3${digit}`)}"\ndown_revision = ${downLiteral}\n${body}`);
    case 'concatenated':
      return Buffer.from(`revision = ("${revision.slice(0, 2)}"\n    "${revision.slice(2)}")\ndown_revision = ${downLiteral}\n${body}`);
    case 'crlf':
      return Buffer.from(`revision = "${revision}"\ndown_revision = ${downLiteral}\n${body}`.replaceAll('\n', '\r\n'));
    case 'bom':
      return Buffer.from(`\ufeffrevision = "${revision}"\ndown_revision = ${downLiteral}\n${body}`);
    case 'hostile-id':
      return Buffer.from(`revision = '${revision}"""\\nimport os\\n"""'\ndown_revision = ${downLiteral}\n${body}`);
    case 'augmented':
      return Buffer.from(`revision = "${revision}"\nrevision += "x"\ndown_revision = ${downLiteral}\n${body}`);
    case 'f-string':
      return Buffer.from(`revision = f"${revision}"\ndown_revision = ${downLiteral}\n${body}`);
    case 'latin1':
      return Buffer.from(`# -*- coding: latin-1 -*-\nrevision = "${revision}"\ndown_revision = ${downLiteral}\nnote = "caf\u00e9"\n${body}`, 'latin1');
    case 'reassigned':
      return Buffer.from(`revision = "${revision}"\ndown_revision = ${downLiteral}\nrevision = "${revision}_b"\n${body}`);
    case 'named-escape':
      return Buffer.from(`revision = "${revision}\\N{LATIN SMALL LETTER A}"\ndown_revision = ${downLiteral}\n${body}`);
    case 'tuple-merge':
      return Buffer.from(`revision = "${revision}"\ndown_revision = (${downLiteral},)\n${body}`);
    default:
      return Buffer.from(`revision = "${revision}"\ndown_revision = ${downLiteral}\n${body}`);
  }
}

export const historyCase = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant<HistoryKind>('plain') }, { weight: 3, arbitrary: fc.constantFrom(...historyKinds) }), { maxLength: 3 });

/** Things in the versions directory besides migrations. */
export const fsKinds = ['none', 'directory-py', 'dangling-link', 'link-loop', 'fifo', 'dead-lock', 'dead-temp', 'spec-is-directory', 'dir-is-file'] as const;
export type FsKind = (typeof fsKinds)[number];
export const fsCase = fc.oneof({ weight: 6, arbitrary: fc.constant<FsKind>('none') }, { weight: 2, arbitrary: fc.constantFrom(...fsKinds) });

export const fuzzCase = fc.record({ spec: specCase, history: historyCase, fs: fsCase, dryRun: fc.boolean() });
export type FuzzCase = typeof fuzzCase extends fc.Arbitrary<infer T> ? T : never;
