"""Share links' rules: who may make one, for which draft, for how long, and when it stops working."""

import datetime

import pytest
from django.utils import timezone

from editorial import workflow
from sharing.models import ShareLink, SharingError, create_link, hash_token, revoke
from tests import factories

pytestmark = pytest.mark.django_db


def test_link_works_while_its_draft_is_unchanged():
    article = factories.make_article()
    link, token = create_link(article, user=factories.make_writer())

    assert link.refusal(article) == ""
    assert link.token_hash == hash_token(token) and token not in link.token_hash


def test_link_lasts_the_days_chosen_up_to_thirty():
    article = factories.make_article()
    editor = factories.make_editor()

    link, _ = create_link(article, user=editor, days=30)

    assert link.expires_at - link.created_at == datetime.timedelta(days=30)
    with pytest.raises(SharingError, match="from 1 to 30 days"):
        create_link(article, user=editor, days=31)
    with pytest.raises(SharingError, match="from 1 to 30 days"):
        create_link(article, user=editor, days=0)


def test_reviewers_and_intake_staff_cannot_make_links():
    article = factories.make_article()

    for user in (factories.make_reviewer(), factories.make_intake(), None):
        with pytest.raises(SharingError, match="Only writers and editors"):
            create_link(article, user=user)
    assert not ShareLink.objects.exists()


def test_live_page_with_pending_changes_can_be_shared():
    article = factories.make_live_article()
    article.summary = "A pending change."
    workflow.save_draft(article, user=article.draft_updated_by)

    link, _ = create_link(article, user=factories.make_editor())

    assert link.refusal(article) == ""


def test_refusals_in_order_revoked_expired_published_replaced():
    article = factories.make_article()
    writer = factories.make_writer()
    revoked, _ = create_link(article, user=writer)
    revoke(revoked, user=writer)
    expired, _ = create_link(article, user=writer)
    later = timezone.now() + datetime.timedelta(days=8)

    assert revoked.refusal(article) == ShareLink.Refusal.REVOKED
    assert expired.refusal(article, now=later) == ShareLink.Refusal.EXPIRED
    assert expired.refusal(None) == ShareLink.Refusal.GONE

    article.title = "Edited"
    workflow.save_draft(article, user=writer)
    assert expired.refusal(article) == ShareLink.Refusal.REPLACED

    current, _ = create_link(article, user=writer)
    factories.publish(article)
    assert current.refusal(article) == ShareLink.Refusal.PUBLISHED


def test_revoking_twice_keeps_the_first_time():
    article = factories.make_article()
    writer = factories.make_writer()
    link, _ = create_link(article, user=writer)
    revoke(link, user=writer)
    first = link.revoked_at

    revoke(link, user=factories.make_editor())

    assert link.revoked_at == first and link.revoked_by == writer
