import { holding, testOperation } from '../support/operation-tester.js';

testOperation('drop_constraint', {
  valid: [
    {
      name: 'the downgrade re-adds it from its definition, guarded',
      operation: { op: 'drop_constraint', table: 'steps', name: 'ck_pos', definition: 'CHECK (position > 0)' },
      upgrade: ['ALTER TABLE IF EXISTS public.steps DROP CONSTRAINT IF EXISTS ck_pos'],
      downgrade: [holding("conrelid = to_regclass('public.steps')", "conname = 'ck_pos'", 'ADD CONSTRAINT ck_pos CHECK (position > 0);')],
      warnings: { '': 'drops constraint ck_pos of steps' },
    },
    {
      name: 'by name alone, known: its definition comes from the known schema',
      known: [{ op: 'create_table', table: 'steps', columns: [{ name: 'position', type: 'integer', check: 'position > 0' }] }],
      operation: { op: 'drop_constraint', table: 'steps', name: 'ck_steps_position' },
      upgrade: ['ALTER TABLE IF EXISTS public.steps\n    DROP CONSTRAINT IF EXISTS ck_steps_position'],
      downgrade: [holding("conname = 'ck_steps_position'", 'CHECK (position > 0);')],
      warnings: { '': 'drops constraint ck_steps_position of steps' },
    },
    {
      name: 'by name alone, unknown: the downgrade refuses, and a warning says so',
      operation: { op: 'drop_constraint', table: 'steps', name: 'ck_pos' },
      upgrade: ['ALTER TABLE IF EXISTS public.steps DROP CONSTRAINT IF EXISTS ck_pos'],
      downgrade: ['REFUSE: drop_constraint dropped ck_pos of steps without its definition in the spec, so it cannot be re-added'],
      warnings: { '': 'drops constraint ck_pos of steps; without its definition the downgrade cannot re-add it and will refuse to run' },
    },
  ],
  invalid: [
    {
      name: 'a definition that smuggles in another statement',
      operation: { op: 'drop_constraint', table: 'steps', name: 'ck_pos', definition: 'CHECK (position > 0); DROP TABLE t' },
      problems: { definition: 'must be one constraint definition such as "CHECK (price > 0)", "UNIQUE (email)" or "FOREIGN KEY (a) REFERENCES t (id)"' },
    },
    {
      // Rendered into the downgrade's guarded ADD CONSTRAINT, the comment would swallow the `;` and `END IF` after it.
      name: 'a definition ending in a -- comment',
      operation: { op: 'drop_constraint', table: 'steps', name: 'ck_pos', definition: 'CHECK (position > 0) -- must be positive' },
      problems: { definition: 'must not end in a -- comment, which would hide the SQL that follows it' },
    },
  ],
});
