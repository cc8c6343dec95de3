-- One JSON document describing every user object of the database, for comparing the schema
-- between the steps of a migration cycle. alembic_version is left out: stamping changes it.
-- Objects that belong to an extension are described by the extension alone.
WITH
  user_namespaces AS (
    SELECT oid, nspname FROM pg_catalog.pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_%'
  ),
  user_relations AS (
    SELECT c.oid, c.relname, c.relkind, n.nspname
    FROM pg_catalog.pg_class c JOIN user_namespaces n ON n.oid = c.relnamespace
    WHERE c.relname <> 'alembic_version'
  ),
  extension_members AS (
    SELECT objid FROM pg_catalog.pg_depend WHERE deptype = 'e'
  ),
  comments AS (
    SELECT objoid, objsubid, description FROM pg_catalog.pg_description
    WHERE classoid = 'pg_catalog.pg_class'::regclass
  ),
  live_columns AS (
    SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attidentity,
      row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS position
    FROM pg_catalog.pg_attribute a JOIN user_relations r ON r.oid = a.attrelid AND r.relkind IN ('r', 'p')
    WHERE a.attnum > 0 AND NOT a.attisdropped
  )
SELECT json_build_object(
  'schemas', (SELECT coalesce(json_agg(nspname ORDER BY nspname), '[]') FROM user_namespaces),
  'relations', (
    SELECT coalesce(json_agg(json_build_object(
      'name', r.nspname || '.' || r.relname,
      'kind', r.relkind,
      'comment', ds.description
    ) ORDER BY r.nspname, r.relname), '[]')
    FROM user_relations r LEFT JOIN comments ds ON ds.objoid = r.oid AND ds.objsubid = 0
    WHERE r.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  ),
  'columns', (
    SELECT coalesce(json_agg(json_build_object(
      'table', r.nspname || '.' || r.relname,
      'name', a.attname,
      'position', a.position,
      'type', format_type(a.atttypid, a.atttypmod),
      'not_null', a.attnotnull,
      'default', pg_get_expr(d.adbin, d.adrelid),
      'identity', a.attidentity,
      'comment', ds.description
    ) ORDER BY r.nspname, r.relname, a.position), '[]')
    FROM user_relations r
    JOIN live_columns a ON a.attrelid = r.oid
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    LEFT JOIN comments ds ON ds.objoid = a.attrelid AND ds.objsubid = a.attnum
  ),
  'constraints', (
    SELECT coalesce(json_agg(json_build_object(
      'table', r.nspname || '.' || r.relname,
      'name', con.conname,
      'type', con.contype,
      'definition', pg_get_constraintdef(con.oid),
      'validated', con.convalidated
    ) ORDER BY r.nspname, r.relname, con.conname), '[]')
    FROM pg_catalog.pg_constraint con JOIN user_relations r ON r.oid = con.conrelid
    WHERE con.contype <> 'n'
  ),
  'indexes', (
    SELECT coalesce(json_agg(json_build_object(
      'name', r.nspname || '.' || r.relname,
      'definition', pg_get_indexdef(i.indexrelid),
      'valid', i.indisvalid
    ) ORDER BY r.nspname, r.relname), '[]')
    FROM pg_catalog.pg_index i
    JOIN user_relations r ON r.oid = i.indexrelid
    JOIN user_relations t ON t.oid = i.indrelid
  ),
  'enums', (
    SELECT coalesce(json_agg(json_build_object(
      'name', n.nspname || '.' || t.typname,
      'labels', (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)
    ) ORDER BY n.nspname, t.typname), '[]')
    FROM pg_catalog.pg_type t JOIN user_namespaces n ON n.oid = t.typnamespace
    WHERE t.typtype = 'e'
  ),
  'views', (
    SELECT coalesce(json_agg(json_build_object(
      'name', r.nspname || '.' || r.relname,
      'definition', pg_get_viewdef(r.oid)
    ) ORDER BY r.nspname, r.relname), '[]')
    FROM user_relations r WHERE r.relkind IN ('v', 'm') AND r.oid NOT IN (SELECT objid FROM extension_members)
  ),
  'functions', (
    SELECT coalesce(json_agg(json_build_object(
      'name', n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
      'kind', p.prokind,
      'definition', CASE WHEN p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) END
    ) ORDER BY n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)), '[]')
    FROM pg_catalog.pg_proc p JOIN user_namespaces n ON n.oid = p.pronamespace
    WHERE p.oid NOT IN (SELECT objid FROM extension_members)
  ),
  'triggers', (
    SELECT coalesce(json_agg(json_build_object(
      'table', r.nspname || '.' || r.relname,
      'name', tg.tgname,
      'definition', pg_get_triggerdef(tg.oid),
      'enabled', tg.tgenabled
    ) ORDER BY r.nspname, r.relname, tg.tgname), '[]')
    FROM pg_catalog.pg_trigger tg JOIN user_relations r ON r.oid = tg.tgrelid
    WHERE NOT tg.tgisinternal
  ),
  'extensions', (
    SELECT coalesce(json_agg(json_build_object(
      'name', e.extname,
      'schema', en.nspname,
      'version', e.extversion
    ) ORDER BY e.extname), '[]')
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace en ON en.oid = e.extnamespace
    WHERE e.extname <> 'plpgsql'
  )
)::text AS snapshot
