import { describe, expect, inject, it } from 'vitest';
import { readModuleAssignments } from '../../src/history/python-assignments.js';
import { pythonJson } from '../support/python-run.js';

const python = inject('python');

const MODULES: Record<string, string> = {
  alembic_template: `"""add x

Revision ID: abc123
Revises: def456
Create Date: 2024-01-01 00:00:00

"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = 'abc123'
down_revision: Union[str, None] = 'def456'
branch_labels: Union[str, Sequence[str], None] = None
`,
  first: 'revision = "001_init"\ndown_revision = None\n',
  merge_tuple: 'revision = "merge1"\ndown_revision = ("a1", "b2")\n',
  merge_multiline: 'revision = "m2"\ndown_revision = (\n    "a1",  # first\n    "b2",\n)\n',
  list_and_single_tuple: 'revision = "x"\ndown_revision = ["only"]\n',
  parenthesized_string: 'revision = ("pstr")\ndown_revision = ("p0")\n',
  decoys_in_strings: `"""Docstring that mentions
revision = "fake"
down_revision = "fake"
"""
text = '''
revision = "also fake"
'''
def upgrade():
    revision = "local"
revision = "real"  # trailing comment
down_revision = 'r0'
`,
  decoy_in_bracket: 'config = {\nrevision: 1,\n}\nrevision = "r"\ndown_revision = None\n',
  prefixed_strings: "revision = r'raw1'\ndown_revision = u'uni0'\n",
  comparisons_are_not_assignments: 'revision == "x"\nrevision = "y"\ndown_revision = None\n',
  escapes_and_continuations: String.raw`note = "a \" quote # not a comment\
revision = \"still the string"
other = r'raw \' still raw'
"""a docstring with \""" inside
revision = "fake"
"""
total = 1 + \
    2
path = "ends with a backslash \\"
revision = "real2"
down_revision = 'r1'
`,
};

const ORACLE = `
import ast, json, sys
out = {}
for name, source in json.load(sys.stdin).items():
    found = {}
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for target in targets:
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                value = ast.literal_eval(node.value)
                found[target.id] = {"value": list(value) if isinstance(value, (tuple, list)) else value, "line": node.lineno}
    out[name] = found
print(json.dumps(out))
`;

describe('readModuleAssignments', () => {
  it('reads what Python itself reads as the module-level revision and down_revision', () => {
    const expected = pythonJson<Record<string, Record<string, { value: unknown; line: number }>>>(python, ORACLE, MODULES);
    for (const [name, source] of Object.entries(MODULES)) {
      const found = readModuleAssignments(source);
      expect(found.problem, name).toBeUndefined();
      const ours = {
        ...(found.revision && { revision: { value: found.revision.value, line: found.revision.line } }),
        ...(found.downRevision && { down_revision: { value: found.downRevision.value, line: found.downRevision.line } }),
      };
      expect(ours, name).toEqual(expected[name]);
    }
  });

  it('reports a revision that is not a literal', () => {
    expect(readModuleAssignments('revision = make_id()\n').problem).toEqual({ line: 1, message: 'revision must be a string literal, None, or a tuple of strings' });
  });
});
