import { holding, testOperation } from '../support/operation-tester.js';

testOperation('create_enum', {
  valid: [
    {
      name: 'created unless the schema already has a type of that name, dropped by the downgrade',
      operation: { op: 'create_enum', name: 'mood', values: ['HAPPY', 'SAD'] },
      upgrade: [
        // A type of this name with other labels, or in another order, stops the migration.
        "SELECT pg_temp.cm_expect_enum('public.mood', ARRAY['HAPPY', 'SAD'])",
        holding('IF NOT EXISTS', "n.nspname = 'public' AND t.typname = 'mood'", "CREATE TYPE public.mood AS ENUM ('HAPPY', 'SAD');"),
        // Outside the transaction, so that later steps can use the labels it adds.
        holding('AUTOCOMMIT: DO', "= 'incomplete' THEN", "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'SAD';", "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'HAPPY' BEFORE 'SAD';"),
      ],
      // Only an enum with these labels (or some of them, in order): one with others stops the downgrade.
      downgrade: ["SELECT pg_temp.cm_expect_enum('public.mood', ARRAY['HAPPY', 'SAD'])", 'DROP TYPE IF EXISTS public.mood'],
    },
    {
      name: 'in the spec schema, labels quoted as literals',
      operation: { op: 'create_enum', name: 'kind', values: ["it's", 'b'] },
      schema: 'app',
      upgrade: [
        "SELECT pg_temp.cm_expect_enum('app.kind', ARRAY['it''s', 'b'])",
        holding("n.nspname = 'app' AND t.typname = 'kind'", "CREATE TYPE app.kind AS ENUM ('it''s', 'b');"),
        holding("ADD VALUE IF NOT EXISTS 'it''s' BEFORE 'b';"),
      ],
      downgrade: ["SELECT pg_temp.cm_expect_enum('app.kind', ARRAY['it''s', 'b'])", 'DROP TYPE IF EXISTS app.kind'],
    },
  ],
  invalid: [
    {
      name: 'an empty or repeated label',
      operation: { op: 'create_enum', name: 'mood', values: ['HAPPY', 'HAPPY', ''] },
      problems: { 'values[1]': '"HAPPY" is listed twice', 'values[2]': 'an enum label must not be empty' },
    },
    {
      name: 'no labels',
      operation: { op: 'create_enum', name: 'mood', values: [] },
      problems: { values: 'must not be empty' },
    },
    {
      name: 'a type of that name in the known schema',
      operation: { op: 'create_enum', name: 'mood', values: ['A'] },
      known: [{ op: 'create_enum', name: 'mood', values: ['B'] }],
      problems: { name: 'enum "mood" cannot be created: a type of that name already exists in public (according to the history\'s specs)' },
    },
  ],
});
