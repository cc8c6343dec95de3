import type { RawOperation } from '../../src/operations/registry.js';
import { holding, testOperation } from '../support/operation-tester.js';

const FLOWS: RawOperation[] = [
  { op: 'create_table', table: 'flows', columns: [{ name: 'id', type: 'uuid', primary_key: true }] },
  { op: 'create_table', table: 'steps', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'flow_id', type: 'uuid' }, { name: 'position', type: 'integer' }] },
];

testOperation('add_foreign_key', {
  valid: [
    {
      name: 'on an existing table: added NOT VALID, then validated in a transaction of its own; ON DELETE in any case',
      operation: { op: 'add_foreign_key', table: 'steps', columns: ['flow_id'], references: { table: 'flows', columns: ['id'] }, on_delete: 'cascade' },
      upgrade: [holding('SELECT pg_temp.cm_expect_foreign_key(', "'public.steps'", "'fk_steps_flow_id_flows'", "ARRAY['flow_id']", "'public.flows'"), 
        holding("conrelid = to_regclass('public.steps')", "conname = 'fk_steps_flow_id_flows'", 'FOREIGN KEY (flow_id) REFERENCES public.flows (id) ON DELETE CASCADE NOT VALID;'),
        holding('AUTOCOMMIT: DO', "conname = 'fk_steps_flow_id_flows'", 'AND NOT convalidated', 'ALTER TABLE public.steps VALIDATE CONSTRAINT fk_steps_flow_id_flows;'),
      ],
      downgrade: [holding('SELECT pg_temp.cm_expect_foreign_key(', "'public.steps'", "'fk_steps_flow_id_flows'", "ARRAY['flow_id']", "'public.flows'"), 'ALTER TABLE IF EXISTS public.steps\n    DROP CONSTRAINT IF EXISTS fk_steps_flow_id_flows'],
    },
    {
      name: "not_valid: false opts out; the referenced column defaults to the known table's primary key",
      known: FLOWS,
      operation: { op: 'add_foreign_key', table: 'steps', columns: ['flow_id'], references: { table: 'flows' }, name: 'fk_steps_flow', not_valid: false },
      upgrade: [holding('SELECT pg_temp.cm_expect_foreign_key(', "'public.steps'", "'fk_steps_flow'", "ARRAY['flow_id']", "'public.flows'"), holding("conname = 'fk_steps_flow'", 'ADD CONSTRAINT fk_steps_flow FOREIGN KEY (flow_id) REFERENCES public.flows (id);')],
      downgrade: [holding('SELECT pg_temp.cm_expect_foreign_key(', "'public.steps'", "'fk_steps_flow'", "ARRAY['flow_id']", "'public.flows'"), 'ALTER TABLE IF EXISTS public.steps DROP CONSTRAINT IF EXISTS fk_steps_flow'],
    },
    {
      name: 'from a table created earlier in the same spec: one validated step',
      before: FLOWS,
      operation: { op: 'add_foreign_key', table: 'steps', columns: ['flow_id'], references: { table: 'flows' }, name: 'fk_steps_flow' },
      upgrade: [holding('SELECT pg_temp.cm_expect_foreign_key(', "'public.steps'", "'fk_steps_flow'", "ARRAY['flow_id']", "'public.flows'"), holding("conname = 'fk_steps_flow'", 'ADD CONSTRAINT fk_steps_flow FOREIGN KEY (flow_id) REFERENCES public.flows (id);')],
      downgrade: [holding('SELECT pg_temp.cm_expect_foreign_key(', "'public.steps'", "'fk_steps_flow'", "ARRAY['flow_id']", "'public.flows'"), 'ALTER TABLE IF EXISTS public.steps DROP CONSTRAINT IF EXISTS fk_steps_flow'],
    },
  ],
  invalid: [
    {
      name: 'column and columns both, an unknown action, and a primary key nobody knows',
      operation: { op: 'add_foreign_key', table: 'steps', columns: ['flow_id'], references: { table: 'flows', column: 'id', columns: ['id'] }, on_delete: 'sometimes' },
      problems: {
        references: 'give column or columns, not both',
        on_delete: 'must be one of NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT, not "sometimes"',
        'references.column': "is required: the primary key of public.flows is not known (from the history's specs or --database-url)",
      },
    },
    {
      name: 'columns of different types on the two sides',
      known: FLOWS,
      operation: { op: 'add_foreign_key', table: 'steps', columns: ['position'], references: { table: 'flows' } },
      problems: { 'columns[0]': 'type integer of position does not match public.flows.id, which is uuid; a foreign key needs the same type on both sides' },
    },
  ],
});
