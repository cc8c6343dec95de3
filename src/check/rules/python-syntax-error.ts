import { fileFinding, type FileRule } from './rule.js';

export const pythonSyntaxError: FileRule = {
  scope: 'file',
  id: 'python-syntax-error',
  severity: 'error',
  summary: 'the file is not valid Python, so Alembic cannot load it (and no command that reads the history works)',
  fix: 'correct the code at that line; `python -m py_compile FILE` shows the error',
  check(facts) {
    return facts.python.syntaxErrors.map((error) => fileFinding(this, error.line, `Python syntax error near ${JSON.stringify(error.near)}`));
  },
};
