"""Every state change of reviewed content, one plain function each (docs/architecture.md, "The workflow").

Each transition reads top to bottom, as pretix writes ``approve_order``: inside
``transaction.atomic()`` it reloads and locks the page's row, checks the state
and the user (a ``check_*`` guard, which raises ``WorkflowError``), changes and
saves the fields, writes the ``ReviewEvent`` and hands it to
``notifications.notify``, which queues the mail in the same transaction: a
rolled-back transition mails nobody, a committed one always has its mail queued.
``available_actions`` asks the same guards, so the admin never re-implements them.
"""

import copy
import datetime
from functools import partial
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from editorial import checks, locks, notifications, signals
from editorial.models import (
    Contributor,
    LiveStatus,
    NoteKind,
    ReviewedContent,
    ReviewEvent,
    ReviewState,
    Revision,
    content_fingerprint,
    model_field,
    transition_writes,
)
from editorial.roles import EDITORS, in_group, reviewer_profile
from editorial.roles import MEDICAL_REVIEWERS as MEDICAL_REVIEWERS  # re-exported: the contract's group names
from editorial.roles import WRITERS as WRITERS

Action = ReviewEvent.Action
# Events that change the draft's content: whoever ever caused one on a page never approves that page.
CONTENT_CHANGES = (Action.EDIT, Action.RESTORE)
# What going live records about the publication and its review.
PUBLICATION_FIELDS = (
    "live_status",
    "first_published_at",
    "last_published_at",
    "live_reviewed_by",
    "live_reviewed_at",
    "review_due_at",
)


class WorkflowError(Exception):
    """A refused transition, with a reason a person can act on."""


class StaleDraft(WorkflowError):
    """A save refused because someone else stored a newer draft after the one the edits started from."""

    def __init__(self, page: ReviewedContent) -> None:
        self.saved_by, self.saved_at, self.version = page.draft_updated_by, page.draft_updated_at, locks.version(page)
        # The account that saved may have been deleted since (the draft keeps no user then).
        name = (self.saved_by.get_full_name() or self.saved_by.get_username()) if self.saved_by else "Someone"
        super().__init__(
            f"{name} saved this page at {timezone.localtime(self.saved_at):%H:%M}, after you opened it, "
            "so nothing was saved."
        )


# Guards: each raises WorkflowError, or returns what the transition needs ---


def check_save_draft(page: ReviewedContent, user) -> None:
    opts = page._meta
    permission = f"{opts.app_label}.{'change' if page.pk else 'add'}_{opts.model_name}"
    if not (user and user.is_authenticated and user.has_perm(permission)):
        raise WorkflowError("You do not have permission to edit this content.")


def check_draft_version(page: ReviewedContent, user, expected_version: str | None) -> None:
    """Refuse when someone else stored a draft newer than ``expected_version`` (``locks.version``; None: unchecked)."""
    if expected_version is not None and locks.conflict(page, user, expected_version):
        raise StaleDraft(page)


def check_submit(page: ReviewedContent, user) -> None:
    check_save_draft(page, user)
    # A published page may be sent back unchanged: that is how its periodic medical review happens.
    if page.review_state not in (ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED, ReviewState.PUBLISHED):
        raise WorkflowError(f"Only a draft can be sent for review; this one is {_state(page)}.")
    if not page.draft:
        raise WorkflowError("Save the draft before sending it for review.")


def check_approver(page: ReviewedContent, user) -> Contributor | None:
    """Answer "who may approve this?": a licensed medical reviewer where the page needs one, else an editor.

    Return the reviewer's profile (None for an editor's approval, which is no medical review).
    """
    if page.needs_medical_review:
        contributor = reviewer_profile(user)
        if contributor is None:
            raise WorkflowError("Only a medical reviewer with a current licence can review content.")
        if not contributor.reads(page.language):
            # A translation is reviewed in its own language: the source's review never covers it.
            raise WorkflowError(
                f"Only a medical reviewer who reads {page.language_name} can review this page; "
                "the languages you read are listed on your contributor profile."
            )
        return contributor
    if not in_group(user, EDITORS):
        raise WorkflowError("Only an editor can review this content.")
    return None


def check_approve(page: ReviewedContent, user) -> Contributor | None:
    contributor = check_approver(page, user)
    if page.review_state != ReviewState.IN_REVIEW:
        raise WorkflowError(f"This content is not waiting for review; it is {_state(page)}.")
    if has_changed_content(page, user):
        other = "medical reviewer" if page.needs_medical_review else "editor"
        raise WorkflowError(f"You edited or restored this content, so another {other} must approve it.")
    return contributor


