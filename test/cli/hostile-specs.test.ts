import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAlembicProject } from '../support/alembic-project.js';
import { BIN, runCli } from '../support/cli.js';

// Specs that are not what they seem: each refused with the field and the reason, exit 1 (or 2
// for a spec that cannot be read at all), nothing written, never a stack trace or a hang.

const enumSpec = (values: string): string => `message: add kinds\noperations:\n  - op: create_enum\n    name: kind\n    values: ${values}\n`;
const bomb = `message: x\nlol: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 6 }, (_, level) => `l${level}: &l${level} [${Array(10).fill(level === 0 ? '*a' : `*l${level - 1}`).join(', ')}]`).join('\n')}\noperations: []\n`;

const REFUSED: [string, string, string | Buffer, number, string][] = [
  ['duplicate JSON keys', 'spec.json', '{"message": "a", "message": "b", "operations": []}', 1, 'message: is given twice in one object (both on line 1)'],
  ['a .inf enum label', 'spec.yaml', enumSpec('[.inf, ok]'), 1, 'operations[0].values[0]: .inf reads as an infinite number; quote it (".inf")'],
  ['a .nan enum label', 'spec.yaml', enumSpec('[ok, .NaN]'), 1, 'operations[0].values[1]: .NaN reads as not-a-number'],
  ['a number that would lose how it was written', 'spec.yaml', enumSpec('["1.0", 1.50]'), 1, 'operations[0].values[1]: 1.50 reads as the number 1.5, not as written'],
  ['a boolean written in capitals', 'spec.yaml', enumSpec('[TRUE]'), 1, 'operations[0].values[0]: TRUE reads as true'],
  ['a YAML alias bomb', 'spec.yaml', bomb, 1, 'expands its aliases (*name) more than 100 times'],
  ['a circular YAML alias', 'spec.yaml', 'message: x\noperations: &ops [*ops]\n', 1, 'operations[0]: refers back to a value that contains it'],
  ['JSON 5,000 levels deep', 'spec.json', `{"message": "x", "operations": ${'['.repeat(5000)}${']'.repeat(5000)}}`, 1, 'is nested more than 64 levels deep'],
  ['YAML 5,000 levels deep', 'spec.yaml', `message: x\noperations: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 1, 'is nested more than 64 levels deep'],
  ['invalid UTF-8', 'spec.yaml', Buffer.concat([Buffer.from('message: caf'), Buffer.from([0xe9]), Buffer.from('\noperations: []\n')]), 1, 'is not valid UTF-8: byte 0xE9 on line 1'],
  ['a UTF-16 file', 'spec.json', Buffer.from('\ufeff{"message": "x"}', 'utf16le'), 1, 'it starts like UTF-16'],
  ['half a surrogate pair', 'spec.json', '{"message": "x", "operations": [{"op": "create_enum", "name": "k", "values": ["a\\ud800"]}]}', 1, 'operations[0].values[0]: holds \\ud800, half of a surrogate pair'],
  ['a JSON syntax error inside a field', 'spec.json', '{"message": "x", "operations": [{"op": "add_column", "table": "t", "column": {"name": "c" "type": "text"}}]}', 1, 'operations[0].column.name: is not valid JSON (line 1, column 91): expected "," or "}" after the field, found "\\""'],
  ['a YAML syntax error inside a field', 'spec.yaml', 'message: x\noperations:\n  - op: add_column\n    table: t\n    column: {name: c, type: text\n', 1, 'operations[0].column: is not valid YAML (line 6, column 1)'],
  ['a field named __proto__', 'spec.json', '{"message": "x", "__proto__": {"operations": []}, "operations": [{"op": "create_enum", "name": "k", "values": ["a"]}]}', 1, '__proto__: unknown field'],
  ['a spec bigger than a megabyte', 'spec.yaml', `message: x\n# ${'x'.repeat(1024 * 1024)}\noperations: []\n`, 2, 'at most 1048576 are read'],
];

describe('specs that are not what they seem', () => {
  it.each(REFUSED)('refuses %s, naming the field', (_name, file, content, exit, words) => {
    const project = createAlembicProject();
    writeFileSync(join(project.root, file), content);
    const result = runCli(['generate', '--spec', file], { cwd: project.root });
    expect(result.code, result.stderr).toBe(exit);
    expect(result.stderr).toContain(words);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(project.files()).toEqual([]);
  });

  it('reads a JSON spec that starts with a byte order mark', () => {
    const project = createAlembicProject();
    writeFileSync(join(project.root, 'spec.json'), '\ufeff{"message": "add kinds", "operations": [{"op": "create_enum", "name": "kind", "values": ["a"]}]}');
    expect(runCli(['generate', '--spec', 'spec.json'], { cwd: project.root }).code).toBe(0);
    expect(project.files()).toEqual(['001_add_kinds.py']);
  });

  it('refuses /dev/zero and a FIFO nobody writes to at once, and stops reading standard input at a megabyte', () => {
    const project = createAlembicProject();
    for (const spec of ['/dev/zero', join(project.root, 'fifo')]) {
      if (spec.endsWith('fifo')) spawnSync('mkfifo', [spec]);
      const result = runCli(['generate', '--spec', spec], { cwd: project.root });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/it is a (character device|FIFO \(named pipe\)), not a regular file; to pipe a spec, use --spec - and standard input/);
    }
    const piped = spawnSync('sh', ['-c', `head -c 4000000 /dev/urandom | ${process.execPath} ${BIN} generate --spec -`], { cwd: project.root, encoding: 'utf8' });
    expect(piped.status, piped.stderr).toBe(2);
    expect(piped.stderr).toContain('standard input as a spec: it holds more than 1048576 bytes');
    expect(project.files()).toEqual([]);
  });

  it('refuses a --dir that is a file, and a SOURCE_DATE_EPOCH past year 9999', () => {
    const project = createAlembicProject();
    writeFileSync(join(project.root, 'spec.yaml'), enumSpec('[a]'));
    writeFileSync(join(project.root, 'a-file'), '');
    const dir = runCli(['generate', '--spec', 'spec.yaml', '--dir', 'a-file'], { cwd: project.root });
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('a-file is not a directory');
    const epoch = runCli(['generate', '--spec', 'spec.yaml'], { cwd: project.root, env: { SOURCE_DATE_EPOCH: '99999999999999999' } });
    expect(epoch.code).toBe(2);
    expect(epoch.stderr).toContain('SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, at most 253402300799');
    expect(readdirSync(project.versions)).toEqual([]);
  });

  it("takes $& and $' in names literally in the names it derives", () => {
    const project = createAlembicProject();
    const spec = { message: 'odd names', operations: [{ op: 'create_table', table: "price$'tag", columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'code$&', type: 'text', unique: true }] }] };
    writeFileSync(join(project.root, 'spec.json'), JSON.stringify(spec));
    expect(runCli(['generate', '--spec', 'spec.json'], { cwd: project.root }).code).toBe(0);
    const text = readFileSync(join(project.versions, project.files()[0]!), 'utf8');
    expect(text).toContain(`"pk_price$'tag"`);
    expect(text).toContain(`"uq_price$'tag_code$&"`);
    expect(text).not.toContain('pk_price{table}');
  });
});
