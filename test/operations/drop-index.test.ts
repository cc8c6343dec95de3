import { autocommit, holding, testOperation } from '../support/operation-tester.js';

testOperation('drop_index', {
  valid: [
    {
      name: 'concurrently by default, re-created the same way by the downgrade from its definition',
      operation: { op: 'drop_index', name: 'ix_docs_title', table: 'docs', columns: ['title'] },
      upgrade: [autocommit('DROP INDEX CONCURRENTLY IF EXISTS public.ix_docs_title')],
      downgrade: [holding('SELECT pg_temp.cm_expect_index(', "'public.docs'", "'public.ix_docs_title'", 'false', "'USING btree (title)'"), holding('DO', 'NOT indisvalid', 'DROP INDEX public.ix_docs_title;'), autocommit('CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_docs_title\n    ON public.docs USING btree (title)')],
    },
    {
      name: 'by name alone, known: re-created as the known schema has it; concurrently: false opts out both ways',
      known: [{ op: 'create_index', table: 'docs', columns: ['title'], name: 'ix_docs_title', where: 'title IS NOT NULL' }],
      operation: { op: 'drop_index', name: 'ix_docs_title', concurrently: false },
      upgrade: ['DROP INDEX IF EXISTS public.ix_docs_title'],
      downgrade: ['CREATE INDEX IF NOT EXISTS ix_docs_title\n    ON public.docs USING btree (title)\n    WHERE title IS NOT NULL'],
    },
    {
      name: 'by name alone, unknown: dropped CONCURRENTLY, and the downgrade refuses',
      operation: { op: 'drop_index', name: 'ix_docs_title' },
      upgrade: [autocommit('DROP INDEX CONCURRENTLY IF EXISTS public.ix_docs_title')],
      downgrade: ['REFUSE: drop_index dropped ix_docs_title without its definition (table, columns) in the spec, so it cannot be re-created'],
    },
  ],
  invalid: [
    {
      name: 'part of a definition without its columns',
      operation: { op: 'drop_index', name: 'ix_docs_title', where: 'x > 1' },
      problems: { where: 'describes the index to re-create, which needs columns too' },
    },
  ],
});
