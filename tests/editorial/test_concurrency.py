"""Two editors pressing Save at the same moment: one edit is stored, the other refused with its input kept.

Each request runs in its own thread with its own database connection, as on a server. Both requests are
held after their form's check until both have passed it, so each round is the race the form check alone
lost (issue 24): only the comparison on the locked row (``workflow.save_draft``) can tell them apart.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.models import ReviewEvent
from tests import factories, postgres

# Not on SQLite: the site's SQLite runs IMMEDIATE transactions, one writer at a time, so the race held open here
# cannot happen there (a request held inside its transaction blocks the other's BEGIN until the barrier times out),
# and the test database is in-memory with a shared cache, whose table locks fail at once instead of waiting.
# tests/recovery_site/test_settings.py shows on an SQLite file that two read-then-write transactions queue.
pytestmark = postgres.CONCURRENCY

ROUNDS = 10


@pytest.fixture
def hold_after_form_check(monkeypatch):
    """Return a gate that holds each save after its form was checked, before save_draft locks the row.

    save_draft's permission guard is the first workflow call after the form's check; later calls (the
    review panel of a re-shown form asks the same guard) pass, as each thread waits only once.
    """
    gate = {"barrier": None, "held": set()}
    check = workflow.check_save_draft

    def held(page, user):
        if gate["barrier"] is not None and threading.get_ident() not in gate["held"]:
            gate["held"].add(threading.get_ident())
            gate["barrier"].wait(timeout=30)
        check(page, user)

    monkeypatch.setattr(workflow, "check_save_draft", held)
    return gate


def change_url(page):
    return reverse("admin:articles_article_change", args=[page.pk])


def save_at_once(clients: dict, page, posts: dict, gate: dict) -> dict:
    """Post each person's form from its own thread at the same moment; return each person's response."""
    start = threading.Barrier(len(posts))
    gate.update(barrier=threading.Barrier(len(posts)), held=set())
    responses, errors = {}, []

    def save(name: str) -> None:
        try:
            start.wait(timeout=30)
            responses[name] = clients[name].post(change_url(page), posts[name])
        except Exception as error:  # reported below, so a thread's failure fails the test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    gate["barrier"] = None
    assert errors == []
    return responses


def test_two_editors_saving_the_same_version_at_once_store_one_edit_and_refuse_the_other(hold_after_form_check):
    clients = {}
    for editor in (factories.make_editor("alex"), factories.make_editor("sam")):
        clients[editor.username] = Client()
        factories.login_staff(clients[editor.username], editor)

    for round_number in range(ROUNDS):
        article = factories.make_article(title="Original title")
        # Both open the page before either saves, so both forms carry the same draft version.
        posts = {
            name: factories.admin_change_data(client.get(change_url(article)), title=f"{name}'s title {round_number}")
            for name, client in clients.items()
        }
        edits = ReviewEvent.objects.filter(object_id=article.pk, action=ReviewEvent.Action.EDIT)
        edits_before = edits.count()

        responses = save_at_once(clients, article, posts, hold_after_form_check)

        statuses = {name: response.status_code for name, response in responses.items()}
        assert sorted(statuses.values()) == [200, 302], f"round {round_number}: {statuses}"
        winner = next(name for name, status in statuses.items() if status == 302)
        loser = next(name for name, status in statuses.items() if status == 200)
        stored = Article.objects.get(pk=article.pk)
        assert stored.draft["fields"]["title"] == f"{winner}'s title {round_number}"
        assert stored.draft_updated_by.username == winner
        assert edits.count() == edits_before + 1
        refused = responses[loser].content.decode()
        assert f"{winner} saved this page at" in refused and "nothing was saved" in refused
        assert reverse("admin:articles_article_compare", args=[article.pk]) in refused
        assert f'value="{loser}&#x27;s title {round_number}"' in refused
