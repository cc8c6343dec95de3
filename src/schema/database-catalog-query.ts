// The schema as create-migration models it, read from a live database in one query. It runs
// with search_path = pg_catalog, so every user-defined name comes out schema-qualified.
export const DATABASE_CATALOG_QUERY = `
WITH
  user_namespaces AS (
    SELECT oid, nspname FROM pg_catalog.pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
  ),
  user_tables AS (
    SELECT c.oid, c.relname, n.nspname
    FROM pg_catalog.pg_class c JOIN user_namespaces n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
  )
SELECT json_build_object(
  'enums', (
    SELECT coalesce(json_agg(json_build_object(
      'schema', n.nspname, 'name', t.typname,
      'labels', (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)
    )), '[]')
    FROM pg_catalog.pg_type t JOIN user_namespaces n ON n.oid = t.typnamespace
    WHERE t.typtype = 'e'
  ),
  'tables', (
    SELECT coalesce(json_agg(json_build_object('schema', t.nspname, 'name', t.relname, 'comment', obj_description(t.oid, 'pg_class'))), '[]')
    FROM user_tables t
  ),
  'columns', (
    SELECT coalesce(json_agg(json_build_object(
      'schema', t.nspname, 'table', t.relname, 'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'array', ty.typcategory = 'A',
      'element_kind', el.typtype, 'element_schema', eln.nspname, 'element_name', el.typname,
      'not_null', a.attnotnull,
      'default', pg_get_expr(d.adbin, d.adrelid),
      'comment', col_description(a.attrelid, a.attnum)
    ) ORDER BY t.nspname, t.relname, a.attnum), '[]')
    FROM user_tables t
    JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
    JOIN pg_catalog.pg_type el ON el.oid = CASE WHEN ty.typcategory = 'A' THEN ty.typelem ELSE ty.oid END
    JOIN pg_catalog.pg_namespace eln ON eln.oid = el.typnamespace
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  ),
  'constraints', (
    SELECT coalesce(json_agg(json_build_object(
      'schema', t.nspname, 'table', t.relname, 'name', con.conname, 'type', con.contype,
      'columns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num),
      'definition', pg_get_constraintdef(con.oid),
      'ref_schema', rn.nspname, 'ref_table', rc.relname,
      'ref_columns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num)
    ) ORDER BY t.nspname, t.relname, con.conname), '[]')
    FROM pg_catalog.pg_constraint con
    JOIN user_tables t ON t.oid = con.conrelid
    LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
    LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE con.contype IN ('p', 'u', 'c', 'f')
  ),
  'indexes', (
    SELECT coalesce(json_agg(json_build_object(
      'schema', t.nspname, 'table', t.relname, 'name', ic.relname,
      'columns', (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]') FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num),
      'definition', pg_get_indexdef(i.indexrelid)
    )), '[]')
    FROM pg_catalog.pg_index i
    JOIN user_tables t ON t.oid = i.indrelid
    JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
  )
)::text AS catalog
`;
