"""Only what visitors may see: every endpoint of the served schema, with every filter and crafted parameters,
as an anonymous client, as signed-in staff and with a partner key, never shows a draft, a withdrawn page or anyone's
private data.
"""

import itertools
import json

import pytest

from comments.models import Comment
from editorial import workflow
from sharing.models import create_link
from tests import factories

pytestmark = pytest.mark.django_db

# Query strings a client might try to widen what it gets; the API knows none of them but its filters.
CRAFTED = (
    "",
    "format=json",
    "format=api",
    "fields=draft,review_state,approved_by",
    "expand=draft",
    "live_status=none",
    "status=draft",
    "preview=1",
    "draft=1",
    "slug=secret-draft",
    "search=Secret",
    "ordering=draft",
    "page_size=1000",
    "page=2",
    "topic=medications",
    "condition=hidden-condition",
    "condition=opioid-use-disorder",
    "updated_since=1970-01-01T00:00:00Z",
    "since=1970-01-01T00:00:00Z",
    "topic=medications&updated_since=1970-01-01&condition=opioid-use-disorder",
    "topic[]=medications",
    "updated_since=not-a-date",
)
CRAFTED_ON_DETAILS = ("", "draft=1", "preview=1", "format=json", "fields=draft")
# Keys only staff records have: none may appear anywhere in a response.
PRIVATE_KEYS = {
    "draft",
    "review_state",
    "approved_by",
    "approved_fingerprint",
    "draft_updated_by",
    "email",
    "user",
    "licence_number",
    "licence_expiry",
    "token",
    "comments",
    "phone",
}


@pytest.fixture
def secrets(site):
    """Put everything the API must never show beside the live site, and return the texts that would betray it."""
    article = site["article"]
    article.summary = "UNREVIEWED DRAFT TEXT"
    workflow.save_draft(article, user=factories.make_writer("draft-editor"))
    Comment.objects.create(content_object=article, text="SECRET REVIEW COMMENT", guest_name="Outside Reviewer")
    _, token = create_link(article, user=factories.make_editor("link-maker"), label="For Dr Outside")
    factories.make_contact_request(name="Jordan Secretname", email="jordan.secret@example.net", message="Help me")
    only_drafts = factories.make_contributor(name="Draft Only Writer", slug="draft-only-writer", is_writer=True)
    factories.make_article(title="Another secret", slug="another-secret", authors=[only_drafts])
    return (
        "UNREVIEWED DRAFT TEXT",
        "Secret draft",
        "secret-draft",
        "Another secret",
        "Withdrawn piece",
        "withdrawn-piece",
        "Hidden condition",
        "hidden-condition",
        "Draft Only Writer",
        "SECRET REVIEW COMMENT",
        "Outside Reviewer",
        "For Dr Outside",
        token,
        "Jordan Secretname",
        "jordan.secret",
        "@example.org",
        "RPH-",
    )


def requested_addresses(client) -> list[str]:
    """Return every address to try: each path of the served schema with live and hidden keys, each query string."""
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    keys = ("naltrexone-basics", "opioid-use-disorder", "about", "medications", "dana-ames", "secret-draft")
    keys += ("withdrawn-piece", "hidden-condition", "privacy", "draft-only-writer", "1", "2", "3", "4", "5")
    lists = sorted(path for path in schema["paths"] if "{" not in path)
    details = sorted(path.split("{", 1)[0] + key + "/" for path in schema["paths"] if "{" in path for key in keys)
    return [f"{path}?{query}" for path, query in itertools.product(lists, CRAFTED)] + [
        f"{path}?{query}" for path, query in itertools.product(details, CRAFTED_ON_DETAILS)
    ]


def all_keys(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | set().union(*(all_keys(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(all_keys(value) for value in data))
    return set()


def assert_nothing_private(client, secrets, addresses):
    for address in addresses:
        response = client.get(address)
        text = response.content.decode()

        assert response.status_code in (200, 400, 404), address
        # A 404 page may repeat the address asked for; nothing else private may appear.
        assert not [secret for secret in secrets if secret in text and secret not in address], address
        if response.status_code == 200:
            assert not all_keys(json.loads(text)) & PRIVATE_KEYS, address


def test_anonymous_clients_reach_nothing_private_through_any_endpoint_or_parameter(secrets, anonymous):
    addresses = requested_addresses(anonymous)

    assert len(addresses) > 300
    assert_nothing_private(anonymous, secrets, addresses)


def test_signed_in_staff_get_what_anyone_gets(secrets, admin_client, anonymous):
    for address in ("/api/v1/articles/", "/api/v1/contributors/", "/api/v1/articles/secret-draft/"):
        assert admin_client.get(address).content == anonymous.get(address).content
    assert_nothing_private(admin_client, secrets, requested_addresses(admin_client)[::7])


def test_a_partner_key_gets_what_anyone_gets(secrets, keyed, anonymous):
    for address in ("/api/v1/articles/", "/api/v1/contributors/", "/api/v1/articles/secret-draft/"):
        assert keyed.get(address).content == anonymous.get(address).content
    assert_nothing_private(keyed, secrets, requested_addresses(keyed))


def test_the_walk_does_reach_the_live_content(secrets, anonymous):
    # Guards the test above: a walk that only met 404s would prove nothing.
    assert "Naltrexone basics" in anonymous.get("/api/v1/articles/naltrexone-basics/?draft=1").content.decode()
    assert "Dana Ames" in anonymous.get("/api/v1/contributors/").content.decode()