def check_request_changes(page: ReviewedContent, user) -> None:
    check_approver(page, user)
    if page.review_state != ReviewState.IN_REVIEW:
        raise WorkflowError(f"This content is not waiting for review; it is {_state(page)}.")


def check_publish(page: ReviewedContent, user) -> None:
    if not in_group(user, EDITORS):
        raise WorkflowError("Only an editor can publish.")
    check_ready_to_go_live(page)


def check_ready_to_go_live(page: ReviewedContent) -> None:
    """Refuse unless the draft is exactly what a reviewer approved and its address is free."""
    if page.approved_fingerprint and page.approved_fingerprint != page.draft_fingerprint:
        raise WorkflowError(
            "The draft changed after it was approved, which voids the approval; send it for medical review again."
        )
    if page.review_state != ReviewState.APPROVED or not page.approved_fingerprint:
        raise WorkflowError(f"Only a medically approved draft can be published; this one is {_state(page)}.")
    # An approved fingerprint matched the draft's above, so there is a draft; only some page types have a slug.
    slug = cast(dict, page.draft)["fields"].get("slug")
    if slug and cast(Any, type(page)).objects.filter(slug=slug).exclude(pk=page.pk).exists():
        raise WorkflowError(f"Another page already uses the address “{slug}”; change the draft's slug first.")


def check_unpublish(page: ReviewedContent, user) -> None:
    if not in_group(user, EDITORS):
        raise WorkflowError("Only an editor can unpublish.")
    # A page scheduled to go live may be given its end time too; only a live page can come off now.
    if page.live_status != LiveStatus.LIVE and not page.publish_at:
        raise WorkflowError("This content is not live or scheduled.")


def check_cancel_schedule(page: ReviewedContent, user) -> None:
    if not in_group(user, EDITORS):
        raise WorkflowError("Only an editor can cancel a scheduled publication.")
    if not page.publish_at:
        raise WorkflowError("This content has no scheduled publication.")


def check_content(page: ReviewedContent, doing: str) -> None:
    """Refuse while the draft has blocking pre-publish findings (editorial.checks), listing what to fix.

    Run by the transitions rather than by the guards: the checks read the whole draft and the pages it
    links to, and the change page's Checks panel shows them before anyone presses a button.
    """
    problems = checks.blocking(page)
    if problems:
        listed = " ".join(
            f"{number}. {' '.join(filter(None, [finding.message, finding.suggestion]))}"
            for number, finding in enumerate(problems, start=1)
        )
        raise WorkflowError(f"This draft cannot be {doing} until these are fixed: {listed}")


def has_changed_content(page: ReviewedContent, user) -> bool:
    """Return whether ``user`` ever edited or restored this page's content: such a person never approves it.

    The whole history counts, not only the current draft: a writer who is also a licensed reviewer never
    approves the page at any later review (changes requested, every periodic re-review of the unchanged live
    page, after a restore), whoever approved it in between. Superusers are held to the same rule.
    """
    if page.pk is None:
        return False
    events = ReviewEvent.objects.filter(content_type=page.content_type, object_id=page.pk)
    return events.filter(action__in=CONTENT_CHANGES, user=user).exists()


def _state(page: ReviewedContent) -> str:
    return page.get_review_state_display().lower()


def check_start_translation(source: ReviewedContent, language: str, user) -> None:
    """Refuse unless ``user`` may add pages and ``source`` is a live default-language page not yet translated."""
    model = cast(Any, type(source))  # a concrete subclass, with its manager
    check_save_draft(model(), user)
    if language not in dict(settings.LANGUAGES) or language == settings.LANGUAGE_CODE:
        raise WorkflowError(f"Pages cannot be translated into “{language}”.")
    if source.is_translation or source.language != settings.LANGUAGE_CODE:
        raise WorkflowError("Only a page in the site's default language can be translated; this is a translation.")
    if not source.is_live:
        raise WorkflowError("Only a live page can be translated: publish the source first.")
    if model.objects.filter(translation_of=source, language=language).exists():
        raise WorkflowError(f"This page already has a translation into {dict(settings.LANGUAGES)[language]}.")


