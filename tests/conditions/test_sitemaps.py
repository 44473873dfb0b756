"""Condition section of /sitemap.xml: live condition pages only."""

import pytest
from django.utils import timezone

from editorial import workflow
from tests import factories
from tests.articles.test_sitemaps import sitemap_entries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("canonical_site")]


def test_live_conditions_are_listed_with_their_last_publish_date(client):
    condition = factories.make_live_condition(slug="fibromyalgia")

    entries = sitemap_entries(client)

    assert (
        entries["http://www.recovery.example/conditions/fibromyalgia/"]
        == timezone.localdate(condition.last_published_at).isoformat()
    )


def test_draft_and_unpublished_conditions_are_left_out(client):
    factories.make_condition(slug="draft")
    workflow.unpublish(factories.make_live_condition(slug="expired"), user=factories.make_editor())

    locations = " ".join(sitemap_entries(client))

    assert "/conditions/draft/" not in locations
    assert "/conditions/expired/" not in locations
