"""Receivers of what the review workflow announces (editorial/signals.py); WebsiteConfig.ready connects them.

editorial sits below website and never calls it: it says that a page was published, unpublished or moved,
and these do website's part, at the moment each signal is sent (docs/architecture.md, "Layers").
"""

from typing import Any

from django.db import models, transaction

from caching import content as content_cache
from editorial.models import ReviewedContent
from website import redirects, tasks


def record_redirect(sender: type, instance: ReviewedContent, old_slug: str, **kwargs: Any) -> None:
    """Redirect the page's old address to its new one, inside the publishing transaction."""
    redirects.record_slug_change(instance, old_slug)


def warm_pages(sender: type, instance: ReviewedContent, **kwargs: Any) -> None:
    """Queue the warming of the pages a publish or unpublish changed, in its transaction."""
    tasks.warm_pages_of(instance)


def invalidate_page_cache(sender: type, instance: ReviewedContent, **kwargs: Any) -> None:
    """Make the cached pages that show what a publish or unpublish touched stale: it has committed."""
    content_cache.content_changed(*content_cache.touched_by(instance))


def purge_front_cache(sender: Any, tags: tuple[str, ...], **kwargs: Any) -> None:
    """Queue the purge of a front cache (Varnish) by the tags the content cache just bumped."""
    tasks.purge_front_cache_of(tags)


def profile_part_saved(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Receive post_save/post_delete of a contributor's education or affiliation: refresh their profile page.

    The profile records its contributor's list tag, which ``touched_by`` names through the row's foreign key;
    bylines show none of these rows, so they stay hits. Done once the change commits, as for every other change.
    """
    tags = content_cache.touched_by(instance)
    transaction.on_commit(lambda: content_cache.content_changed(*tags))
