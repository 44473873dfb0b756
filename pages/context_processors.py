"""The live reusable blocks, for every template (``site_blocks.disclaimer.body`` ...).

Where the page cache runs (a shared cache, PAGE_CACHE_SECONDS > 0) they are read at most once per
content generation: the cache key holds the page cache's generation, which every publish replaces
when it commits (website.cache.content_changed), so a published block shows on the next render
everywhere and an unchanged site costs no query. Without a shared cache, a process could not learn
of another's publish, so each render reads them in one query instead.
A kind with no live block is missing from the mapping and the template shows its built-in text.
"""

import logging

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from pages.models import Block
from website import cache as page_cache

logger = logging.getLogger(__name__)
BLOCKS_KEY = "pages:blocks:{generation}"
BLOCKS_SECONDS = 24 * 3600


def read_blocks() -> dict[str, dict[str, str]]:
    """Return the live blocks' texts by kind, in one query."""
    return {
        kind: {"heading": heading, "body": body}
        for kind, heading, body in Block.objects.live().values_list("kind", "heading", "body")
    }


def live_blocks() -> dict[str, dict[str, str]]:
    """Return the live blocks' texts by kind: from the cache for this generation, else in one query."""
    if not page_cache.enabled():
        return read_blocks()
    try:
        key = BLOCKS_KEY.format(generation=page_cache.current_generation())
        found = cache.get(key)
    except Exception:
        logger.warning("The cache is unavailable; reading the blocks from the database.")
        key, found = None, None
    if found is not None:
        return found
    found = read_blocks()
    if key:
        try:
            cache.set(key, found, timeout=BLOCKS_SECONDS)
        except Exception:
            logger.warning("The cache is unavailable; the blocks were not stored.")
    return found


def blocks(request) -> dict:
    """Offer the live blocks to templates, read only when a template uses them."""
    return {"site_blocks": SimpleLazyObject(live_blocks)}
