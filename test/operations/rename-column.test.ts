import { holding, testOperation } from '../support/operation-tester.js';

testOperation('rename_column', {
  valid: [
    {
      name: 'only while the old name exists and the new one does not, both ways',
      operation: { op: 'rename_column', table: 'users', from: 'email', to: 'email_address' },
      upgrade: [holding("attname = 'email' AND NOT attisdropped", "AND NOT EXISTS", "attname = 'email_address'", 'RENAME COLUMN email TO email_address;')],
      downgrade: [holding("attname = 'email_address' AND NOT attisdropped", "AND NOT EXISTS", "attname = 'email'", 'RENAME COLUMN email_address TO email;')],
    },
  ],
  invalid: [
    {
      name: 'to the same name',
      operation: { op: 'rename_column', table: 'users', from: 'email', to: 'email' },
      problems: { to: 'is the same as from' },
    },
    {
      name: 'a column of a table the same spec creates, with a comment set on it by its old name',
      before: [{ op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'email', type: 'text', comment: 'Login' }] }],
      operation: { op: 'rename_column', table: 'users', from: 'email', to: 'email_address' },
      problems: {
        '': 'renames column email of users, which operations[0] creates in this same migration, after the comment on email named it: a re-run of the upgrade would find the table without that column and fail making it again; give the column its new name there instead',
      },
    },
    {
      name: 'to a name the known table has',
      known: [{ op: 'create_table', table: 'users', columns: [{ name: 'email', type: 'text' }, { name: 'login', type: 'text' }] }],
      operation: { op: 'rename_column', table: 'users', from: 'email', to: 'login' },
      problems: { to: 'column "login" already exists in public.users (according to the history\'s specs)' },
    },
  ],
});
