"""The live reusable blocks, for every template (``site_blocks.disclaimer.body`` ...).

Where the page cache runs (a shared cache, PAGE_CACHE_SECONDS > 0) they are read at most once while no block
changes: they are kept by the content cache (caching.content) under the blocks' model tag, which publishing
any block bumps when it commits, so a published block shows on the next render everywhere and an unchanged
site costs no query. Every page that shows them records that tag too, so a block's change refreshes every
page (and purges them from a front cache). Without a shared cache, a process could not learn of another's
publish, so each render reads them in one query instead.
A kind with no live block is missing from the mapping and the template shows its built-in text.
The blocks are pages' (pages/blocks.py); their cache is website's, since it rides on the page cache, and pages
sits below website (docs/architecture.md, "Layers").
"""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from caching import content as content_cache
from pages.blocks import read_blocks
from pages.models import Block

BLOCKS_KEY = "pages:blocks"
BLOCKS_SECONDS = 24 * 3600


def live_blocks(state: content_cache.State | None = content_cache.UNKNOWN) -> dict[str, dict[str, str]]:
    """Return the live blocks' texts by kind: from the content cache while current, else in one query.

    ``state`` is the one the page cache read for this request (None when the cache is down); otherwise the
    content cache reads what it needs with the stored blocks. Read as plain values, the blocks load no model
    instance to record: what shows them records their model's tag here.
    """
    language = get_language()
    return content_cache.get_or_set(
        f"{BLOCKS_KEY}:{language}", lambda: _read_blocks(language), BLOCKS_SECONDS, state=state
    )


def _read_blocks(language: str) -> dict[str, dict[str, str]]:
    content_cache.shows(content_cache.kind_tag(Block))
    return read_blocks(language)


def blocks(request: HttpRequest) -> dict:
    """Offer the live blocks to templates, read only when a template uses them."""
    state = getattr(request, "content_state", content_cache.UNKNOWN)
    return {"site_blocks": SimpleLazyObject(lambda: live_blocks(state))}
