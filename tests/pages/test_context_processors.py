"""The reusable blocks on every page: built-in text until one is live, then the published text, cached exactly."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from editorial import workflow
from tests import factories
from tests.pages.conftest import go_live, text_of

pytestmark = pytest.mark.django_db

BUILT_IN = {
    "disclaimer": "It is reviewed by licensed health professionals, but it does not replace advice",
    "header strip": "In crisis? Call or text 988 (Suicide",
    "crisis panel": "Help is available now",
    "admissions phone": "(555) 010-0199",
}


def test_every_page_type_shows_the_built_in_disclaimer_988_and_admissions_phone_while_no_block_is_live(live_site):
    factories.make_block(kind="disclaimer", body="<p>A draft disclaimer nobody approved.</p>")
    client = Client()

    for name, url in live_site.items():
        text = text_of(client.get(url))
        missing = [label for label, phrase in BUILT_IN.items() if phrase not in text]
        assert missing == [], f"{name} ({url}) lacks {missing}"
        assert "A draft disclaimer nobody approved." not in text


def test_a_published_block_change_shows_on_every_page_type(live_site):
    writer = factories.make_writer()
    blocks = {
        "disclaimer": "<p>Our new disclaimer: talk to your own clinician first.</p>",
        "help_panel": '<ul><li>Call or text <a href="tel:988">988</a> any time, day or night.</li></ul>',
        "header_strip": '<p>Need help now? Call or text <a href="tel:988">988</a>.</p>',
        "contact_cta": "<p>Our team answers every message in confidence.</p>",
    }
    for kind, body in blocks.items():
        go_live(factories.make_block(kind=kind, heading=f"New {kind} heading", body=body, user=writer))
    client = Client()

    for name, url in live_site.items():
        text = text_of(client.get(url))
        assert "Our new disclaimer: talk to your own clinician first." in text, name
        assert "Call or text 988 any time, day or night." in text, name
        assert "Need help now? Call or text 988" in text, name
        assert "New help_panel heading" in text and "New disclaimer heading" in text, name
        # The phone numbers come from settings around the blocks' text, whatever the text says.
        assert "(555) 010-0199" in text, name
        assert BUILT_IN["header strip"] not in text, name
    for url in (live_site["article"], live_site["condition"]):  # the pages that carry the call to action
        assert "Our team answers every message in confidence." in text_of(client.get(url))


def test_an_unpublished_block_gives_way_to_the_built_in_text_again(client):
    block = go_live(factories.make_block(kind="disclaimer", body="<p>Temporary disclaimer.</p>"))
    assert "Temporary disclaimer." in text_of(client.get("/"))

    workflow.unpublish(block, user=factories.make_editor())

    text = text_of(client.get("/"))
    assert "Temporary disclaimer." not in text and BUILT_IN["disclaimer"] in text


def test_with_the_page_cache_blocks_are_read_once_per_publish_and_a_new_one_shows_at_once(
    client, page_cache, django_capture_on_commit_callbacks
):
    block = factories.make_block(kind="disclaimer", body="<p>First wording.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        go_live(block)
    # The contact form is never stored whole, so each visit renders it and asks for the blocks.
    with CaptureQueriesContext(connection) as first:
        assert "First wording." in text_of(client.get("/contact/"))
    with CaptureQueriesContext(connection) as second:
        assert "First wording." in text_of(client.get("/contact/"))
    assert len(second) == len(first) - 1
    assert not any("pages_block" in query["sql"] for query in second.captured_queries)
    assert client.get("/").get("X-Page-Cache") == "miss"
    assert client.get("/").get("X-Page-Cache") == "hit"

    block.body = "<p>Second wording.</p>"
    workflow.save_draft(block, user=factories.make_writer())
    with django_capture_on_commit_callbacks(execute=True):
        go_live(block)

    response = client.get("/")
    assert response.get("X-Page-Cache") == "miss"
    assert "Second wording." in text_of(response) and "First wording." not in text_of(response)
    assert "Second wording." in text_of(client.get("/contact/"))
