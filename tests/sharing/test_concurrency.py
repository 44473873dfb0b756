"""Outside reviewers posting through one share link at once: the comment bound and a revocation both hold.

Each post runs in its own thread with its own database connection, as on a server, and is held after the
view's first, unlocked look at the link (its refusal and its comment count) until the moment the test
chooses: every post has then passed that look, the race issue 24 found (35 comments on a 30-comment link,
comments stored after the revocation). Only the checks made again under the link's row lock can hold.
"""

import re
import threading

from django.db import connection
from django.test import Client

from comments.models import Comment
from sharing import views
from sharing.models import MAX_COMMENTS_PER_LINK, ShareLink, ShareLinkUse
from tests import factories, postgres

# Not on SQLite: the site's SQLite runs IMMEDIATE transactions, one writer at a time, so the race held open here
# cannot happen there (a request held inside its transaction blocks the other's BEGIN until the barrier times out),
# and the test database is in-memory with a shared cache, whose table locks fail at once instead of waiting.
# tests/recovery_site/test_settings.py shows on an SQLite file that two read-then-write transactions queue.
pytestmark = postgres.CONCURRENCY

POSTERS = 20


def hold_after_first_look(monkeypatch, until: threading.Event | None = None) -> threading.Barrier:
    """Hold each post once the view has looked at the link (``targets`` comes right after that look).

    Every post waits at the returned barrier, with whoever else joins it, and then for ``until`` if given.
    """
    gate = threading.Barrier(POSTERS + (1 if until else 0))
    choices = views.targets

    def held(page):
        gate.wait(timeout=30)
        if until is not None:
            until.wait(timeout=30)
        return choices(page)

    monkeypatch.setattr(views, "targets", held)
    return gate


def make_link(page) -> tuple[ShareLink, str]:
    """Make a share link as a writer does on the change page; return it with its address."""
    client = Client()
    factories.login_staff(client, factories.make_writer())
    create = f"/admin/share-links/{page.content_type.pk}/{page.pk}/"
    shown = client.post(create, {"days": 7}, follow=True).content.decode()
    address = re.search(r'id="share-new-url"[^>]*value="([^"]+)"', shown).group(1).replace("http://testserver", "")
    return ShareLink.objects.get(content_type=page.content_type, object_id=page.pk), address


def post_at_once(address: str, count: int, start: threading.Barrier | None = None) -> list:
    """Post ``count`` outside comments through the link, each from its own thread; return the responses.

    The posts start together, at ``start`` when given (with whoever else waits there).
    """
    start = start or threading.Barrier(count)
    responses, errors = [], []

    def post(number: int) -> None:
        try:
            start.wait(timeout=30)
            responses.append(Client().post(address, {"name": f"Dr {number}", "text": f"Remark {number}."}))
        except Exception as error:  # reported below, so a thread's failure fails the test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return responses


def test_twenty_posts_at_once_on_a_link_five_short_of_its_bound_store_exactly_five(monkeypatch):
    article = factories.make_article()
    link, address = make_link(article)
    visitor = Client()
    for number in range(MAX_COMMENTS_PER_LINK - 5):
        assert visitor.post(address, {"name": "Dr Early", "text": f"Early remark {number}."}).status_code == 302
    hold_after_first_look(monkeypatch)

    responses = post_at_once(address, POSTERS)

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] * 5 + [429] * (POSTERS - 5)
    for response in responses:
        if response.status_code == 429:
            assert "received as many comments as it accepts" in response.content.decode()
    assert Comment.objects.filter(object_id=article.pk).count() == MAX_COMMENTS_PER_LINK
    assert link.uses.filter(outcome=ShareLinkUse.Outcome.COMMENTED).count() == MAX_COMMENTS_PER_LINK


def test_posts_in_flight_when_the_link_is_revoked_are_all_refused_and_store_nothing(monkeypatch):
    article = factories.make_article()
    link, address = make_link(article)
    writer = Client()
    factories.login_staff(writer, link.created_by)
    revoked = threading.Event()
    everyone_looked = hold_after_first_look(monkeypatch, until=revoked)
    answers = []

    def revoke_when_every_post_has_looked() -> None:
        try:
            everyone_looked.wait(timeout=30)
            answers.append(writer.post(f"/admin/share-links/{link.pk}/revoke/").status_code)
        finally:
            revoked.set()
            connection.close()

    revoker = threading.Thread(target=revoke_when_every_post_has_looked)
    revoker.start()
    responses = post_at_once(address, POSTERS)
    revoker.join(timeout=60)

    assert answers == [302]
    assert [response.status_code for response in responses] == [410] * POSTERS
    assert all("withdrawn by the editorial team" in response.content.decode() for response in responses)
    assert not Comment.objects.filter(object_id=article.pk).exists()
    assert link.uses.filter(outcome=ShareLinkUse.Outcome.REFUSED, detail="revoked").count() == POSTERS


def test_a_revocation_racing_twenty_posts_comes_after_every_comment_it_let_in():
    article = factories.make_article()
    link, address = make_link(article)
    writer = Client()
    factories.login_staff(writer, link.created_by)
    start = threading.Barrier(POSTERS + 1)
    answers = []

    def revoke() -> None:
        try:
            start.wait(timeout=30)
            answers.append(writer.post(f"/admin/share-links/{link.pk}/revoke/").status_code)
        finally:
            connection.close()

    revoker = threading.Thread(target=revoke)
    revoker.start()
    responses = post_at_once(address, POSTERS, start)
    revoker.join(timeout=60)

    assert answers == [302]
    link.refresh_from_db()
    stored = Comment.objects.filter(object_id=article.pk)
    assert sorted(response.status_code for response in responses) == [302] * stored.count() + [410] * (
        POSTERS - stored.count()
    )
    assert all(comment.created_at < link.revoked_at for comment in stored)
    assert all(use.at < link.revoked_at for use in link.uses.filter(outcome=ShareLinkUse.Outcome.COMMENTED))
