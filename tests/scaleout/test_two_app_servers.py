"""Production shape: two app servers behind one PostgreSQL and one Redis behave as one site."""

import time

import pytest

from contact.forms import sign_started
from contact.models import ContactRequest
from editorial import workflow
from tests import factories
from tests.scaleout.conftest import RATE_LIMIT_POSTS, Visitor, require_shared_services

pytestmark = pytest.mark.postgres
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _shared_services():
    require_shared_services()


@pytest.fixture
def newsroom(site):
    editor = factories.make_editor("scaleout-editor")
    return {"writer": factories.make_writer(), "reviewer": factories.make_reviewer(), "editor": editor}


def log_in(visitor: Visitor, username: str) -> None:
    status, headers, _ = visitor.post_form(
        "/admin/login/?next=/admin/", {"username": username, "password": PASSWORD, "next": "/admin/"}
    )
    assert (status, headers.get("location")) == (302, "/admin/"), "the staff login failed"


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
