import { autocommit, holding, testOperation } from '../support/operation-tester.js';

testOperation('add_enum_value', {
  valid: [
    {
      name: 'added outside the transaction; the downgrade refuses while rows hold the label, else rebuilds the type without it',
      operation: { op: 'add_enum_value', enum: 'mood', value: 'MEH', after: 'HAPPY' },
      upgrade: [holding('SELECT pg_temp.cm_expect_enum_label(', "'public.mood'", "'MEH'", "'AFTER'", "'HAPPY'"), autocommit("ALTER TYPE public.mood\n    ADD VALUE IF NOT EXISTS 'MEH' AFTER 'HAPPY'")],
      downgrade: [
        holding(
          "old_type oid := to_regtype('public.mood')",
          "WHERE enumtypid = old_type AND enumlabel = 'MEH'",
          'RAISE EXCEPTION',
          "EXECUTE format('CREATE TYPE %s AS ENUM (%s)', 'public.mood__without_label', labels);",
          'DROP TYPE public.mood;',
          'ALTER TYPE public.mood__without_label RENAME TO mood;',
        ),
      ],
    },
    {
      name: 'at the end when placed nowhere',
      operation: { op: 'add_enum_value', enum: 'mood', value: 'MEH' },
      upgrade: [holding('SELECT pg_temp.cm_expect_enum_label(', "'public.mood'", "'MEH'", 'NULL, NULL'), autocommit("ALTER TYPE public.mood\n    ADD VALUE IF NOT EXISTS 'MEH'")],
      downgrade: [holding("enumlabel = 'MEH'")],
    },
  ],
  invalid: [
    {
      name: 'placed after and before at once',
      operation: { op: 'add_enum_value', enum: 'mood', value: 'MEH', after: 'HAPPY', before: 'SAD' },
      problems: { before: 'give after or before, not both' },
    },
    {
      name: 'a label the known enum has, next to one it lacks',
      known: [{ op: 'create_enum', name: 'mood', values: ['HAPPY', 'SAD'] }],
      operation: { op: 'add_enum_value', enum: 'mood', value: 'SAD', before: 'GLAD' },
      problems: {
        value: '"SAD" is already a label of public.mood (according to the history\'s specs)',
        before: '"GLAD" is not a label of public.mood; its labels are HAPPY, SAD',
      },
    },
    {
      name: 'an enum the same spec creates',
      before: [{ op: 'create_enum', name: 'mood', values: ['HAPPY'] }],
      operation: { op: 'add_enum_value', enum: 'mood', value: 'SAD' },
      problems: { enum: 'enum "mood" is created by this spec; list "SAD" in its values instead' },
    },
  ],
});
