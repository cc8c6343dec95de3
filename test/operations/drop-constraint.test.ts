import { autocommit, holding, testOperation } from '../support/operation-tester.js';

testOperation('drop_constraint', {
  valid: [
    {
      name: 'the downgrade re-adds it from its definition, guarded, NOT VALID then validated',
      operation: { op: 'drop_constraint', table: 'steps', name: 'ck_pos', definition: 'CHECK (position > 0)' },
      upgrade: ['ALTER TABLE IF EXISTS public.steps DROP CONSTRAINT IF EXISTS ck_pos'],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.steps'", "'ck_pos'", "'CHECK (position > 0)'"), holding("conrelid = to_regclass('public.steps')", "conname = 'ck_pos'", 'ADD CONSTRAINT ck_pos CHECK (position > 0) NOT VALID;'), holding('AUTOCOMMIT: DO', 'VALIDATE CONSTRAINT ck_pos;')],
      warnings: { '': 'drops constraint ck_pos of steps' },
    },
    {
      name: 'by name alone, known: its definition comes from the known schema',
      known: [{ op: 'create_table', table: 'steps', columns: [{ name: 'position', type: 'integer', check: 'position > 0' }] }],
      operation: { op: 'drop_constraint', table: 'steps', name: 'ck_steps_position' },
      upgrade: ['ALTER TABLE IF EXISTS public.steps\n    DROP CONSTRAINT IF EXISTS ck_steps_position'],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.steps'", "'ck_steps_position'", "'CHECK (position > 0)'"), holding("conname = 'ck_steps_position'", 'CHECK (position > 0) NOT VALID;'), holding('AUTOCOMMIT: DO', 'VALIDATE CONSTRAINT ck_steps_position;')],
      warnings: { '': 'drops constraint ck_steps_position of steps' },
    },
    {
      name: 'a UNIQUE of plain columns comes back from an index built CONCURRENTLY; a foreign key NOT VALID; anything else in one step',
      operation: { op: 'drop_constraint', table: 'steps', name: 'uq_steps', definition: 'UNIQUE (flow_id, "Position")' },
      upgrade: ['ALTER TABLE IF EXISTS public.steps DROP CONSTRAINT IF EXISTS uq_steps'],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.steps'", "'uq_steps'", `'UNIQUE (flow_id, "Position")'`), holding('SELECT pg_temp.cm_expect_index(', "'public.steps'", "'public.uq_steps'", 'true', `'USING btree (flow_id, "Position")'`), 
        holding('NOT indisvalid', 'DROP INDEX public.uq_steps;'),
        autocommit('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_steps\n    ON public.steps USING btree (flow_id, "Position")'),
        holding('ADD CONSTRAINT uq_steps UNIQUE USING INDEX uq_steps;'),
      ],
      warnings: { '': 'drops constraint uq_steps of steps' },
    },
    {
      name: 'a foreign key comes back NOT VALID, then validated',
      operation: { op: 'drop_constraint', table: 'steps', name: 'fk_steps', definition: 'FOREIGN KEY (flow_id) REFERENCES flows (id) ON DELETE CASCADE' },
      upgrade: ['ALTER TABLE IF EXISTS public.steps DROP CONSTRAINT IF EXISTS fk_steps'],
      downgrade: [holding('ADD CONSTRAINT fk_steps FOREIGN KEY (flow_id) REFERENCES flows (id) ON DELETE CASCADE NOT VALID;'), holding('AUTOCOMMIT: DO', 'VALIDATE CONSTRAINT fk_steps;')],
      warnings: { '': 'drops constraint fk_steps of steps' },
    },
    {
      name: 'a key with INCLUDE has no index-first form here: re-added as written, in one step',
      operation: { op: 'drop_constraint', table: 'steps', name: 'uq_steps', definition: 'UNIQUE (flow_id) INCLUDE (position)' },
      upgrade: ['ALTER TABLE IF EXISTS public.steps DROP CONSTRAINT IF EXISTS uq_steps'],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.steps'", "'uq_steps'", "'UNIQUE (flow_id) INCLUDE (position)'"), holding('ADD CONSTRAINT uq_steps UNIQUE (flow_id) INCLUDE (position);')],
      warnings: { '': 'drops constraint uq_steps of steps' },
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
