import { describe, expect, inject, it } from 'vitest';
import { readModuleAssignments } from '../../src/history/python-assignments.js';
import { normalizeNewlines } from '../../src/history/python-source-text.js';
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
  comparisons_are_not_assignments: 'revision = "y"\ndown_revision = None\nif __name__ == "x":\n    pass\n',
  keyword_arguments_and_attributes: 'revision = "y"\ndown_revision = None\nconfig = dict(revision=1, down_revision=2)\ncontext.revision = 3\n',
  locals_of_functions_and_classes: 'revision = "y"\ndown_revision = None\n\n\ndef f(revision=None):\n    revision = "z"\n    for down_revision in []:\n        pass\n\n\nclass C:\n    revision = "w"\n',
  exact_escapes: String.raw`revision = "\x41\101\u00e9\U0001F600\t\d"  # an unknown escape keeps its backslash
down_revision = ('a' "b"
    r'\x41' u"c")
`,
  crlf_and_bom: '\ufeffrevision = "crlf"\r\ndown_revision = """a\r\nb"""\r\n',
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
    # Python reads source with universal newlines and drops a leading byte order mark.
    source = source.lstrip("\\ufeff").replace("\\r\\n", "\\n").replace("\\r", "\\n")
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
      const found = readModuleAssignments(normalizeNewlines(source));
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

  // Each of these makes Python end with a value the literal alone does not give, or one
  // create-migration cannot compute without Python: refused, naming the line, never guessed.
  const REFUSED: Record<string, [string, number, string]> = {
    augmented: ['revision = "a"\nrevision += "x"\ndown_revision = None\n', 2, 'appears again at module level'],
    reassigned: ['revision = "a"\ndown_revision = None\nrevision = "b"\n', 3, 'assigned again (first on line 1)'],
    compared_before_assignment: ['revision == "x"\nrevision = "y"\ndown_revision = None\n', 1, 'appears again at module level'],
    f_string: ['revision = f"a{1}"\ndown_revision = None\n', 1, 'f-string'],
    named_escape: ['revision = "\\N{LATIN SMALL LETTER A}"\ndown_revision = None\n', 1, '\\N{...}'],
    bytes: ['revision = b"a"\ndown_revision = None\n', 1, 'bytes literal'],
    in_an_if_block: ['revision = "a"\ndown_revision = None\nif True:\n    revision = "b"\n', 4, 'appears again at module level'],
    for_target: ['revision = "a"\ndown_revision = None\nfor revision in ["b"]:\n    pass\n', 3, 'appears again'],
    tuple_target: ['revision = "a"\ndown_revision = None\nx, revision = 1, "b"\n', 3, 'appears again'],
    parenthesized_target: ['revision = "a"\ndown_revision = None\n(revision) = "b"\n', 3, 'appears again'],
    walrus: ['revision = "a"\ndown_revision = None\nprint((revision := "b"))\n', 3, 'appears again'],
    import_as: ['revision = "a"\ndown_revision = None\nimport os as revision\n', 3, 'appears again'],
    global_in_function: ['revision = "a"\ndown_revision = None\n\n\ndef f():\n    global revision\n    revision = "b"\n\n\nf()\n', 6, 'global'],
    globals_call: ['revision = "a"\ndown_revision = None\nglobals()["revision"] = "b"\n', 3, 'globals'],
    exec_call: ['revision = "a"\ndown_revision = None\nexec("revision = 1")\n', 3, 'exec'],
    sys_modules: ['import sys\nrevision = "a"\ndown_revision = None\nsys.modules[__name__].__dict__["revision"] = "b"\n', 4, 'modules'],
    star_import: ['from somewhere import *\nrevision = "a"\ndown_revision = None\n', 1, 'import *'],
    fullwidth_name: ['revision = "a"\ndown_revision = None\nｒevision = "b"\n', 3, 'appears again'],
  };

  it.each(Object.entries(REFUSED))('refuses %s, naming the line', (_name, [source, line, words]) => {
    const found = readModuleAssignments(source);
    expect(found.problem?.line).toBe(line);
    expect(found.problem?.message).toContain(words);
  });
});
