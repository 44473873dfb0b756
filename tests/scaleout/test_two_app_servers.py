"""Production shape: two app servers behind one PostgreSQL and one Redis behave as one site."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import User

from contact.forms import sign_started
from contact.models import ContactRequest
from editorial import workflow
from tests import factories
from tests.scaleout.conftest import RATE_LIMIT_POSTS, Visitor, require_shared_services

pytestmark = pytest.mark.postgres
PASSWORD = "correct-horse-battery"
VISITORS = 24
THANKS = (302, "/contact/thanks/")


@pytest.fixture(autouse=True)
def _shared_services():
    require_shared_services()


@pytest.fixture
def newsroom(site):
    editor = factories.make_editor("scaleout-editor")
    factories.make_totp_device(editor)
    return {"writer": factories.make_writer(), "reviewer": factories.make_reviewer(), "editor": editor}


def log_in(visitor: Visitor, username: str) -> None:
    status, headers, _ = visitor.post_form(
        "/admin/login/?next=/admin/", {"username": username, "password": PASSWORD, "next": "/admin/"}
    )
    assert (status, headers.get("location")) == (302, "/admin/"), "the staff login failed"
    # The second step: a code computed from the user's authenticator secret.
    device = User.objects.get(username=username).totpdevice_set.get()
    status, headers, _ = visitor.post_form(
        "/admin/sign-in/verify/?next=/admin/", {"code": factories.totp_code(device.key), "next": "/admin/"}
    )
    assert (status, headers.get("location")) == (302, "/admin/"), "the second sign-in step failed"


def contact_submission() -> dict:
    return {
        "name": "Sample Visitor",
        "phone": "",
        "email": "visitor@example.org",
        "preferred_contact": "email",
        "for_whom": "self",
        "message": "",
        "consent": "on",
        "website": "",
        "started": sign_started(at=time.time() - 30),
    }


def test_publish_through_one_server_shows_at_once_on_the_other(site, newsroom):
    first, second = site
    article = factories.make_article(title="Version one", user=newsroom["writer"])
    factories.publish(article, reviewer=newsroom["reviewer"], editor=newsroom["editor"])
    article.title = "Version two"
    workflow.save_draft(article, user=newsroom["writer"])
    factories.approve_draft(article, reviewer=newsroom["reviewer"])
    url = article.get_absolute_url()
    for base in (first, second):
        Visitor(base).get(url)  # fill each server's view of the shared page cache
        status, headers, page = Visitor(base).get(url)
        assert (status, headers.get("x-page-cache")) == (200, "hit")
        assert "Version one" in page

    editor = Visitor(first)
    log_in(editor, "scaleout-editor")
    status, _, _ = editor.post_form(
        f"/admin/articles/article/{article.pk}/workflow/",
        {"action": "publish"},
        token_page=f"/admin/articles/article/{article.pk}/change/",
    )
    assert status == 302

    status, _, page = Visitor(second).get(url)
    assert status == 200
    assert "Version two" in page
    assert "Version one" not in page


def test_staff_session_from_one_server_works_on_the_other(site, newsroom):
    first, second = site
    on_first = Visitor(first)
    log_in(on_first, "scaleout-editor")

    on_second = Visitor(second, cookies=dict(on_first.cookies))
    status, headers, page = on_second.get("/admin/")

    assert status == 200
    assert "scaleout-editor" in page.lower() or "log out" in page.lower()
    assert "no-store" in headers["cache-control"]


def test_contact_rate_limit_holds_across_both_servers(site):
    first, second = site
    answers = []
    for n in range(RATE_LIMIT_POSTS + 1):
        visitor = Visitor(first if n % 2 == 0 else second)
        status, _, page = visitor.post_form("/contact/", contact_submission())
        answers.append(status)

    assert answers == [302] * RATE_LIMIT_POSTS + [429]
    assert ContactRequest.objects.count() == RATE_LIMIT_POSTS


# Exactly once: double clicks that reach both servers together, and retries that land on the other
# server, are the ways a load balancer duplicates a post.


def visitor_submission(n: int, token: uuid.UUID) -> dict:
    return {
        "name": f"Visitor {n}",
        "phone": "",
        "email": f"visitor{n}@example.org",
        "preferred_contact": "email",
        "for_whom": "self",
        "message": "Please call me back.",
        "consent": "on",
        "website": "",
        "started": sign_started(token, at=time.time() - 30),
    }


def visit(n: int, token: uuid.UUID, servers: list[str]) -> list[tuple[int, str]]:
    """Show the form, then post it once, twice at once on both servers, or again after the answer."""
    address = f"127.0.0.{10 + n}"
    first = Visitor(servers[0], address=address)
    form = first.get("/contact/")[2]
    token_field = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    data = {**visitor_submission(n, token), "csrfmiddlewaretoken": token_field}
    second = Visitor(servers[1], cookies=first.cookies, address=address)

    def post(visitor: Visitor) -> tuple[int, str]:
        status, headers, _ = visitor.request("POST", "/contact/", data)
        return status, headers.get("location", "")

    kind = n % 3
    if kind == 0:
        return [post(first)]
    if kind == 1:  # a double click: both posts in flight together, one on each server
        answers = []
        clicks = [threading.Thread(target=lambda v=v: answers.append(post(v))) for v in (first, second)]
        for click in clicks:
            click.start()
        for click in clicks:
            click.join(timeout=30)
        return answers
    return [post(first), post(second)]  # a retry after a lost answer lands on the other server


def test_every_acknowledged_submission_is_stored_exactly_once(site):
    tokens = [uuid.uuid4() for _ in range(VISITORS)]

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(visit, range(VISITORS), tokens, [site] * VISITORS))

    assert all(answer == THANKS for visitor in answers for answer in visitor), answers
    assert sum(len(visitor) for visitor in answers) == VISITORS + 2 * (VISITORS // 3)
    stored = list(ContactRequest.objects.values_list("token", flat=True))
    assert sorted(stored) == sorted(tokens)
