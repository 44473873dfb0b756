"""README's backup and restore, done for real: the restored database serves the same pages and requests.

PostgreSQL: ``pg_dump --format=custom``, then ``pg_restore`` into a new, empty database.
SQLite: the online backup API (what ``sqlite3 db ".backup file"`` uses), safe while the site runs.
"""

import contextlib
import re
import sqlite3
import subprocess
import time

from contact.forms import sign_started
from tests.faults.conftest import ScratchDatabase, Server, free_port, site_env
from tests.scaleout.conftest import Visitor

PAGES = [
    "/",
    "/articles/",
    "/articles/what-is-naltrexone-used-for/",
    "/conditions/",
    "/conditions/fibromyalgia/",
    "/conditions/multiple-sclerosis/",
    "/contributors/sample-reviewer/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/feeds/articles/",
]
REQUESTS = (
    "SELECT token, reference, name, phone, email, preferred_contact, for_whom, message, consent_version, "
    "is_urgent, status, sent_fast, created_at FROM contact_contactrequest ORDER BY id"
)


def serve(database_url: str, port: int, log) -> dict[str, str]:
    """Return each page's body as a visitor gets it from a site on this database."""
    with Server(port, site_env(database_url), log) as server:
        visitor = Visitor(server.base)
        pages = {}
        for path in PAGES:
            status, _, body = visitor.get(path)
            assert status == 200, path
            pages[path] = body
        return pages


def ask_for_help(database_url: str, port: int, log) -> None:
    with Server(port, site_env(database_url), log) as server:
        for n, message in enumerate(["Asking for my brother.", "I overdosed last month and want help."]):
            status, headers, _ = Visitor(server.base).post_form(
                "/contact/",
                {
                    "name": f"Backup Visitor {n}",
                    "phone": "(212) 555-0123",
                    "email": "",
                    "preferred_contact": "phone",
                    "for_whom": "loved_one",
                    "message": message,
                    "consent": "on",
                    "extra_details": "",
                    "started": sign_started(at=time.time() - 30),
                },
            )
            assert (status, headers.get("location")) == (302, "/contact/thanks/")


def back_up_and_restore(source: ScratchDatabase, restored: ScratchDatabase, tmp_path) -> None:
    if source.server:
        dump = tmp_path / "site.dump"
        host = ["--dbname"]
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", *host, source.url], check=True)
        restored.create()
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", *host, restored.url, str(dump)], check=True)
    else:
        with (
            contextlib.closing(sqlite3.connect(source.name)) as live,
            contextlib.closing(sqlite3.connect(restored.name)) as copy,
        ):
            live.backup(copy)


def test_restored_database_serves_the_same_pages_and_contact_requests(demo_database, tmp_path):
    port = free_port()
    ask_for_help(demo_database.url, port, tmp_path / "post.log")
    before = serve(demo_database.url, port, tmp_path / "before.log")
    requests_before = demo_database.rows(REQUESTS)
    restored = ScratchDatabase("restore", tmp_path)
    try:
        back_up_and_restore(demo_database, restored, tmp_path)
        demo_database.drop()  # the original is gone: only the backup is left
        after = serve(restored.url, port, tmp_path / "after.log")
        requests_after = restored.rows(REQUESTS)
    finally:
        restored.drop()

    assert len(requests_before) == 2
    assert requests_after == requests_before
    assert after == before
    article = before["/articles/what-is-naltrexone-used-for/"]
    assert re.search(r'"dateModified": ?"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d', article)  # timestamps are compared too
