"""Receivers of what the review workflow announces (editorial/signals.py); WebsiteConfig.ready connects them.

editorial sits below website and never calls it: it says that a page was published, unpublished or moved,
and these do website's part, at the moment each signal is sent (docs/architecture.md, "Layers").
"""

from typing import Any

from caching import content as content_cache
from editorial.models import ReviewedContent
from website import redirects, tasks


def record_redirect(sender: type, instance: ReviewedContent, old_slug: str, **kwargs: Any) -> None:
    """Redirect the page's old address to its new one, inside the publishing transaction."""
    redirects.record_slug_change(instance, old_slug)


def warm_pages(sender: type, instance: ReviewedContent, **kwargs: Any) -> None:
    """Queue the warming of the pages a publish or unpublish changed, in its transaction."""
    tasks.warm_pages_of(instance)


def invalidate_page_cache(sender: type, **kwargs: Any) -> None:
    """Make every cached page stale: the change visitors can see has committed."""
    content_cache.content_changed()
