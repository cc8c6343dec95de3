"""Alembic's own autogenerate comparison, captured for create-migration autogenerate.

`alembic revision --autogenerate` runs as usual (the project's env.py, its
target_metadata, its include_name / include_object filters, its own
process_revision_directives), but the revision Alembic would render is taken from the
directives and described as JSON instead: Alembic writes nothing. The description stays
close to Alembic's operations; create-migration turns it into a spec. What PostgreSQL
needs to know and Alembic does not say is added while the database is at hand: the enum
types of the database and of the models, whether a type change needs USING, and whether
each type that is neither built in nor an enum exists.

Request: {"autogenerate": true, "ini", "toml", "url", "url_env", "message"}
Answer:  {"default_schema", "changes": [...], "model_enums": [...],
          "database_enums": [...], "types": {sql: {"exists", "schema"}},
          "refusals": [...], "log"}
"""

# datatype_mismatch: "... cannot be cast automatically to type ..."
CAST_NEEDS_USING = "42804"

ENUMS_SQL = """
SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
GROUP BY n.nspname, t.typname
ORDER BY 1, 2
"""

TYPE_SQL = """
SELECT n.nspname
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.oid = pg_catalog.to_regtype(:name)
"""


def compare(request, run_alembic):
    """`alembic revision --autogenerate`, with a hook that keeps it from writing."""
    from alembic import command

    captured = {}

    def hook(context, revision, directives):
        # Runs before env.py's own hook, which Alembic reads from the context later:
        # wrap it, so the project's hook still shapes the directives first.
        theirs = context.opts.get("process_revision_directives")

        def finish(context, revision, directives):
            if theirs is not None:
                theirs(context, revision, directives)
            captured.update(Describer(context).describe(directives))
            directives[:] = []

        context.opts["process_revision_directives"] = finish

    def run(config, options):
        command.revision(
            config,
            message=request["message"],
            autogenerate=True,
            process_revision_directives=hook,
        )

    argv = ["revision", "--autogenerate", "-m", request["message"]]
    answer = run_alembic({**request, "alembic": argv}, command=run)
    if not captured:
        raise RuntimeError(
            "env.py never ran Alembic's comparison (context.run_migrations() was not "
            "reached in online mode), so there is nothing to compare"
        )
    return {**captured, "log": answer["log"]}


