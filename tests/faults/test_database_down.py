"""The database connection dies again and again under contact-form load: nobody is told a stored request was lost.

gunicorn reaches PostgreSQL through a proxy (bench/tcp_proxy.py) that the test cuts: every open connection
is reset mid-query, in-flight commits lose their answers, new connections are refused, then it comes back.
The machine's PostgreSQL keeps running. A visitor may hear "we could not confirm" (the truth when a commit's
answer is lost), but never "not sent" for a request that is stored, and every thanks is for a stored request.
"""

import threading
import time
import urllib.parse
import uuid

import pytest

from bench.tcp_proxy import Proxy
from contact.forms import sign_started
from tests.faults.conftest import Server, free_port, postgres_url, site_env
from tests.scaleout.conftest import CSRF_INPUT, Visitor

pytestmark = pytest.mark.postgres
POSTERS = 6


@pytest.fixture(autouse=True)
def _needs_postgres():
    if postgres_url() is None:
        import os

        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL.")
        pytest.skip("A database outage is tested on PostgreSQL (DATABASE_URL); SQLite has no connection to cut.")


def post_until(base: str, stop: threading.Event, told: dict, lock: threading.Lock) -> None:
    while not stop.is_set():
        token = uuid.uuid4()
        data = {
            "name": "Outage Visitor",
            "phone": "",
            "email": "visitor@example.org",
            "preferred_contact": "email",
            "for_whom": "self",
            "message": "",
            "consent": "on",
            "extra_details": "",
            "started": sign_started(token, at=time.time() - 30),
        }
        visitor = Visitor(base)
        try:
            _, _, form_page = visitor.get("/contact/")
            csrf = CSRF_INPUT.search(form_page)
            if csrf is None:  # the outage hit the form page itself: the visitor saw the phone, not a form
                status, headers, body = -1, {}, ""
            else:
                status, headers, body = visitor.request("POST", "/contact/", {**data, "csrfmiddlewaretoken": csrf[1]})
        except OSError:
            status, headers, body = 0, {}, ""
        if status == -1:
            answer = "form page unavailable"
        elif status == 302 and headers.get("location") == "/contact/thanks/":
            answer = "thanked"
        elif "your message was not sent" in body:
            answer = "not sent"
        elif "could not confirm" in body:
            answer = "could not confirm"
        else:
            answer = f"other {status}"
        with lock:
            told[token] = answer
        time.sleep(0.01)


def test_no_stored_request_is_reported_as_not_sent_while_the_connection_keeps_dying(demo_database, tmp_path):
    upstream = urllib.parse.urlsplit(demo_database.url)
    with Proxy((upstream.hostname, upstream.port or 5432)) as proxy:
        through_proxy = demo_database.url.replace(upstream.netloc, f"{upstream.username}@127.0.0.1:{proxy.port}")
        env = site_env(through_proxy, CONTACT_RATE_LIMIT_POSTS="1000000000")
        told, lock, stop = {}, threading.Lock(), threading.Event()
        with Server(free_port(), env, tmp_path / "gunicorn.log") as server:
            posters = [
                threading.Thread(target=post_until, args=(server.base, stop, told, lock)) for _ in range(POSTERS)
            ]
            for poster in posters:
                poster.start()
            time.sleep(1.5)
            for _ in range(8):
                proxy.cut()
                time.sleep(0.3)
                proxy.restore()
                time.sleep(0.5)
            time.sleep(1.5)
            stop.set()
            for poster in posters:
                poster.join(timeout=30)

    stored = {uuid.UUID(str(row[0])) for row in demo_database.rows("SELECT token FROM contact_contactrequest")}
    answers = {answer: sum(1 for a in told.values() if a == answer) for answer in set(told.values())}
    misreported = [token for token, answer in told.items() if answer == "not sent" and token in stored]
    lost = [token for token, answer in told.items() if answer == "thanked" and token not in stored]
    print(f"\n{len(told)} posts: {answers}; stored {len(stored & set(told))}")

    assert misreported == [], answers
    assert lost == [], answers
    assert answers.get("thanked", 0) > 50
    assert sum(n for answer, n in answers.items() if answer != "thanked") > 0, "the outage never hit a post"
    assert not [answer for answer in answers if answer.startswith("other") and answer != "other 503"], answers
    log = server.output()
    assert "Traceback" not in log
