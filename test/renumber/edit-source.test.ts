import { describe, expect, it } from 'vitest';
import { loadPythonParser } from '../../src/check/python/python-parser.js';
import { editSource } from '../../src/renumber/edit-source.js';

const renamed = new Map([['147_add_fields', '149_add_fields'], ['146_base', '146_base']]);

describe('editSource', () => {
  it('renames the revision, relinks down_revision and rewrites the docstring lines, and nothing else', async () => {
    const source = [
      '"""add fields (see 147_add_fields in the notes)',
      '',
      'Revision ID: 147_add_fields',
      'Revises: 146_base',
      'Create Date: 2026-01-01 00:00:00',
      '"""',
      '',
      "revision: str = '147_add_fields'",
      'down_revision = "146_base"  # the previous one',
      '',
      'def upgrade() -> None:',
      '    op.execute("SELECT \'147_add_fields\'")',
      '',
    ].join('\n');
    const edited = editSource(source, { renamed, newDownRevision: '148_other' }, await loadPythonParser());
    expect(edited).toBe(
      source
        .replace('Revision ID: 147_add_fields', 'Revision ID: 149_add_fields')
        .replace('Revises: 146_base', 'Revises: 148_other')
        .replace("revision: str = '147_add_fields'", "revision: str = '149_add_fields'")
        .replace('down_revision = "146_base"', 'down_revision = "148_other"'),
    );
  });

  it('renames ids inside a merge tuple and depends_on, and writes a parent where there was None', async () => {
    const merge = 'revision = "150_merge"\ndown_revision = ("147_add_fields", "148_other")\ndepends_on = ["147_add_fields"]\n';
    expect(editSource(merge, { renamed }, await loadPythonParser())).toBe(
      'revision = "150_merge"\ndown_revision = ("149_add_fields", "148_other")\ndepends_on = ["149_add_fields"]\n',
    );
    const first = '"""x\n\nRevision ID: 001_a\nRevises:\n"""\nrevision = "001_a"\ndown_revision = None\n';
    expect(editSource(first, { renamed: new Map(), newDownRevision: '009_z' }, await loadPythonParser())).toBe(
      '"""x\n\nRevision ID: 001_a\nRevises: 009_z\n"""\nrevision = "001_a"\ndown_revision = "009_z"\n',
    );
  });
});
