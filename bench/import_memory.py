"""Peak memory (RSS) of importing a 5,000-post WordPress export, the figure README gives.

Generates the export with ``tests.imports.generate_wxr`` (40 MB), migrates a fresh SQLite file in a temporary
folder, then runs each way of importing in its own child process and reads the child's peak resident set size
(``os.wait4``'s resource usage, as ``getrusage`` gives it): the whole process, Python, Django and the import.
"browser" does what the worker does for an upload (the dry run, then the import, in one process, as one worker
runs both tasks); "command" is ``manage.py import_wordpress`` on a fresh database. For comparison it also measures
``manage.py check`` (the same process doing nothing). DATABASE_URL, if set, is used instead of the SQLite file.

Run: ``python bench/import_memory.py [POSTS]`` (5000 by default).
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# What the worker's two tasks do for an upload, on a copy of the export in the private import folder.
BROWSER = """
import shutil
from django.conf import settings
from django.contrib.auth.models import User
from imports import runs
from imports.models import ImportRun
settings.WORDPRESS_IMPORT_ROOT = "{folder}"
shutil.copy("{path}", "{folder}/upload.xml")
run = ImportRun.objects.create(source_name="export.xml", state="checking", export_name="upload.xml",
                               started_by=User.objects.get(username="importer"))
runs.dry_run(run)
assert runs.start(run.pk)
run.refresh_from_db()
runs.import_run(run)
assert run.state == "finished" and run.created > 0, (run.state, run.error)
"""


def peak_rss_mb(command: list[str], env: dict) -> tuple[float, float]:
    """Run a child to completion; return its peak RSS in MB and its wall time in seconds."""
    started = time.monotonic()
    pid = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL).pid  # noqa: S603
    _, status, usage = os.wait4(pid, 0)
    if status:
        sys.exit(f"{' '.join(command)} failed ({status})")
    return usage.ru_maxrss / 1024, time.monotonic() - started  # Linux reports kilobytes


def main() -> None:
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1"),
            "DJANGO_MEDIA_ROOT": str(Path(folder) / "media"),
            "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{folder}/db.sqlite3"),
        }
        export = Path(folder) / "export.xml"
        subprocess.run([python, "-m", "tests.imports.generate_wxr", str(posts), str(export)], cwd=ROOT, check=True)  # noqa: S603
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        script = "from tests.factories import make_writer; make_writer('importer')"
        subprocess.run([python, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)  # noqa: S603
        idle, _ = peak_rss_mb([python, "manage.py", "check"], env)
        size = export.stat().st_size / 1e6
        print(f"{posts} posts, {size:.0f} MB export; manage.py check: peak RSS {idle:.0f} MB")
        browser = [python, "manage.py", "shell", "-c", BROWSER.format(path=str(export), folder=folder)]
        peak, wall = peak_rss_mb(browser, env)
        print(f"browser import (dry run, then import): peak RSS {peak:.0f} MB in {wall:.0f} s")
        subprocess.run([python, "manage.py", "flush", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        subprocess.run([python, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)  # noqa: S603
        command = [python, "manage.py", "import_wordpress", str(export), "--user", "importer", "--no-progress"]
        peak, wall = peak_rss_mb(command, env)
        print(f"import_wordpress: peak RSS {peak:.0f} MB in {wall:.0f} s")


if __name__ == "__main__":
    main()