def check_follow_source(page: ReviewedContent, user) -> Revision:
    """Refuse unless the translation's draft follows an older version of its live source; return the newest."""
    check_save_draft(page, user)
    latest = page.source_latest_revision
    if latest is None:
        raise WorkflowError("This page is not a translation of a published page.")
    if page.followed_revision_id == latest.pk or (
        not page.followed_revision_id and page.source_revision_id == latest.pk
    ):
        raise WorkflowError(f"The draft already follows revision {latest.number}, the source's current version.")
    return latest


GUARDS = {
    "save_draft": check_save_draft,
    "submit": check_submit,
    "approve": check_approve,
    "request_changes": check_request_changes,
    "publish": check_publish,
    "unpublish": check_unpublish,
    "cancel_schedule": check_cancel_schedule,
}


def available_actions(page: ReviewedContent, user) -> set[str]:
    """Return the names of the transitions in this module that this user may call on the page now."""
    allowed = set()
    for name, guard in GUARDS.items():
        try:
            guard(page, user)
        except WorkflowError:
            continue
        allowed.add(name)
    return allowed


# Transitions ---------------------------------------------------------------


def _lock(page: ReviewedContent) -> None:
    """Reload the page's row into ``page`` and lock it until the transaction ends, so nobody races us."""
    page.refresh_from_db(from_queryset=type(page).objects.select_for_update())


def _record(
    page: ReviewedContent, user, action: str, from_state: str, note: str = "", findings: list | None = None
) -> ReviewEvent:
    """Write the audit entry of a transition and queue its notifications in the same transaction."""
    event = ReviewEvent.objects.create(
        findings=findings or [],
        content_type=page.content_type,
        object_id=page.pk,
        action=action,
        from_state=from_state,
        to_state=page.review_state,
        note=note,
        user=user if user and user.is_authenticated else None,
    )
    notifications.notify(event)
    return event


def save_draft(page: ReviewedContent, *, user, expected_version: str | None = None) -> ReviewedContent:
    """Store the page's in-memory edits as the working draft, leaving what visitors see alone.

    With ``expected_version`` (``locks.version`` of the draft the edits started from), refuse with
    ``StaleDraft`` when someone else stored a newer draft since. The comparison is made on the locked
    row, so of two saves started from the same version exactly one is stored. After the refusal ``page``
    holds the stored row, not the edits: the caller shows them again from what it still has (a form's input).
    """
    check_save_draft(page, user)
    with transaction.atomic(), transition_writes():
        snapshot = page.snapshot()
        if page.pk is None:
            page.save()
        _lock(page)
        check_draft_version(page, user, expected_version)
        _store_draft(page, snapshot, user, Action.EDIT)
    return page


def restore(page: ReviewedContent, revision: Revision, *, user) -> ReviewedContent:
    """Make a published revision the working draft again; it then needs a fresh review."""
    check_save_draft(page, user)
    if (revision.content_type_id, revision.object_id) != (page.content_type.pk, page.pk):
        raise WorkflowError("That revision belongs to another page.")
    with transaction.atomic(), transition_writes():
        _lock(page)
        stored = _store_draft(page, revision.snapshot, user, Action.RESTORE, f"Restored revision {revision.number}")
        if not stored:
            raise WorkflowError(f"The working draft already matches revision {revision.number}.")
    return page


def _store_draft(page: ReviewedContent, snapshot: dict, user, action: str, note: str = "") -> bool:
    """Save ``snapshot`` as the locked page's draft, voiding any approval; return False if nothing changed.

    "Nothing changed" is decided on canonical content (``content_fingerprint``): the editor re-serialising
    HTML it did not write is no edit, and the stored draft (the one an approval names) is then kept as it is.
    """
    rich = page.rich_text_fields
    stored = page.upgrade_snapshot(page.draft) if page.draft else None
    if stored and content_fingerprint(stored, rich) == content_fingerprint(snapshot, rich):
        page.apply_draft()
        return False
    from_state = page.review_state
    page.draft = snapshot
    page.draft_updated_at = timezone.now()
    page.draft_updated_by = user
    # approved_fingerprint stays behind on purpose: it is how publish() can say the approval was voided.
    if page.review_state in (ReviewState.APPROVED, ReviewState.PUBLISHED) or action == Action.RESTORE:
        page.review_state = ReviewState.DRAFT
    if page.publish_at and page.review_state != ReviewState.APPROVED:
        page.publish_at = None
        note = " ".join(filter(None, [note, "Scheduled publication cancelled: the approved draft changed."]))
    if page.live_status == LiveStatus.LIVE:
        page.save(update_fields=["draft", "draft_updated_at", "draft_updated_by", "review_state", "publish_at"])
        page.apply_draft()  # the caller keeps seeing the draft it edited; the stored columns stay live
    else:
        # Nothing is live, so the columns may show the draft too (admin lists, search in admin).
        page.write_live(snapshot)
    _record(page, user, action, from_state, note)
    return True


