"""The live reusable blocks, for every template (``site_blocks.disclaimer.body`` ...).

Where the page cache runs (a shared cache, PAGE_CACHE_SECONDS > 0) they are read at most once per
content state: they are kept by the content cache (caching.content), whose state every publish
replaces when it commits, so a published block shows on the next render everywhere and an unchanged
site costs no query. Without a shared cache, a process could not learn of another's publish, so each
render reads them in one query instead.
A kind with no live block is missing from the mapping and the template shows its built-in text.
The blocks are pages' (pages/blocks.py); their cache is website's, since it rides on the page cache, and pages
sits below website (docs/architecture.md, "Layers").
"""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from caching import content as content_cache
from pages.blocks import read_blocks

BLOCKS_KEY = "pages:blocks"
BLOCKS_SECONDS = 24 * 3600


def live_blocks(state: content_cache.State = content_cache.UNKNOWN) -> dict[str, dict[str, str]]:
    """Return the live blocks' texts by kind: from the content cache while current, else in one query.

    ``state`` is the content state the page cache already read for this request (None when the cache is
    down); otherwise it is read with the stored blocks in one round trip.
    """
    return content_cache.get_or_set(BLOCKS_KEY, read_blocks, BLOCKS_SECONDS, state=state)


def blocks(request: HttpRequest) -> dict:
    """Offer the live blocks to templates, read only when a template uses them."""
    state = getattr(request, "content_state", content_cache.UNKNOWN)
    return {"site_blocks": SimpleLazyObject(lambda: live_blocks(state))}
