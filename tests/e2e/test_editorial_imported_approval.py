"""An approved draft from a WordPress import survives the editor's re-serialisation (issue 25, item 5).

The body was written by the importer, never by CKEditor 5: opening it in the editor re-serialises it, and
every workflow button saves the form first. Only a real change may void the approval.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from editorial.models import ReviewEvent
from editorial.workflow import ReviewState
from imports.models import ImportedItem
from tests import factories
from tests.e2e.test_editorial_admin import SLOW, fresh, open_change_page
from tests.imports.conftest import export, prepare_imported, write_uploads

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.e2e.urls_media")]
Action = ReviewEvent.Action


def approved_import(tmp_path) -> Article:
    """Import site.xml's "How low-dose naltrexone is used" and take it through medical review to approval."""
    importer = factories.make_writer("importer")
    uploads = write_uploads(tmp_path)
    call_command(
        "import_wordpress", export("site.xml"), "--user", importer.username, "--media-dir", str(uploads),
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    article = prepare_imported(ImportedItem.objects.get(wp_id=101).article)
    return factories.approve_draft(article)


def schedule(page, when: datetime.datetime) -> None:
    page.fill("#id_review-when", timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule publication", exact=True).click()


def edits_of(article) -> int:
    return ReviewEvent.objects.filter(
        content_type=article.content_type, object_id=article.pk, action=Action.EDIT
    ).count()


def test_scheduling_an_approved_import_keeps_the_approval_and_one_changed_word_voids_it(desk, live_server, tmp_path):
    article = approved_import(tmp_path)
    approved, edits = article.approved_fingerprint, edits_of(article)
    editor = factories.make_editor("editor")
    page = desk(editor)
    open_change_page(page, live_server, article)
    expect(page.locator(".field-body .ck-editor__editable_inline")).to_contain_text("off-label", timeout=SLOW)

    when = timezone.now() + datetime.timedelta(days=2)
    schedule(page, when)

    expect(page.locator(".messagelist")).to_contain_text("Scheduled to go live on", timeout=SLOW)
    stored = fresh(article)
    assert stored.review_state == ReviewState.APPROVED
    assert stored.approved_fingerprint == approved == stored.draft_fingerprint
    assert stored.publish_at is not None
    assert edits_of(article) == edits

    page.get_by_role("button", name="Cancel scheduled publication", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("the approval is kept", timeout=SLOW)
    editable = page.locator(".field-body .ck-editor__editable_inline")
    editable.get_by_text("Doctors prescribe it for").click()
    page.keyboard.press("End")
    page.keyboard.type(" Rarely.")
    schedule(page, when)

    expect(page.locator(".messagelist")).to_contain_text(
        "Your changes were saved. Nothing else was done: The draft changed after it was approved, "
        "which voids the approval",
        timeout=SLOW,
    )
    stored = fresh(article)
    assert "Rarely." in stored.body
    assert stored.review_state == ReviewState.DRAFT
    assert stored.publish_at is None
    assert edits_of(article) == edits + 1
    assert page.console_errors == []
