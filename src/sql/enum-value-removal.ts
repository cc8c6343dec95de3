import { doBlock } from './do-block.js';
import { fitIdentifier } from './derived-names.js';
import { qualify, quoteIdent } from './identifiers.js';
import { alterTableSafety, lockOn } from './lock-facts.js';
import { quoteLiteral } from './literals.js';
import type { Statement } from './statement.js';

/**
 * PostgreSQL cannot drop an enum label, so removing one means rebuilding the type. First, before
 * anything changes, it stops with a message naming them when objects other than table columns,
 * their indexes, CHECK constraints and defaults use the type (a view, a function, a domain), and
 * when any row of any column of the type (or of an array of it) holds the label. Then the indexes,
 * CHECK constraints and defaults that mention the type (a partial index `WHERE status <> 'X'`
 * would no longer find its operator) are dropped, the type is created anew with the remaining
 * labels in their order, every such column moves to it, the old type is dropped and the new one
 * takes its name, and what was dropped is re-created from its saved definition (which names the
 * type, now the new one). All in one DO block: it happens whole or not at all, and does nothing
 * once the label is gone. The columns' tables are rewritten under an ACCESS EXCLUSIVE lock.
 */
export function removeEnumValue(schema: string, name: string, label: string): Statement {
  const type = qualify(schema, name);
  const staging = quoteLiteral(qualify(schema, fitIdentifier(`${name}__without_label`)));
  const body = `DECLARE
    old_type oid := to_regtype(${quoteLiteral(type)});
    type_oids oid[] := ARRAY[old_type, (SELECT typarray FROM pg_catalog.pg_type WHERE oid = old_type)];
    users text;
    target record;
    held bigint;
    tables regclass[] := '{}';
    columns name[] := '{}';
    is_array boolean[] := '{}';
    rebuild text[] := '{}';
    labels text;
    statement text;
BEGIN
    IF EXISTS (
        SELECT 1 FROM pg_catalog.pg_enum
        WHERE enumtypid = old_type AND enumlabel = ${quoteLiteral(label)}
    ) THEN
        SELECT string_agg(used_by, ', ' ORDER BY used_by) INTO users FROM (
            SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) AS used_by
            FROM pg_catalog.pg_depend d
            LEFT JOIN pg_catalog.pg_class c ON d.classid = 'pg_catalog.pg_class'::regclass AND c.oid = d.objid
            LEFT JOIN pg_catalog.pg_constraint k ON d.classid = 'pg_catalog.pg_constraint'::regclass AND k.oid = d.objid
            WHERE d.refclassid = 'pg_catalog.pg_type'::regclass AND d.refobjid = ANY (type_oids) AND d.deptype = 'n'
              AND d.classid <> 'pg_catalog.pg_attrdef'::regclass
              AND NOT coalesce(c.relkind IN ('r', 'p') AND d.objsubid > 0 OR c.relkind IN ('i', 'I'), false)
              AND NOT coalesce(k.contype = 'c' AND k.conrelid <> 0, false)
        ) dependents;
        IF users IS NOT NULL THEN
            RAISE EXCEPTION 'cannot remove % from enum %: it is used by %', ${quoteLiteral(label)}, ${quoteLiteral(type)}, users
                USING HINT = 'Drop them (re-create them after the downgrade), then run the downgrade again; nothing was changed.';
        END IF;
        FOR target IN
            SELECT a.attrelid::regclass AS tbl, a.attname, a.atttypid <> old_type AS arr
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
            WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0 AND a.atttypid = ANY (type_oids)
        LOOP
            IF target.arr THEN
                EXECUTE format('SELECT count(*) FROM %s WHERE $1 = ANY (%I::text[])', target.tbl, target.attname)
                    INTO held USING ${quoteLiteral(label)};
            ELSE
                EXECUTE format('SELECT count(*) FROM %s WHERE %I::text = $1', target.tbl, target.attname)
                    INTO held USING ${quoteLiteral(label)};
            END IF;
            IF held > 0 THEN
                RAISE EXCEPTION 'cannot remove % from enum %: % row(s) of %.% hold it',
                    ${quoteLiteral(label)}, ${quoteLiteral(type)}, held, target.tbl, target.attname
                    USING HINT = 'Change or delete those rows, then run the downgrade again; nothing was changed.';
            END IF;
            tables := tables || target.tbl;
            columns := columns || target.attname;
            is_array := is_array || target.arr;
        END LOOP;
        FOR target IN
            SELECT format('DROP INDEX %s', c.oid::regclass) AS drop_it, pg_catalog.pg_get_indexdef(c.oid) AS restore
            FROM pg_catalog.pg_class c
            WHERE c.relkind IN ('i', 'I') AND NOT c.relispartition AND EXISTS (
                SELECT 1 FROM pg_catalog.pg_depend d
                WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.refobjid = ANY (type_oids)
            )
            UNION ALL
            SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname),
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_catalog.pg_get_constraintdef(k.oid))
            FROM pg_catalog.pg_constraint k
            WHERE k.contype = 'c' AND k.conrelid <> 0 AND k.coninhcount = 0 AND EXISTS (
                SELECT 1 FROM pg_catalog.pg_depend d
                WHERE d.classid = 'pg_catalog.pg_constraint'::regclass AND d.objid = k.oid AND d.refobjid = ANY (type_oids)
            )
            UNION ALL
            SELECT format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', ad.adrelid::regclass, a.attname),
                   format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', ad.adrelid::regclass, a.attname, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid))
            FROM pg_catalog.pg_attrdef ad
            JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
            WHERE EXISTS (
                SELECT 1 FROM pg_catalog.pg_depend d
                WHERE d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid AND d.refobjid = ANY (type_oids)
            )
        LOOP
            EXECUTE target.drop_it;
            rebuild := rebuild || target.restore;
        END LOOP;
        SELECT string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder) INTO labels
        FROM pg_catalog.pg_enum
        WHERE enumtypid = old_type AND enumlabel <> ${quoteLiteral(label)};
        EXECUTE format('CREATE TYPE %s AS ENUM (%s)', ${staging}, labels);
        FOR i IN 1 .. coalesce(array_length(tables, 1), 0) LOOP
            EXECUTE format(
                'ALTER TABLE %s ALTER COLUMN %I TYPE %s USING %I::text%s::%s%s',
                tables[i], columns[i], ${staging} || CASE WHEN is_array[i] THEN '[]' ELSE '' END,
                columns[i], CASE WHEN is_array[i] THEN '[]' ELSE '' END,
                ${staging}, CASE WHEN is_array[i] THEN '[]' ELSE '' END
            );
        END LOOP;
        DROP TYPE ${type};
        ALTER TYPE ${qualify(schema, fitIdentifier(`${name}__without_label`))} RENAME TO ${quoteIdent(name)};
        FOREACH statement IN ARRAY rebuild LOOP
            EXECUTE statement;
        END LOOP;
    END IF;
END`;
  return {
    sql: doBlock(body),
    plpgsql: `${body};`,
    locks: [lockOn({ described: `every table with a column of type ${type}` }, alterTableSafety('AT_AlterColumnType'), { detail: `the label ${quoteLiteral(label)} is removed by rebuilding ${type}` })],
    why: 'PostgreSQL cannot drop an enum label: rebuild the type without it, and every column using it',
  };
}
