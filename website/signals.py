"""Receivers of what the review workflow announces (editorial/signals.py); WebsiteConfig.ready connects them.

editorial sits below website and never calls it: it says that a page was published, unpublished or moved,
and these do website's part, at the moment each signal is sent (docs/architecture.md, "Layers").
"""

from caching import content as content_cache
from website import redirects, tasks


def record_redirect(sender, instance, old_slug: str, **kwargs) -> None:
    """Redirect the page's old address to its new one, inside the publishing transaction."""
    redirects.record_slug_change(instance, old_slug)


def warm_pages(sender, instance, **kwargs) -> None:
    """Queue the warming of the pages a publish or unpublish changed, in its transaction."""
    tasks.warm_pages_of(instance)


def invalidate_page_cache(sender, **kwargs) -> None:
    """Make every cached page stale: the change visitors can see has committed."""
    content_cache.content_changed()
