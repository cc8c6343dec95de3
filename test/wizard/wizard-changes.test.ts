import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createAlembicProject } from '../support/alembic-project.js';
import { runCli } from '../support/cli.js';
import { lintPython } from '../support/python-lint.js';
import { generatedFromSpec, menuTo, terminals } from './wizard-terminal.js';

const python = inject('python');

const terminal = terminals();

describe('the wizard holds a default to its column where it is typed', () => {
  it("refuses USER and a value that is no label of the history's enum, saying why; Escape after the refusal prints cleanly", async () => {
    const project = createAlembicProject();
    expect(runCli(['create-enum', 'account_role', 'ADMIN', 'USER'], { cwd: project.root }).code).toBe(0);
    // Wide enough that no refusal wraps.
    const term = terminal([], { cwd: project.root, width: 250 });
    await term.choose('What do you want to do?', menuTo('create_table'));
    await term.answer('Table name', 'accounts');
    await term.answer('Column name', 'role');
    await term.choose('Type', []); // the history's enum, named like the column
    await term.answer('Part of the primary key?', '');
    await term.answer('References', '');
    await term.answer('May it be NULL?', 'n');
    await term.answer("Default, an SQL expression such as 'ADMIN' (a label, quoted)", 'USER');
    await term.waitFor('USER to be refused', (screen) =>
      screen.includes(
        `>> USER is an SQL keyword: PostgreSQL reads it as the name of the role running the statement (type name), which a column of type account_role cannot hold; did you mean the label 'USER'?`,
      ),
    );
    term.keys('C-u');
    term.type("'GUEST'");
    term.keys('Enter');
    await term.waitFor('GUEST to be refused', (screen) => screen.includes(">> 'GUEST' is not a label of account_role; its labels are 'ADMIN', 'USER'"));
    term.keys('Escape');
    const { code, screen } = await term.exit();

    expect(code).toBe(130);
    const lines = screen.split('\n');
    const cancelled = lines.indexOf('Cancelled; nothing was written.');
    expect(cancelled, screen).toBeGreaterThan(0);
    // Right under the question: the refusal below it was cleared, not written over.
    expect(lines[cancelled - 1]).toBe("? Default, an SQL expression such as 'ADMIN' (a label, quoted) (empty for none) 'GUEST'");
    expect(screen).not.toContain('>>');
    expect(project.files()).toEqual(['001_create_enum_account_role.py']);
  });
});

describe('the wizard offers what the migration made, and its answers can be changed at the preview', () => {
  it('offers a table made earlier, then changes a default and removes an operation before writing what generate --spec writes', async () => {
    const project = createAlembicProject();
    const term = terminal([], { cwd: project.root });
    await term.choose('What do you want to do?', menuTo('create_enum'));
    await term.answer('Enum type name', 'mood');
    await term.answer('Values', 'HAPPY, SAD');
    await term.answer('Add another operation to this migration?', 'y');
    await term.choose('What else?', menuTo('create_table'));
    await term.answer('Table name', 'people');
    await term.answer('Column name', 'id');
    await term.choose('Type', []); // uuid
    await term.answer('Part of the primary key?', '');
    await term.answer('References', '');
    await term.answer('Default, an SQL expression such as gen_random_uuid()', 'gen_random_uuid()');
    await term.answer('Comment', '');
    await term.answer('Next column name (empty when done)', 'mood');
    await term.choose('Type', []); // the enum made above
    await term.answer('Part of the primary key?', '');
    await term.answer('References', '');
    await term.answer('May it be NULL?', '');
    await term.answer("Default, an SQL expression such as 'HAPPY' (a label, quoted)", "'HAPPY'");
    await term.answer('Unique?', '');
    await term.answer('Comment', '');
    await term.answer('Next column name (empty when done)', '');
    await term.answer('Table comment', '');
    await term.answer('Add another operation to this migration?', 'y');
    await term.choose('What else?', menuTo('create_index'));
    await term.waitFor('the table made above offered', (screen) => /❯ people\s*\n\s*another table\.\.\./.test(screen));
    await term.choose('Table', []);
    await term.answer('Columns', 'mood');
    await term.answer('Unique?', '');
    await term.choose('Index method', []);
    await term.answer('Only rows where', '');
    await term.answer('Build it CONCURRENTLY', '');
    await term.answer('Index name', '');
    await term.answer('Add another operation to this migration?', '');
    await term.answer('Message', ''); // the suggestion, which follows the changes below
    await term.choose('Write alembic/versions/001_create_people_and_index.py?', ['Down']);
    await term.choose('Change which operation?', ['Down']); // 2. create people
    // Every answer is shown to keep (Enter) or edit.
    await term.answer('Table name', '');
    await term.answer('Column name (empty to remove this column)', '');
    await term.choose('Type', []);
    await term.answer('Part of the primary key?', '');
    await term.answer('References', '');
    await term.answer('Default, an SQL expression', '');
    await term.answer('Comment', '');
    await term.answer('Column name (empty to remove this column)', '');
    await term.choose('Type', []);
    await term.answer('Part of the primary key?', '');
    await term.answer('References', '');
    await term.answer('May it be NULL?', '');
    await term.question('Default, an SQL expression');
    term.keys('C-u');
    term.type("'SAD'");
    term.keys('Enter');
    await term.answer('Unique?', '');
    await term.answer('Comment', '');
    await term.answer('Next column name (empty when done)', '');
    await term.answer('Table comment', '');
    await term.choose('Write alembic/versions/001_create_people_and_index.py?', ['Down', 'Down', 'Down']);
    await term.choose('Remove which operation?', ['Down', 'Down']); // 3. index people mood
    await term.answer('Write alembic/versions/001_create_people.py?', '');
    const { code, screen } = await term.exit();

    expect(code).toBe(0);
    for (const line of ['? Table name people', '? Column name (empty to remove this column) id', "? Default, an SQL expression such as 'HAPPY' (a label, quoted) (empty for none) 'SAD'"]) {
      expect(screen).toContain(line);
    }
    expect(screen).toContain('Wrote alembic/versions/001_create_people.py');
    expect(project.files()).toEqual(['001_create_people.py']);
    const written = readFileSync(join(project.versions, '001_create_people.py'), 'utf8');
    expect(written).toBe(
      generatedFromSpec(
        createAlembicProject(),
        `message: create people
operations:
  - {op: create_enum, name: mood, values: [HAPPY, SAD]}
  - op: create_table
    table: people
    columns:
      - {name: id, type: uuid, primary_key: true, server_default: gen_random_uuid()}
      - {name: mood, type: mood, server_default: "'SAD'"}
`,
      ),
    );
    expect(lintPython(python, [join(project.versions, '001_create_people.py')])).toEqual([]);
  });
});