class Describer:
    """Alembic's operations as plain JSON, with what the database says about them."""

    def __init__(self, context):
        from alembic.autogenerate.api import AutogenContext

        self.context = context
        self.connection = context.connection
        self.dialect = context.dialect
        self.autogen = AutogenContext(context)
        self.default_schema = self.connection.dialect.default_schema_name
        self.refusals = []
        self.types = {}

    def describe(self, directives):
        changes = []
        for script in directives:
            if len(script.upgrade_ops_list) > 1:
                self.refusals.append(
                    "env.py compares several databases (a multidb template); "
                    "autogenerate writes a migration for one"
                )
            for upgrade_ops in script.upgrade_ops_list:
                for op in upgrade_ops.ops:
                    changes.extend(self.operation(op))
        return {
            "default_schema": self.default_schema,
            "changes": changes,
            "model_enums": self.model_enums(),
            "database_enums": self.database_enums(),
            "types": self.types,
            "refusals": self.refusals,
        }

    # -- operations ---------------------------------------------------------------

    def operation(self, op, where=None):
        """The changes of one operation; those in a ModifyTableOps are on its table."""
        from alembic.operations import ops

        if where is None:
            where = {"schema": self.schema(op.schema), "table": op.table_name}
        if isinstance(op, ops.ModifyTableOps):
            return [
                change for inner in op.ops for change in self.operation(inner, where)
            ]
        if isinstance(op, ops.CreateTableOp):
            return [
                {"kind": "create_table", **where, **self.table(self.model_table(op))}
            ]
        if isinstance(op, ops.DropTableOp):
            table = op.to_table()
            return [{"kind": "drop_table", **where, "columns": self.columns(table)}]
        if isinstance(op, ops.AddColumnOp):
            return [{"kind": "add_column", **where, "column": self.column(op.column)}]
        if isinstance(op, ops.DropColumnOp):
            return [
                {"kind": "drop_column", **where, "column": self.column(op.to_column())}
            ]
        if isinstance(op, ops.AlterColumnOp):
            return [self.alter_column(op, where)]
        if isinstance(op, ops.CreateIndexOp):
            return [
                {"kind": "create_index", **where, "index": self.index(op.to_index())}
            ]
        if isinstance(op, ops.DropIndexOp):
            return [{"kind": "drop_index", **where, "name": op.index_name}]
        if isinstance(op, ops.AddConstraintOp):
            constraint = self.constraint(op.to_constraint())
            return [{"kind": "add_constraint", **where, "constraint": constraint}]
        if isinstance(op, ops.DropConstraintOp):
            return [{"kind": "drop_constraint", **where, "name": op.constraint_name}]
        if isinstance(op, ops.CreateTableCommentOp):
            return [self.table_comment(op, where, op.comment)]
        if isinstance(op, ops.DropTableCommentOp):
            return [self.table_comment(op, where, None)]
        self.refusals.append(
            f"table {where['table']}: Alembic's {type(op).__name__} has no counterpart "
            "in a create-migration spec"
        )
        return []

    def schema(self, schema):
        return schema or self.default_schema

    def table_comment(self, op, where, comment):
        return {
            "kind": "table_comment",
            **where,
            "comment": comment,
            "existing": op.existing_comment,
        }

    def alter_column(self, op, where):
        change = {
            "kind": "alter_column",
            **where,
            "column": op.column_name,
            "existing": {
                "type": self.type(op.existing_type),
                "nullable": op.existing_nullable,
                "server_default": self.default(op.existing_server_default),
                "comment": op.existing_comment,
            },
        }
        if op.modify_type is not None:
            change["type"] = self.type(op.modify_type)
            existing = change["existing"]["type"]
            change.update(
                self.type_change(where, op.column_name, existing, change["type"])
            )
            change["model_server_default"] = self.model_default(where, op.column_name)
        if op.modify_nullable is not None:
            change["nullable"] = op.modify_nullable
        if op.modify_server_default is not False:
            change["server_default"] = self.default(op.modify_server_default)
        if op.modify_comment is not False:
            change["comment"] = op.modify_comment
        return change

    # -- tables, columns, constraints, indexes ------------------------------------

    def model_table(self, op):
        """The models' own Table when the op holds its columns (autogenerate's do)."""
        from sqlalchemy import Column

        for item in op.columns:
            if isinstance(item, Column) and item.table is not None:
                return item.table
        return op.to_table()

    def table(self, table):
        # Table.constraints is a set: in declaration order, each run gives one file.
        constraints = sorted(
            table.constraints, key=lambda c: getattr(c, "_creation_order", 0)
        )
        return {
            "comment": table.comment,
            "columns": self.columns(table),
            "constraints": [self.constraint(c) for c in constraints],
        }

    def columns(self, table):
        return [self.column(column) for column in table.columns]

    def column(self, column):
        from sqlalchemy import Sequence

        described = {
            "name": column.name,
            "type": self.type(column.type),
            "nullable": bool(column.nullable),
            "primary_key": bool(column.primary_key),
            "server_default": self.column_default(column),
            "comment": column.comment,
        }
        serial = self.serial(column)
        if serial:
            described["serial"] = serial
        if getattr(column, "identity", None) is not None:
            described["identity"] = True
        if getattr(column, "computed", None) is not None:
            described["computed"] = self.sql(column.computed.sqltext)
        if isinstance(column.default, Sequence) and not column.default.optional:
            described["sequence"] = column.default.name
        return described

    def serial(self, column):
        """SERIAL / BIGSERIAL / SMALLSERIAL where SQLAlchemy's DDL writes one."""
        from sqlalchemy import BigInteger, Sequence, SmallInteger

        table = column.table
        if table is None or column is not getattr(table, "_autoincrement_column", None):
            return None
        if column.server_default is not None or getattr(column, "identity", None):
            return None
        if column.default is not None and not (
            isinstance(column.default, Sequence) and column.default.optional
        ):
            return None
        impl = column.type.dialect_impl(self.dialect)
        if isinstance(impl, BigInteger):
            return "bigserial"
        if isinstance(impl, SmallInteger):
            return "smallserial"
        return "serial"

    def constraint(self, constraint):
        from sqlalchemy import (
            CheckConstraint,
            ForeignKeyConstraint,
            PrimaryKeyConstraint,
            UniqueConstraint,
        )

        name = constraint.name if isinstance(constraint.name, str) else None
        if isinstance(constraint, PrimaryKeyConstraint):
            return {
                "kind": "primary_key",
                "name": name,
                "columns": self.names(constraint),
            }
        if isinstance(constraint, UniqueConstraint):
            described = {
                "kind": "unique",
                "name": name,
                "columns": self.names(constraint),
            }
            options = constraint.dialect_options["postgresql"]
            if options.get("nulls_not_distinct"):
                described["nulls_not_distinct"] = True
            if options.get("include"):
                described["include"] = list(options["include"])
            return described
        if isinstance(constraint, CheckConstraint):
            return {
                "kind": "check",
                "name": name,
                "expression": self.sql(constraint.sqltext),
            }
        if isinstance(constraint, ForeignKeyConstraint):
            return self.foreign_key(constraint, name)
        return {"kind": "other", "name": name, "class": type(constraint).__name__}

    def names(self, constraint):
        return [column.name for column in constraint.columns]

    def foreign_key(self, constraint, name):
        elements = constraint.elements
        schema, table, columns = None, None, []
        for element in elements:
            # The referenced table may be missing from the MetaData of Alembic's op.
            tokens = element._column_tokens
            schema, table = tokens[0], tokens[1]
            columns.append(tokens[2])
        described = {
            "kind": "foreign_key",
            "name": name,
            "columns": [element.parent.name for element in elements],
            "ref_schema": self.schema(schema),
            "ref_table": table,
            "ref_columns": columns,
            "ondelete": constraint.ondelete,
            "onupdate": constraint.onupdate,
        }
        for option in ("deferrable", "initially", "match"):
            if getattr(constraint, option, None):
                described[option] = str(getattr(constraint, option))
        return described

    def index(self, index):
        options = index.dialect_options["postgresql"]
        described = {
            "name": index.name,
            "unique": bool(index.unique),
            "using": options.get("using") or None,
            "keys": [
                self.index_key(e, options.get("ops") or {}) for e in index.expressions
            ],
            "where": None
            if options.get("where") is None
            else self.sql(options["where"]),
            "with": {str(k): str(v) for k, v in (options.get("with") or {}).items()},
        }
        for option in ("include", "nulls_not_distinct", "tablespace"):
            if options.get(option):
                value = options[option]
                described[option] = list(value) if option == "include" else value
        return described

    def index_key(self, expression, opclasses):
        from sqlalchemy import Column
        from sqlalchemy.sql import operators
        from sqlalchemy.sql.elements import UnaryExpression

        key = {}
        element = expression
        while isinstance(element, UnaryExpression) and element.modifier is not None:
            modifier = element.modifier
            if modifier is operators.desc_op:
                key["order"] = "desc"
            elif modifier is operators.nulls_first_op:
                key["nulls"] = "first"
            elif modifier is operators.nulls_last_op:
                key["nulls"] = "last"
            elif modifier is not operators.asc_op:
                break
            element = element.element
        if isinstance(element, Column):
            key["column"] = element.name
            opclass = opclasses.get(element.name) or opclasses.get(element.key)
        else:
            key["expression"] = self.sql(element)
            opclass = None
        if opclass:
            key["opclass"] = opclass
        return key

    # -- SQL text -----------------------------------------------------------------

    def sql(self, clause):
        """An expression as the dialect compiles it, with its values inline."""
        if isinstance(clause, str):
            return clause
        compiled = clause.compile(
            dialect=self.dialect,
            compile_kwargs={"literal_binds": True, "include_table": False},
        )
        return str(compiled)

    def type(self, type_):
        from sqlalchemy import ARRAY, Enum

        if type_ is None:
            return None
        sql = type_.compile(dialect=self.dialect)
        described = {"sql": sql}
        item, dims = type_, 0
        while isinstance(item, ARRAY):
            dims += item.dimensions or 1
            item = item.item_type
        if isinstance(item, Enum) and item.native_enum and item.name:
            described["enum"] = {"schema": self.schema(item.schema), "name": item.name}
            described["array"] = dims
        else:
            self.check_type(sql)
        return described

    def check_type(self, sql):
        """Whether a type exists, and in which schema (pg_catalog for built-in ones)."""
        from sqlalchemy import exc, text

        if sql in self.types:
            return
        # Before PostgreSQL 16, to_regtype raises on text it cannot parse.
        try:
            with self.connection.begin_nested():
                schema = self.connection.execute(text(TYPE_SQL), {"name": sql}).scalar()
        except exc.DBAPIError:
            schema = None
        self.types[sql] = {"exists": schema is not None, "schema": schema}

    def model_default(self, where, name):
        """The models' server default of a column (a type change may reset it)."""
        for table in self.autogen.sorted_tables:
            if (
                table.name == where["table"]
                and self.schema(table.schema) == where["schema"]
            ):
                column = table.columns.get(name)
                return None if column is None else self.column_default(column)
        return None

    def column_default(self, column):
        from sqlalchemy.schema import DefaultClause

        default = column.server_default
        return self.default(default) if isinstance(default, DefaultClause) else None

    def default(self, value):
        """A server default as DDL writes it: a string quoted, else compiled."""
        from sqlalchemy.schema import DefaultClause

        if value is None or value is False:
            return None
        if isinstance(value, DefaultClause):
            value = value.arg
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        return self.sql(value)

    def type_change(self, where, column, existing_type, type_):
        """How PostgreSQL converts the column to the new type and back, found by trying.

        Everything runs in a savepoint that is rolled back, on the throwaway database.
        Each way is tried in turn: plain ALTER ... TYPE; with USING; with the default
        dropped first (a default that does not cast blocks the change too); with both.
        The way back is tried from the converted column. A type that does not exist yet
        (an enum this migration creates) cannot be tried: it needs USING, and the
        default is set again.
        """
        preparer = self.dialect.identifier_preparer
        table = f"{preparer.quote(where['schema'])}.{preparer.quote(where['table'])}"
        alter = f"ALTER TABLE {table} ALTER COLUMN {preparer.quote(column)}"
        savepoint = self.connection.begin_nested()
        try:
            forward = self.convert(alter, column, existing_type, type_)
            back = None
            if forward is not None and existing_type is not None:
                back = self.convert(alter, column, type_, existing_type)
        finally:
            savepoint.rollback()
        if forward is None:
            return {"using": True, "reset_default": True, "from_using": True}
        return {
            "using": forward[0],
            "reset_default": forward[1] or back is None or back[1],
            "from_using": back is None or back[0],
        }

    def convert(self, alter, column, source, target):
        """(USING needed, default reset needed) of the first way that works, applied."""
        quoted = self.dialect.identifier_preparer.quote(column)
        via_text = (
            "::text"
            if source and "enum" in source and target["sql"].lower() != "text"
            else ""
        )
        using = f" USING {quoted}{via_text}::{target['sql']}"
        for with_using, reset_default in (
            (False, False),
            (True, False),
            (False, True),
            (True, True),
        ):
            statements = [f"{alter} DROP DEFAULT"] if reset_default else []
            statements.append(
                f"{alter} TYPE {target['sql']}" + (using if with_using else "")
            )
            outcome = self.attempt(statements)
            if outcome is None:
                return with_using, reset_default
            if outcome != CAST_NEEDS_USING:
                return None
        return None

    def attempt(self, statements):
        """None when the statements run (they stay applied), else PostgreSQL's code."""
        from sqlalchemy import exc

        savepoint = self.connection.begin_nested()
        try:
            for statement in statements:
                self.connection.exec_driver_sql(statement)
        except exc.DBAPIError as error:
            savepoint.rollback()
            orig = error.orig
            return (
                getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None) or "?"
            )
        savepoint.commit()
        return None

    # -- enums --------------------------------------------------------------------

    def model_enums(self):
        """Every native enum a compared table uses, with the columns that use it."""
        from sqlalchemy import ARRAY, Enum

        found = {}
        for table in self.autogen.sorted_tables:
            schema = self.schema(table.schema)
            if not self.autogen.run_name_filters(
                table.name, "table", {"schema_name": table.schema}
            ) or not self.autogen.run_object_filters(
                table, table.name, "table", False, None
            ):
                continue
            for column in table.columns:
                item = column.type
                while isinstance(item, ARRAY):
                    item = item.item_type
                if not (isinstance(item, Enum) and item.native_enum and item.name):
                    continue
                key = (self.schema(item.schema), item.name)
                entry = found.setdefault(
                    key,
                    {
                        "schema": key[0],
                        "name": key[1],
                        "labels": list(item.enums),
                        "used_by": [],
                    },
                )
                entry["used_by"].append(
                    {
                        "schema": schema,
                        "table": table.name,
                        "column": column.name,
                        "labels": list(item.enums),
                    }
                )
        return list(found.values())

    def database_enums(self):
        from sqlalchemy import text

        with self.connection.begin_nested():
            rows = self.connection.execute(text(ENUMS_SQL)).fetchall()
        return [
            {"schema": row[0], "name": row[1], "labels": list(row[2])} for row in rows
        ]
