"""Autosave: each person's unsaved input on a change page, kept on the server beside the draft.

The change page's script posts the form's fields a few seconds after the last input, when a field loses
focus and when the page goes away. They are stored per person and page (``Autosave``) and nothing else:
the draft, its review state, an approval and the live page are never read or written here, so an
autosave cannot void an approval or replace someone else's save. Reopening the page offers the input
back (with a diff against the draft); the person restores it into the form and saves as usual, and a
successful save deletes it. docs/architecture.md, "Autosave", says why.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from editorial import locks
from editorial.diff import FieldDiff, SnapshotDiff, diff_lines, html_to_lines
from editorial.models import Autosave, ReviewedContent

# A body with images pasted inline can be large, but a form over this is not typing: refuse it (413).
MAX_BYTES = 1_000_000
# The CSRF token goes stale at the next sign-in; the form's buttons are actions, not input.
NOT_INPUT = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew"}
# The hidden field carrying the draft version the form was loaded with (DraftForm.loaded_version).
VERSION_FIELD = "loaded_version"


@dataclass
class Offer:
    autosave: Autosave
    diffs: SnapshotDiff


def _where(page: ReviewedContent, user) -> dict:
    return {"user": user, "content_type": ContentType.objects.get_for_model(page), "object_id": page.pk}


def form_data(post) -> dict[str, list[str]]:
    """Return the posted fields worth keeping, name -> values."""
    return {name: post.getlist(name) for name in post if name not in NOT_INPUT}


def store(page: ReviewedContent, user, data: dict[str, list[str]]) -> Autosave:
    """Keep ``data`` as ``user``'s autosave of ``page``, replacing their previous one (only theirs)."""
    base_version = (data.get(VERSION_FIELD) or [""])[0][:40]
    autosave, _ = Autosave.objects.update_or_create(
        **_where(page, user), defaults={"data": data, "base_version": base_version, "saved_at": timezone.now()}
    )
    return autosave


def forget(page: ReviewedContent, user) -> None:
    """Delete ``user``'s autosave of ``page`` (after a save, or when they discard it)."""
    Autosave.objects.filter(**_where(page, user)).delete()


def offer(page: ReviewedContent, user) -> Offer | None:
    """Return the autosave to offer back on the change page, or None when there is nothing unsaved."""
    autosave = Autosave.objects.filter(**_where(page, user)).first()
    if autosave is None:
        return None
    # A version of their own newer than the one they were typing on means they saved since (an autosave posted
    # as Save was pressed can land after the save): nothing is unsaved. Someone else's newer version does not.
    if page.draft_updated_by_id == user.pk and locks.version(page) != autosave.base_version:
        return None
    return Offer(autosave, changed_text(page, autosave.data))


def changed_text(page: ReviewedContent, data: dict[str, list[str]]) -> SnapshotDiff:
    """Diff the draft's text fields against the autosave's values, as the compare view shows versions."""
    diffs = []
    for name in page.draft_fields:
        field = page._meta.get_field(name)
        if name not in data or not isinstance(field, models.CharField | models.TextField):
            continue
        lines = html_to_lines if name in page.rich_text_fields else _plain_lines
        before, after = lines(getattr(page, name) or ""), lines(" ".join(data[name]))
        diffs.append(FieldDiff(str(field.verbose_name).capitalize(), diff_lines(before, after)))
    return SnapshotDiff(diffs)


def _plain_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
