import { doBlock } from './do-block.js';
import { fitIdentifier } from './derived-names.js';
import { qualify, quoteIdent } from './identifiers.js';
import { quoteLiteral } from './literals.js';

/**
 * PostgreSQL cannot drop an enum label, so removing one means rebuilding the type: refuse while
 * any row of any column of the type (or of an array of it) holds the label; otherwise create the
 * type anew with the remaining labels in their order, move every such column to it (dropping and
 * restoring its default, whose text still names the type and so binds to the new one), drop the
 * old type and give the new one its name. All in one DO block: it happens whole or not at all,
 * and does nothing once the label is gone (the whole body sits under IF EXISTS).
 */
export function removeEnumValue(schema: string, name: string, label: string): string {
  const type = qualify(schema, name);
  const staging = fitIdentifier(`${name}__without_label`);
  return doBlock(`DECLARE
    old_type oid := to_regtype(${quoteLiteral(type)});
    target record;
    held bigint;
    tables regclass[] := '{}';
    columns name[] := '{}';
    is_array boolean[] := '{}';
    defaults text[] := '{}';
    labels text;
BEGIN
    IF EXISTS (
        SELECT 1 FROM pg_catalog.pg_enum
        WHERE enumtypid = old_type AND enumlabel = ${quoteLiteral(label)}
    ) THEN
        FOR target IN
            SELECT a.attrelid::regclass AS tbl, a.attname, a.atttypid <> old_type AS arr,
                   pg_get_expr(d.adbin, d.adrelid) AS dflt
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attnum > 0 AND NOT a.attisdropped
              AND a.atttypid IN (old_type, (SELECT typarray FROM pg_catalog.pg_type WHERE oid = old_type))
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
                    USING HINT = 'Change or delete those rows, then run the downgrade again.';
            END IF;
            tables := tables || target.tbl;
            columns := columns || target.attname;
            is_array := is_array || target.arr;
            defaults := defaults || target.dflt;
        END LOOP;
        SELECT string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder) INTO labels
        FROM pg_catalog.pg_enum
        WHERE enumtypid = old_type AND enumlabel <> ${quoteLiteral(label)};
        EXECUTE format('CREATE TYPE %s AS ENUM (%s)', ${quoteLiteral(qualify(schema, staging))}, labels);
        FOR i IN 1 .. coalesce(array_length(tables, 1), 0) LOOP
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', tables[i], columns[i]);
            EXECUTE format(
                'ALTER TABLE %s ALTER COLUMN %I TYPE %s USING %I::text%s::%s%s',
                tables[i], columns[i], ${quoteLiteral(qualify(schema, staging))} || CASE WHEN is_array[i] THEN '[]' ELSE '' END,
                columns[i], CASE WHEN is_array[i] THEN '[]' ELSE '' END,
                ${quoteLiteral(qualify(schema, staging))}, CASE WHEN is_array[i] THEN '[]' ELSE '' END
            );
        END LOOP;
        DROP TYPE ${type};
        ALTER TYPE ${qualify(schema, staging)} RENAME TO ${quoteIdent(name)};
        FOR i IN 1 .. coalesce(array_length(tables, 1), 0) LOOP
            IF defaults[i] IS NOT NULL THEN
                EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', tables[i], columns[i], defaults[i]);
            END IF;
        END LOOP;
    END IF;
END`);
}
