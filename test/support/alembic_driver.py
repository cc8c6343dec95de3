"""Runs a list of steps against one database in a single Python process, for speed.

Input (JSON on stdin): {"config": path to alembic.ini, "url": database URL,
"snapshot_sql": catalog query, "rows_sql": optional query whose rows must survive,
"steps": [{"alembic": [args...], "capture": bool} | {"sql": [statement, ...]} | {"snapshot": label}]}

Output (JSON on stdout): {"results": [...]} with one entry per step run; the run stops
at the first failing step, whose entry has "error".
"""

import contextlib
import io
import json
import os
import sys
import traceback

import psycopg2
from alembic.config import main as alembic_main


def run_alembic(config, args, capture):
    out = io.StringIO()
    target = out if capture else io.StringIO()
    with contextlib.redirect_stdout(target):
        alembic_main(argv=["-c", config, *args])
    return out.getvalue() if capture else None


def query_json(url, sql):
    with contextlib.closing(psycopg2.connect(url)) as connection:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return json.loads(cursor.fetchone()[0])


def query_rows(url, sql):
    with contextlib.closing(psycopg2.connect(url)) as connection:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [[str(value) for value in row] for row in cursor.fetchall()]


def run_sql(url, statements):
    """Each statement on its own in autocommit mode, as psql would run them one by one."""
    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def main():
    request = json.load(sys.stdin)
    # SQLAlchemy 2.1 reads a bare postgresql:// URL as psycopg 3; these environments have psycopg2.
    os.environ["DATABASE_URL"] = request["url"].replace("postgresql://", "postgresql+psycopg2://", 1)
    results = []
    for index, step in enumerate(request["steps"]):
        try:
            if "alembic" in step:
                output = run_alembic(request["config"], step["alembic"], step.get("capture", False))
                results.append({"step": index, "output": output})
            elif "sql" in step:
                run_sql(request["url"], step["sql"])
                results.append({"step": index})
            elif "snapshot" in step:
                snapshot = query_json(request["url"], request["snapshot_sql"])
                if request.get("rows_sql"):
                    snapshot["rows"] = query_rows(request["url"], request["rows_sql"])
                results.append({"step": index, "label": step["snapshot"], "snapshot": snapshot})
        except BaseException as error:  # SystemExit from alembic's CLI included
            message = str(error) if not isinstance(error, SystemExit) else f"alembic exited with {error.code}"
            results.append({"step": index, "error": message, "traceback": traceback.format_exc()})
            break
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
