"""What the API tests read: one live page of each kind with known provenance, and what must never show."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from editorial import workflow
from editorial.models import Contributor
from tests import factories


def go_live(obj, *, reviewer=None, note: str = "", kind: str = ""):
    """Take a draft live: approved by ``reviewer`` (a licensed one by default), published by an editor."""
    factories.approve_as(obj, reviewer or factories.make_reviewer())
    return workflow.publish(obj, user=factories.make_editor(), note=note, kind=kind)


def republish(page, note: str, kind: str, reviewer=None, **changes):
    """Edit a live page as a writer and publish the change with a note for readers."""
    for name, value in changes.items():
        setattr(page, name, value)
    workflow.save_draft(page, user=factories.make_writer())
    return go_live(page, reviewer=reviewer, note=note, kind=kind)


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    """Walks and schemathesis make hundreds of requests from one address; tests of the limits set their own."""
    settings.API_ANON_RATE = "100000/min"


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def keyed():
    """A client sending a partner key (``keyed.partner_key``, generous like ``_generous_limits``) with every request."""
    key, token = factories.make_partner_key(rate_per_minute=100000)
    client = Client(headers={"Authorization": f"Bearer {token}"})
    client.partner_key = key
    return client


@pytest.fixture
def receivers(settings):
    """Make partners' webhook receivers on this machine (not started: down until ``start()``); closed after."""
    from tests.webhook_receivers import Receiver

    settings.WEBHOOK_ALLOW_LOCAL = True  # plain http to 127.0.0.1, as with DEBUG on
    made: list[Receiver] = []

    def make(status: int = 200, location: str = "") -> Receiver:
        made.append(Receiver(status, location))
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


@pytest.fixture
def site(db):
    """A small live site: an article with provenance, a condition, a site page, and hidden drafts beside them."""
    reviewer_user = factories.make_reviewer("dr-ames")
    reviewer = Contributor.objects.get(user=reviewer_user)
    Contributor.objects.filter(pk=reviewer.pk).update(name="Dana Ames", credentials="PharmD", slug="dana-ames")
    reviewer.refresh_from_db()
    writer = factories.make_contributor(name="Sam Writer", slug="sam-writer", is_writer=True)
    topic = factories.make_topic(name="Medications", slug="medications")
    condition = go_live(
        factories.make_condition(name="Opioid use disorder", slug="opioid-use-disorder", also_known_as="OUD"),
        reviewer=reviewer_user,
    )
    article = factories.make_article(
        title="Naltrexone basics",
        slug="naltrexone-basics",
        summary="What naltrexone does.",
        key_takeaways="Blocks opioids\nTaken daily",
        body='<h2>Dosing</h2><p>50 mg daily [1]. See <a href="/conditions/opioid-use-disorder/">OUD</a>.</p>'
        '<p><img src="/media/articles/chart.png" alt="A chart"></p>',
        topic=topic,
        authors=[writer],
        conditions=[condition],
        sources=[
            {
                "title": "Naltrexone trial",
                "publisher": "NEJM",
                "year": 2021,
                "url": "https://example.org/trial",
                "doi": "10.1000/xyz",
                "pmid": "123456",
            }
        ],
    )
    article = go_live(article, reviewer=reviewer_user)
    article = republish(article, "Corrected the starting dose.", "correction", reviewer=reviewer_user, summary="Fixed.")
    page = go_live(factories.make_site_page(kind="about", makes_medical_claims=False), reviewer=factories.make_editor())
    hidden = {
        "draft": factories.make_article(title="Secret draft", slug="secret-draft", topic=topic),
        "unpublished": factories.make_live_article(title="Withdrawn piece", slug="withdrawn-piece", topic=topic),
        "draft condition": factories.make_condition(name="Hidden condition", slug="hidden-condition"),
    }
    workflow.unpublish(hidden["unpublished"], user=factories.make_editor())
    return {
        "article": article,
        "condition": condition,
        "page": page,
        "topic": topic,
        "reviewer": reviewer,
        "writer": writer,
        "hidden": hidden,
        "today": timezone.localdate(),
        "next_year": timezone.localdate() + datetime.timedelta(days=365),
    }
