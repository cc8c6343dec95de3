import { holding, testOperation } from '../support/operation-tester.js';

testOperation('create_table', {
  valid: [
    {
      name: 'the table, its shape checked (the columns it lacks added), its key and unique constraints each checked by name, then each added, guarded on its own, and its comments; the downgrade drops it',
      operation: {
        op: 'create_table',
        table: 'accounts',
        comment: 'Logins',
        columns: [
          { name: 'id', type: 'bigint', primary_key: true },
          { name: 'email', type: 'text', nullable: false, unique: true, comment: 'Where mail goes' },
        ],
      },
      upgrade: [
        'CREATE TABLE IF NOT EXISTS public.accounts (\n    id bigint NOT NULL,\n    email text NOT NULL\n)',
        holding(
          "IF pg_temp.cm_expect_table(\n        'public.accounts',\n        'id bigint NOT NULL, email text NOT NULL',\n        '{}',\n        ARRAY['pk_accounts', 'uq_accounts_email']\n    ) = 'incomplete' THEN",
          'ALTER TABLE public.accounts\n            ADD COLUMN IF NOT EXISTS id bigint NOT NULL,\n            ADD COLUMN IF NOT EXISTS email text NOT NULL;',
        ),
        "SELECT pg_temp.cm_expect_constraint('public.accounts', 'pk_accounts', 'PRIMARY KEY (id)')",
        "SELECT pg_temp.cm_expect_constraint('public.accounts', 'uq_accounts_email', 'UNIQUE (email)')",
        holding("conrelid = to_regclass('public.accounts')", "conname = 'pk_accounts'", 'ADD CONSTRAINT pk_accounts PRIMARY KEY (id);'),
        holding("conname = 'uq_accounts_email'", 'ADD CONSTRAINT uq_accounts_email UNIQUE (email);'),
        "COMMENT ON COLUMN public.accounts.email IS 'Where mail goes'",
        "COMMENT ON TABLE public.accounts IS 'Logins'",
      ],
      downgrade: ['DROP TABLE IF EXISTS public.accounts'],
    },
    {
      name: 'a column of an enum made earlier in the spec, with a default that is not a simple term parenthesized',
      before: [{ op: 'create_enum', name: 'mood', values: ['HAPPY', 'SAD'] }],
      operation: { op: 'create_table', table: 'days', columns: [{ name: 'mood', type: 'mood', server_default: "'HAPPY'" }, { name: 'at', type: 'timestamptz', server_default: "now() - interval '1 day'" }] },
      upgrade: [
        "CREATE TABLE IF NOT EXISTS public.days (\n    mood public.mood DEFAULT 'HAPPY',\n    at timestamptz DEFAULT (now() - interval '1 day')\n)",
        holding("pg_temp.cm_expect_table(\n        'public.days',\n        $$mood public.mood DEFAULT 'HAPPY', at timestamptz DEFAULT (now() - interval '1 day')$$,", 'ADD COLUMN IF NOT EXISTS mood public.mood'),
      ],
      downgrade: ['DROP TABLE IF EXISTS public.days'],
    },
  ],
  invalid: [
    {
      name: 'a nullable key and an unknown type',
      operation: { op: 'create_table', table: 'accounts', columns: [{ name: 'id', type: 'bigint', primary_key: true, nullable: true }, { name: 'note', type: 'strng' }] },
      problems: {
        'columns[0].nullable': 'a primary key column cannot be nullable',
        'columns[1].type': 'unknown type "strng"; did you mean "text or varchar(n)" or "text"? (an extension\'s type must be listed in extension_types)',
      },
    },
    {
      name: 'a column defined twice',
      operation: { op: 'create_table', table: 'accounts', columns: [{ name: 'id', type: 'bigint' }, { name: 'id', type: 'text' }] },
      problems: { 'columns[1].name': 'column "id" is defined twice' },
    },
    {
      name: 'a table the known schema has',
      operation: { op: 'create_table', table: 'accounts', columns: [{ name: 'id', type: 'bigint' }] },
      known: [{ op: 'create_table', table: 'accounts', columns: [{ name: 'id', type: 'bigint' }] }],
      problems: { table: 'table "accounts" cannot be created: a table of that name already exists in public (according to the history\'s specs)' },
    },
  ],
});
