"""What every API item states about its live version: revision number, notes, and the body as the page shows it.

The revisions of a whole page of results are read in one query (``attach_revisions``), so a list costs the same
number of queries for 2 items as for 25 (tests/api/test_queries.py).
"""

import re
from collections import defaultdict
from urllib.parse import urljoin

from django.contrib.contenttypes.models import ContentType

from editorial.models import Contributor, ReviewedContent, Revision
from website.outline import page_outline
from website.templatetags.seo import cite_links

# A sanitized body writes every attribute in double quotes (editorial/richtext.py), links and images included.
LINK_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


def attach_revisions(pages: list[ReviewedContent]) -> list[ReviewedContent]:
    """Give each live page its revision number and its public notes (newest first), in one query for all."""
    if not pages:
        return pages
    by_page = defaultdict(list)
    revisions = (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(type(pages[0])), object_id__in=[page.pk for page in pages]
        )
        .only("content_type", "object_id", "number", "published_at", "public_note", "note_kind")
        .order_by("-published_at", "-number")
    )
    for revision in revisions:
        by_page[revision.object_id].append(revision)
    for page in pages:
        found = by_page[page.pk]
        # An attribute the serializer reads, not a model field.
        page.live_revision = max((revision.number for revision in found), default=None)  # type: ignore[attr-defined]
        # Overrides the model's cached property with the same list it would read (one query per page).
        page.public_notes = [revision for revision in found if revision.public_note]
    return pages


def absolute_links(html: str, base: str) -> str:
    """Return the HTML with every link and image address made absolute against ``base`` (the page's URL)."""
    return LINK_ATTRIBUTE.sub(lambda match: f'{match.group(1)}="{urljoin(base, match.group(2))}"', html)


def rendered_body(page: ReviewedContent, page_url: str) -> str:
    """Return the body as the page shows it (heading ids, citation links), every address absolute."""
    body = cite_links(page_outline(page).html, len(page.source_list))
    return absolute_links(str(body), page_url)


def licence_status(contributor: Contributor) -> str:
    """Return whether a contributor's reviewing licence is current, expired, or not held at all."""
    if contributor.has_current_licence():
        return "current"
    return "expired" if contributor.is_medical_reviewer and contributor.licence_expiry else "none"
