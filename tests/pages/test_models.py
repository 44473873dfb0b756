"""What decides who approves a site page or block, and the checks on a block's text."""

import pytest
from django.core.exceptions import ValidationError

from pages.models import Block, SitePage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "medical"),
    [("disclaimer", True), ("help_panel", True), ("contact_cta", False), ("header_strip", False)],
)
def test_disclaimer_and_crisis_panel_need_a_medical_reviewer_the_cta_and_header_strip_an_editor(kind, medical):
    assert Block(kind=kind).needs_medical_review is medical


def test_site_page_needs_a_medical_reviewer_while_its_live_version_or_its_draft_makes_medical_claims():
    page = factories.make_site_page(kind="about", makes_medical_claims=False)
    assert page.needs_medical_review is False

    page.draft = {**page.draft, "fields": {**page.draft["fields"], "makes_medical_claims": True}}
    assert page.needs_medical_review is True

    assert SitePage(kind="privacy", makes_medical_claims=True).needs_medical_review is True


@pytest.mark.parametrize("kind", ["help_panel", "header_strip"])
def test_crisis_texts_must_give_the_988_line(kind):
    block = Block(kind=kind, heading="Help", body="<p>Call our helpline.</p>")

    with pytest.raises(ValidationError, match="988"):
        block.full_clean()


def test_block_text_is_sanitized_on_save():
    block = factories.make_block(kind="contact_cta", body='<p onclick="steal()">Hi<script>x()</script></p>')

    assert block.body == "<p>Hi</p>"


def test_site_page_address_follows_its_kind():
    assert SitePage(kind="editorial-policy").get_absolute_url() == "/editorial-policy/"
    assert SitePage(kind="contact-details").get_absolute_url() == "/contact-details/"