def start_translation(source: ReviewedContent, language: str, *, user) -> ReviewedContent:
    """Create ``source``'s translation into ``language``: a new page whose draft is the source's live version.

    The draft copies everything visitors see of the source (text, key takeaways, sources with their links and
    identifiers), follows the source's newest revision and gets a provisional address to be replaced by one in
    the translation's language. The person who starts it counts as its writer (four eyes).
    """
    check_start_translation(source, language, user)
    latest = Revision.objects.filter(content_type=source.content_type, object_id=source.pk).order_by("-number")[0]
    snapshot = copy.deepcopy(source.upgrade_snapshot(latest.snapshot))
    snapshot["source_revision"] = latest.pk
    if "slug" in snapshot["fields"]:
        snapshot["fields"]["slug"] = f"{snapshot['fields']['slug']}-{language}"[
            : model_field(source, "slug").max_length
        ]
    fixed = {name: getattr(source, name) for name in ("kind",) if hasattr(type(source), "Kind")}
    page = cast(Any, type(source))(language=language, translation_of=source, **fixed)
    page.apply_snapshot(snapshot)
    with transaction.atomic(), transition_writes():
        page.save()
        _lock(page)
        _store_draft(page, snapshot, user, Action.EDIT, f"Started the translation from revision {latest.number}")
    return page


def follow_source(page: ReviewedContent, *, user) -> ReviewedContent:
    """Make the translation's draft follow the source's current version (after the translator updated the text)."""
    with transaction.atomic(), transition_writes():
        _lock(page)
        page.apply_draft()
        latest = check_follow_source(page, user)
        snapshot = {**page.snapshot(), "source_revision": latest.pk}
        _store_draft(page, snapshot, user, Action.EDIT, f"Now follows revision {latest.number} of the source")
    return page


def submit(page: ReviewedContent, *, user, note: str = "") -> ReviewedContent:
    """Send the draft to the medical reviewers (a published page unchanged: its periodic re-review)."""
    with transaction.atomic(), transition_writes():
        _lock(page)
        check_submit(page, user)
        check_content(page, "sent for medical review")
        from_state = page.review_state
        page.review_state = ReviewState.IN_REVIEW
        page.approved_fingerprint = ""
        page.save(update_fields=["review_state", "approved_fingerprint"])
        _record(page, user, Action.SUBMIT, from_state, note)
    return page


def approve(page: ReviewedContent, *, user, note: str = "", seen_fingerprint: str | None = None) -> ReviewedContent:
    """Approve exactly the draft as it stands (or as the reviewer saw it, when ``seen_fingerprint`` is given)."""
    with transaction.atomic(), transition_writes():
        _lock(page)
        contributor = check_approve(page, user)
        if seen_fingerprint is not None and seen_fingerprint != page.draft_fingerprint:
            raise WorkflowError("The draft changed while you were reviewing it; review the new version.")
        from_state = page.review_state
        page.review_state = ReviewState.APPROVED
        page.approved_fingerprint = page.draft_fingerprint
        page.approved_by = contributor
        page.approved_at = timezone.now()
        page.save(update_fields=["review_state", "approved_fingerprint", "approved_by", "approved_at"])
        # The warnings the reviewer approved despite, kept with the approval.
        warnings = [finding.as_dict() for finding in checks.warnings(page)]
        _record(page, user, Action.APPROVE, from_state, note, findings=warnings)
    return page


def request_changes(page: ReviewedContent, *, user, note: str) -> ReviewedContent:
    """Send the draft back to its writer with what to fix."""
    with transaction.atomic(), transition_writes():
        _lock(page)
        check_request_changes(page, user)
        if not (note or "").strip():
            raise WorkflowError("Say what needs to change, so the writer can fix it.")
        from_state = page.review_state
        page.review_state = ReviewState.CHANGES_REQUESTED
        page.approved_fingerprint = ""
        page.save(update_fields=["review_state", "approved_fingerprint"])
        _record(page, user, Action.REQUEST_CHANGES, from_state, note)
    return page


