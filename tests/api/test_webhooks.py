"""Deliveries recorded with the change they report (api/webhooks.py, api/signals.py): which event, to whom, what body."""

import json

import pytest
from django.db import transaction

from api import signals
from api.models import DeliveryState, PartnerKey, WebhookDelivery
from articles.models import Article
from editorial import workflow
from editorial.models import ReviewEvent
from tests import factories
from tests.api.conftest import go_live, republish
from tests.queued import queued_tasks

pytestmark = pytest.mark.django_db

SEND = "api.tasks.send_webhook"


def events(url: str) -> list[str]:
    return [delivery.event for delivery in WebhookDelivery.objects.filter(subscription__url=url).order_by("created_at")]


def test_first_publication_update_correction_and_withdrawal_are_each_named(db):
    factories.make_subscription("https://partner.example/hooks")
    article = go_live(factories.make_article(title="Naltrexone basics", slug="naltrexone-basics"))
    republish(article, "Added a dose table.", "update", summary="Second.")
    republish(article, "Corrected the starting dose.", "correction", summary="Third.")
    republish(article, "", "", summary="Fourth, no note.")
    workflow.unpublish(article, user=factories.make_editor())
    republish(article, "", "", summary="Back again.")

    assert events("https://partner.example/hooks") == [
        "published",
        "updated",
        "corrected",
        "updated",
        "unpublished",
        "published",
    ]


def test_the_body_names_the_page_its_addresses_its_revision_and_when(settings, db):
    settings.SITE_URL = "https://recovery.example"
    factories.make_subscription("https://partner.example/hooks")
    article = go_live(factories.make_article(slug="naltrexone-basics"))
    republish(article, "Corrected the starting dose.", "correction", summary="Fixed.")

    delivery = WebhookDelivery.objects.get(event="corrected")
    body = json.loads(delivery.body)

    assert body == {
        "id": str(delivery.pk),
        "event": "corrected",
        "occurred_at": body["occurred_at"],
        "page": {
            "type": "article",
            "id": article.pk,
            "url": "https://recovery.example/articles/naltrexone-basics/",
            "api_url": "https://recovery.example/api/v1/articles/naltrexone-basics/",
            "revision": 2,
        },
    }
    assert body["occurred_at"].startswith(str(article.last_published_at.date()))


def test_site_pages_and_conditions_are_named_by_their_own_api_address(settings, db):
    settings.SITE_URL = "https://recovery.example"
    factories.make_subscription("https://partner.example/hooks")
    go_live(factories.make_site_page(kind="about", makes_medical_claims=False), reviewer=factories.make_editor())
    go_live(factories.make_condition(slug="fibromyalgia"))

    api_urls = sorted(json.loads(delivery.body)["page"]["api_url"] for delivery in WebhookDelivery.objects.all())

    assert api_urls == [
        "https://recovery.example/api/v1/conditions/fibromyalgia/",
        "https://recovery.example/api/v1/pages/about/",
    ]


def test_each_subscription_gets_only_the_events_it_chose(db):
    factories.make_subscription("https://all.example/hooks")
    factories.make_subscription("https://withdrawals.example/hooks", on_published=False, on_updated=False)
    article = go_live(factories.make_article())
    workflow.unpublish(article, user=factories.make_editor())

    assert events("https://all.example/hooks") == ["published", "unpublished"]
    assert events("https://withdrawals.example/hooks") == ["unpublished"]


def test_inactive_subscriptions_and_revoked_keys_get_nothing(db):
    factories.make_subscription("https://inactive.example/hooks", active=False)
    revoked = factories.make_subscription("https://revoked.example/hooks")
    PartnerKey.objects.filter(pk=revoked.key_id).update(revoked_at=revoked.created_at)

    go_live(factories.make_article())

    assert WebhookDelivery.objects.count() == 0


def test_each_delivery_is_queued_for_the_worker_with_the_change(db):
    factories.make_subscription("https://one.example/hooks")
    factories.make_subscription("https://two.example/hooks")

    go_live(factories.make_article())

    deliveries = {str(pk) for pk in WebhookDelivery.objects.values_list("pk", flat=True)}
    assert len(deliveries) == 2
    assert {args[0] for path, args in queued_tasks() if path == SEND} == deliveries
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {DeliveryState.PENDING}


def test_a_rolled_back_publish_records_and_queues_nothing(db):
    factories.make_subscription("https://partner.example/hooks")
    article = factories.make_article()
    factories.approve_as(article, factories.make_reviewer())
    editor = factories.make_editor()

    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.publish(article, user=editor)
        assert WebhookDelivery.objects.count() == 1  # written in the publish's transaction...
        raise RuntimeError("the request failed after publishing")

    assert WebhookDelivery.objects.count() == 0  # ...and gone with it
    assert [path for path, _ in queued_tasks() if path == SEND] == []


def test_without_subscriptions_a_transition_costs_one_query_more_and_records_nothing(db, django_assert_num_queries):
    article = go_live(factories.make_article())
    event = ReviewEvent.objects.filter(action=ReviewEvent.Action.PUBLISH).get()
    factories.make_subscription("https://inactive.example/hooks", active=False)

    with django_assert_num_queries(2):
        signals.page_published(Article, article, event=event)
        signals.page_unpublished(Article, article, event=event)

    assert WebhookDelivery.objects.count() == 0
