"""Receivers of what the review workflow announces (editorial/signals.py); WebsiteConfig.ready connects them.

editorial sits below website and never calls it: it says that a page was published, unpublished or moved,
and these do website's part, at the moment each signal is sent (docs/architecture.md, "Layers").
"""

from typing import Any

from django.db import models, transaction

from caching import content as content_cache
from editorial.models import LiveStatus, ReviewedContent, ReviewEvent, Revision
from website import redirects, tasks


def record_redirect(sender: type, instance: ReviewedContent, old_slug: str, **kwargs: Any) -> None:
    """Redirect the page's old address to its new one, inside the publishing transaction."""
    redirects.record_slug_change(instance, old_slug)


def warm_pages(sender: type, instance: ReviewedContent, **kwargs: Any) -> None:
    """Queue the warming of the pages a publish or unpublish changed, in its transaction."""
    tasks.warm_pages_of(instance)


def invalidate_page_cache(sender: type, instance: ReviewedContent, **kwargs: Any) -> None:
    """Make the cached pages that show what a publish or unpublish touched stale: it has committed."""
    content_cache.content_changed(*content_cache.touched_by(instance), *newcomer_tags(instance))


def newcomer_tags(page: ReviewedContent) -> list[str]:
    """Return the newcomers' tags (``content_cache.newcomers_tag``) of what a publish newly relates the page to.

    All it relates to when it was not live just before (a first publication, a return after unpublishing);
    else only what its last published version did not relate to. None for a page taken down.
    """
    if page.live_status != LiveStatus.LIVE:
        return []
    now = _relations(page)
    if _was_live_before(page):
        history = Revision.objects.filter(content_type=page.content_type, object_id=page.pk).order_by("-number")
        before = list(history.values_list("snapshot", flat=True)[1:2])  # the version before this publish's
        now -= _relations(page, before[0]) if before else now
    return [content_cache.newcomers_tag(model, pk) for model, pk in sorted(now, key=str)]


def _was_live_before(page: ReviewedContent) -> bool:
    """Return whether the publish that made the page live followed another publish (not an unpublish, or nothing)."""
    publish, unpublish = ReviewEvent.Action.PUBLISH, ReviewEvent.Action.UNPUBLISH
    events = ReviewEvent.objects.filter(content_type=page.content_type, object_id=page.pk)
    latest = events.filter(action__in=[publish, unpublish]).order_by("-created_at", "-pk")
    return list(latest.values_list("action", flat=True)[:2]) == [publish, publish]


def _relations(page: ReviewedContent, snapshot: dict | None = None) -> set[tuple[Any, Any]]:
    """Return (model, pk) of what the page relates to: as it is now, or in a published version's snapshot."""
    related: set[tuple[Any, Any]] = set()  # (model, pk): a field's related_model is typed loosely
    for name in page.draft_fields:
        field = page._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            pk = snapshot["fields"].get(name) if snapshot else getattr(page, field.attname)
            related |= {(field.related_model, pk)} if pk is not None else set()
    for name in page.draft_m2m:
        model = page._meta.get_field(name).related_model
        pks = (snapshot["m2m"].get(name) or []) if snapshot else getattr(page, name).values_list("pk", flat=True)
        related |= {(model, pk) for pk in pks}
    return related


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