def check_public_note(note: str, kind: str, *, scheduled: bool = False) -> None:
    """Refuse a reader-facing note that is incomplete, too long or attached to a scheduled publication."""
    if not (note or "").strip():
        if kind:
            raise WorkflowError("Write the note readers will see, or leave its kind empty.")
        return
    if kind not in NoteKind.values:
        raise WorkflowError("Say whether the note is a correction or an update.")
    if len(note.strip()) > cast(int, model_field(Revision, "public_note").max_length):
        raise WorkflowError("Keep the note for readers to 300 characters.")
    if scheduled:
        raise WorkflowError("A note for readers goes with a publication now; publish now or leave the note empty.")


def publish(
    page: ReviewedContent, *, user, at: datetime.datetime | None = None, note: str = "", kind: str = ""
) -> ReviewedContent:
    """Make the approved draft live now, or schedule it when ``at`` is in the future.

    ``note`` and ``kind`` (NoteKind: correction or update) tell readers what this publication changed.
    """
    scheduled = at is not None and at > timezone.now()
    check_public_note(note, kind, scheduled=scheduled)
    if scheduled and at is not None:
        return schedule_publication(page, user=user, at=at)
    with transaction.atomic(), transition_writes():
        _lock(page)
        check_publish(page, user)
        check_content(page, "published")
        from_state = page.review_state
        _go_live(page, user, note=note.strip(), kind=kind if note.strip() else "")
        _record(page, user, Action.PUBLISH, from_state)
        _announce_public_change(page)
    return page


def schedule_publication(page: ReviewedContent, *, user, at: datetime.datetime) -> ReviewedContent:
    """Have ``publish_scheduled`` publish the approved draft at ``at`` (if it is still approved then)."""
    with transaction.atomic(), transition_writes():
        _lock(page)
        check_publish(page, user)
        check_content(page, "scheduled")
        page.publish_at = at
        page.save(update_fields=["publish_at"])
        _record(page, user, Action.SCHEDULE, page.review_state, f"Scheduled for {at.isoformat()}")
    return page


def cancel_schedule(page: ReviewedContent, *, user, note: str = "") -> ReviewedContent:
    """Call off a scheduled publication; the page stays as it is and the approval is kept."""
    with transaction.atomic(), transition_writes():
        _lock(page)
        check_cancel_schedule(page, user)
        page.publish_at = None
        page.save(update_fields=["publish_at"])
        _record(page, user, Action.SCHEDULE_CANCELLED, page.review_state, note)
    return page


def unpublish(page: ReviewedContent, *, user, note: str = "", at: datetime.datetime | None = None) -> ReviewedContent:
    """Take the live page off the public site now, or at ``at`` when it is in the future."""
    with transaction.atomic(), transition_writes():
        _lock(page)
        check_unpublish(page, user)
        from_state = page.review_state
        if at is not None and at > timezone.now():
            page.unpublish_at = at
            page.save(update_fields=["unpublish_at"])
            _record(page, user, Action.SCHEDULE_UNPUBLISH, from_state, note)
            return page
        if page.live_status != LiveStatus.LIVE:
            raise WorkflowError("This content is not live yet; cancel its scheduled publication instead.")
        page.publish_at = None  # an approved draft scheduled to go live goes no more
        _take_down(page)
        _record(page, user, Action.UNPUBLISH, from_state, note)
        _announce_public_change(page)
    return page


def note_media_change(page: ReviewedContent, *, user, note: str) -> ReviewEvent:
    """Say in the page's review history that a library picture it shows changed; its state stays as it is.

    The library calls it for each page using an image whose file or alt text an editor changed, so the page's
    reviewers see what changed under the text they approved.
    """
    if not note.strip():
        raise WorkflowError("Say what changed in the picture.")
    with transaction.atomic():
        _lock(page)
        return _record(page, user, Action.MEDIA_CHANGED, page.review_state, note)


def review_due_date(page: ReviewedContent, reviewed_at: datetime.datetime) -> datetime.date:
    """Return the day the next medical review is due: the type's interval after the review (end of month kept)."""
    months = settings.REVIEW_INTERVAL_MONTHS.get(page._meta.label_lower, 12)
    return timezone.localtime(reviewed_at).date() + relativedelta(months=months)


