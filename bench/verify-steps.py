"""verify's five env.py runs per migration and nothing else: no catalog snapshot, no comparison.

The floor of verify's design, next to which bench/verify.mjs prints verify itself: each step of
each migration (upgrade, re-upgrade, downgrade, re-downgrade, upgrade again) is one run of the
project's env.py through the driver, with the version table set back and forward between them
as verify sets it. Run in the project's directory with the project's Python:
    python bench/verify-steps.py URL      (prints the seconds the steps took)
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "driver"))

import alembic_driver
from cm_sessions import read_rows, write_rows


def main(url):
    request = {"ini": "alembic.ini", "toml": None, "url": url, "url_env": "DATABASE_URL"}
    revisions = [entry["revision"] for entry in alembic_driver.history(request)["revisions"]]
    started = time.perf_counter()
    for revision in revisions:
        before = read_rows(url)
        alembic_driver.run_steps(request, url, [(revision, "up")])
        after = read_rows(url)
        write_rows(url, before)
        alembic_driver.run_steps(request, url, [(revision, "up")])
        alembic_driver.run_steps(request, url, [(revision, "down")])
        write_rows(url, after)
        alembic_driver.run_steps(request, url, [(revision, "down")])
        alembic_driver.run_steps(request, url, [(revision, "up")])
    print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
