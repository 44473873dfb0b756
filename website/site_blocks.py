"""The live reusable blocks, for every template (``site_blocks.disclaimer.body`` ...).

Where the page cache runs (a shared cache, PAGE_CACHE_SECONDS > 0) they are read at most once per
content generation: they are stored with the page cache's generation, which every publish replaces
when it commits (website.cache.content_changed), so a published block shows on the next render
everywhere and an unchanged site costs no query. Without a shared cache, a process could not learn
of another's publish, so each render reads them in one query instead.
A kind with no live block is missing from the mapping and the template shows its built-in text.
The blocks are pages' (pages/blocks.py); their cache is website's, since it rides on the page cache, and pages
sits below website (docs/architecture.md, "Layers").
"""

import logging

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from pages.blocks import read_blocks
from website import cache as page_cache

logger = logging.getLogger(__name__)
BLOCKS_KEY = "pages:blocks"
BLOCKS_SECONDS = 24 * 3600
# Marks a request for which the page cache did not look up the generation.
UNKNOWN = object()


def live_blocks(generation=UNKNOWN) -> dict[str, dict[str, str]]:
    """Return the live blocks' texts by kind: from the cache when stored under this generation, else in one query.

    ``generation`` is the one the page cache already fetched for this request (None when the cache is
    down); otherwise it comes back with the stored blocks in one round trip.
    """
    if not page_cache.enabled():
        return read_blocks()
    try:
        if generation is UNKNOWN:
            found = cache.get_many([page_cache.GENERATION_KEY, BLOCKS_KEY])
            generation, entry = found.get(page_cache.GENERATION_KEY), found.get(BLOCKS_KEY)
        else:
            entry = cache.get(BLOCKS_KEY) if generation else None
    except Exception:
        logger.warning("The cache is unavailable; reading the blocks from the database.")
        return read_blocks()
    if generation and entry and entry[0] == generation:
        return entry[1]
    blocks = read_blocks()
    if generation:  # without one, nothing could tell this copy is stale
        try:
            cache.set(BLOCKS_KEY, (generation, blocks), timeout=BLOCKS_SECONDS)
        except Exception:
            logger.warning("The cache is unavailable; the blocks were not stored.")
    return blocks


def blocks(request) -> dict:
    """Offer the live blocks to templates, read only when a template uses them."""
    generation = getattr(request, "content_generation", UNKNOWN)
    return {"site_blocks": SimpleLazyObject(lambda: live_blocks(generation))}