def _go_live(page: ReviewedContent, user, *, note: str = "", kind: str = "") -> None:
    """Copy the approved draft onto the live columns, keep it as a Revision, and record the review facts."""
    now = timezone.now()
    page.write_live(cast(dict, page.draft))  # checked ready to go live: there is an approved draft
    _announce_slug_change(page)
    Revision.objects.create(
        content_type=page.content_type,
        object_id=page.pk,
        number=Revision.objects.filter(content_type=page.content_type, object_id=page.pk).count() + 1,
        snapshot=page.draft,
        fingerprint=page.draft_fingerprint,
        published_at=now,
        published_by=user if user and user.is_authenticated else None,
        approved_by=page.approved_by,
        approved_at=page.approved_at,
        public_note=note,
        note_kind=kind,
    )
    page.live_status = LiveStatus.LIVE
    page.review_state = ReviewState.PUBLISHED
    page.first_published_at = page.first_published_at or now
    page.last_published_at = now
    page.live_reviewed_by = page.approved_by
    page.live_reviewed_at = page.approved_at
    page.review_due_at = review_due_date(page, page.approved_at or now)
    page.approved_fingerprint = ""
    page.publish_at = None
    # Only these: write_live has stored the content (and its search document, which this copy holds stale).
    page.save(update_fields=[*PUBLICATION_FIELDS, "review_state", "approved_fingerprint", "publish_at"])


def _announce_slug_change(page: ReviewedContent) -> None:
    """Send ``slug_changed`` when the page goes live at another address than it was last published at."""
    previous = Revision.objects.filter(content_type=page.content_type, object_id=page.pk).order_by("-number").first()
    old_slug = previous.snapshot["fields"].get("slug") if previous else None
    if old_slug and old_slug != getattr(page, "slug", None):  # ReviewedContent declares no slug; these pages have one
        signals.slug_changed.send(sender=type(page), instance=page, old_slug=old_slug)


def _announce_public_change(page: ReviewedContent) -> None:
    """Send ``public_content_changed`` once the transaction that changed what visitors see commits."""
    transaction.on_commit(partial(signals.public_content_changed.send, sender=type(page), instance=page))


def _take_down(page: ReviewedContent) -> None:
    page.live_status = LiveStatus.EXPIRED
    if page.review_state == ReviewState.PUBLISHED:
        # The draft is no longer what visitors see, so going live again takes a new review.
        page.review_state = ReviewState.DRAFT
    page.unpublish_at = None
    page.save(update_fields=["live_status", "review_state", "unpublish_at", "publish_at"])


# Schedules: run by ``manage.py publish_scheduled`` ---------------------------


def apply_due_schedules(model, now: datetime.datetime | None = None) -> list[str]:
    """Run every scheduled publish and unpublish of ``model`` that is due; safe to repeat and to overlap."""
    now = now or timezone.now()
    done = [publish_due(page, now) for page in model.objects.filter(publish_at__lte=now)]
    done += [unpublish_due(page, now) for page in model.objects.filter(unpublish_at__lte=now)]
    return [line for line in done if line]


def publish_due(page: ReviewedContent, now: datetime.datetime) -> str:
    """Publish the page if its schedule is still due and its draft still approved; else cancel the schedule."""
    with transaction.atomic(), transition_writes():
        _lock(page)
        if not (page.publish_at and page.publish_at <= now):
            return ""  # another run handled it, or an editor moved or cancelled it
        from_state = page.review_state
        try:
            check_ready_to_go_live(page)
            check_content(page, "published")
        except WorkflowError as error:
            page.publish_at = None
            page.save(update_fields=["publish_at"])
            _record(page, None, Action.SCHEDULE_CANCELLED, from_state, f"Scheduled publish cancelled: {error}")
            return f"cancelled {page}: {error}"
        _go_live(page, None)
        _record(page, None, Action.PUBLISH, from_state, "Scheduled publish")
        _announce_public_change(page)
    return f"published {page}"


def unpublish_due(page: ReviewedContent, now: datetime.datetime) -> str:
    """Take the page down if its scheduled unpublishing is still due."""
    with transaction.atomic(), transition_writes():
        _lock(page)
        if not (page.unpublish_at and page.unpublish_at <= now):
            return ""
        from_state = page.review_state
        if page.live_status != LiveStatus.LIVE:
            # Its scheduled publication was cancelled or voided meanwhile: nothing to take down, but the
            # schedule an editor set is dropped, and the history says so like any other change.
            page.unpublish_at = None
            page.save(update_fields=["unpublish_at"])
            note = "Scheduled unpublish dropped: the page was not live at that time."
            _record(page, None, Action.SCHEDULE_CANCELLED, from_state, note)
            return f"dropped the unpublishing of {page}: not live"
        _take_down(page)
        _record(page, None, Action.UNPUBLISH, from_state, "Scheduled unpublish")
        _announce_public_change(page)
    return f"unpublished {page}"
