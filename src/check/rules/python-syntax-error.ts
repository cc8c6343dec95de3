import { fileFinding, type FileRule } from './rule.js';

export const pythonSyntaxError: FileRule = {
  scope: 'file',
  id: 'python-syntax-error',
  severity: 'error',
  summary: 'the file is not valid Python 3, so Alembic cannot load it (and no command that reads the history works)',
  fix: 'correct the code at that line; `python3 -m py_compile FILE` shows the error',
  example: 'print "upgrading"',
  check(facts) {
    return facts.python.syntaxErrors.map((error) => fileFinding(this, error.line, error.strict ? `Python 3 refuses ${error.near}` : `Python syntax error near ${JSON.stringify(error.near)}`));
  },
};
