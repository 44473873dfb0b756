"""Every state change of reviewed content (DESIGN.md, "The review workflow").

Each transition is a plain function: check the state and the user, change the
fields inside a transaction, write a ReviewEvent, then notify on commit.
``available_actions`` runs the same checks, so the admin never re-implements them.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from editorial import notifications
from editorial.models import (
    Contributor,
    LiveStatus,
    ReviewedContent,
    ReviewEvent,
    ReviewState,
    Revision,
    fingerprint,
)
from editorial.roles import EDITORS, in_group, reviewer_profile
from editorial.roles import MEDICAL_REVIEWERS as MEDICAL_REVIEWERS  # re-exported: the contract's group names
from editorial.roles import WRITERS as WRITERS
from website import cache as page_cache
from website.redirects import record_slug_change

# Events that change the draft's content: whoever caused one may not approve that draft.
DRAFT_CHANGING_ACTIONS = ("edit", "restore")


class WorkflowError(Exception):
    """A refused transition, with a reason a person can act on."""


# Who edited ----------------------------------------------------------------


def cycle_editor_ids(obj: ReviewedContent) -> set[int]:
    """Return the ids of users who edited the draft since it last went live."""
    events = ReviewEvent.objects.filter(content_type=obj.content_type, object_id=obj.pk)
    last_publish = events.filter(action="publish").order_by("-created_at", "-pk").first()
    if last_publish:
        events = events.filter(pk__gt=last_publish.pk)
    return set(events.filter(action__in=DRAFT_CHANGING_ACTIONS).values_list("user_id", flat=True))


# Guards: each raises WorkflowError or returns None -------------------------


def _model_perm(user, obj: ReviewedContent, action: str) -> bool:
    opts = obj._meta
    return bool(user and user.is_authenticated and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"))


def check_save_draft(obj: ReviewedContent, user) -> None:
    if not _model_perm(user, obj, "change" if obj.pk else "add"):
        raise WorkflowError("You do not have permission to edit this content.")


def check_submit(obj: ReviewedContent, user) -> None:
    check_save_draft(obj, user)
    # A published page may be sent back unchanged: that is how its periodic medical review happens.
    if obj.review_state not in (ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED, ReviewState.PUBLISHED):
        raise WorkflowError(
            f"Only a draft can be sent for review; this one is {obj.get_review_state_display().lower()}."
        )
    if not obj.draft:
        raise WorkflowError("Save the draft before sending it for review.")


def _check_reviewer(obj: ReviewedContent, user) -> Contributor:
    contributor = reviewer_profile(user)
    if contributor is None:
        raise WorkflowError("Only a medical reviewer with a current licence can review content.")
    if obj.review_state != ReviewState.IN_REVIEW:
        raise WorkflowError(f"This content is not waiting for review; it is {obj.get_review_state_display().lower()}.")
    return contributor


def check_approve(obj: ReviewedContent, user) -> Contributor:
    contributor = _check_reviewer(obj, user)
    if user.pk in cycle_editor_ids(obj):
        raise WorkflowError("You edited this draft, so another medical reviewer must approve it.")
    return contributor


def check_request_changes(obj: ReviewedContent, user, note: str | None = None) -> None:
    _check_reviewer(obj, user)
    if note is not None and not note.strip():
        raise WorkflowError("Say what needs to change, so the writer can fix it.")


def check_publish(obj: ReviewedContent, user) -> None:
    if not in_group(user, EDITORS):
        raise WorkflowError("Only an editor can publish.")
    _check_approval_current(obj)
    _check_address_free(obj)


def _check_approval_current(obj: ReviewedContent) -> None:
    voided = bool(obj.approved_fingerprint) and obj.approved_fingerprint != obj.draft_fingerprint
    if voided:
        raise WorkflowError(
            "The draft changed after it was approved, which voids the approval; send it for medical review again."
        )
    if obj.review_state != ReviewState.APPROVED or not obj.approved_fingerprint:
        raise WorkflowError(
            f"Only a medically approved draft can be published; this one is {obj.get_review_state_display().lower()}."
        )


def _check_address_free(obj: ReviewedContent) -> None:
    slug = obj.draft["fields"].get("slug") if obj.draft else None
    if slug and type(obj).objects.filter(slug=slug).exclude(pk=obj.pk).exists():
        raise WorkflowError(f"Another page already uses the address “{slug}”; change the draft's slug first.")


def check_unpublish(obj: ReviewedContent, user) -> None:
    if not in_group(user, EDITORS):
        raise WorkflowError("Only an editor can unpublish.")
    if obj.live_status != LiveStatus.LIVE and not obj.publish_at:
        raise WorkflowError("This content is not live or scheduled.")


CHECKS = {
    "save_draft": check_save_draft,
    "submit": check_submit,
    "approve": check_approve,
    "request_changes": check_request_changes,
    "publish": check_publish,
    "unpublish": check_unpublish,
}


def available_actions(obj: ReviewedContent, user) -> set[str]:
    """Return the names of the transitions this user may call on obj now."""
    allowed = set()
    for name, check in CHECKS.items():
        try:
            check(obj, user)
        except WorkflowError:
            continue
        allowed.add(name)
    return allowed


# Transitions ---------------------------------------------------------------


def _log(obj: ReviewedContent, user, action: str, from_state: str, note: str = "") -> ReviewEvent:
    return ReviewEvent.objects.create(
        content_type=obj.content_type,
        object_id=obj.pk,
        action=action,
        from_state=from_state,
        to_state=obj.review_state,
        note=note,
        user=user if user and user.is_authenticated else None,
    )


def _reload_for_update(obj: ReviewedContent) -> ReviewedContent:
    """Lock the row so two people cannot race one transition."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _copy_state(source: ReviewedContent, target: ReviewedContent, names) -> None:
    for name in names:
        setattr(target, name, getattr(source, name))


WORKFLOW_FIELDS = (
    "live_status",
    "review_state",
    "draft",
    "draft_updated_at",
    "draft_updated_by_id",
    "approved_fingerprint",
    "approved_by_id",
    "approved_at",
    "first_published_at",
    "last_published_at",
    "live_reviewed_by_id",
    "live_reviewed_at",
    "review_due_at",
    "publish_at",
    "unpublish_at",
)


def save_draft(obj: ReviewedContent, *, user) -> ReviewedContent:
    """Store obj's in-memory edits as the working draft, leaving the live page alone."""
    check_save_draft(obj, user)
    with transaction.atomic():
        snapshot = obj.snapshot()
        if obj.pk is None:
            obj.save()
        _store_draft(obj, user, snapshot, "edit")
    return obj


def restore(obj: ReviewedContent, revision: Revision, *, user) -> ReviewedContent:
    """Make a published revision the working draft again; it then needs a fresh review."""
    check_save_draft(obj, user)
    if (revision.content_type_id, revision.object_id) != (obj.content_type.pk, obj.pk):
        raise WorkflowError("That revision belongs to another page.")
    obj.apply_snapshot(revision.snapshot)
    with transaction.atomic():
        if not _store_draft(obj, user, obj.snapshot(), "restore", f"Restored revision {revision.number}"):
            raise WorkflowError(f"The working draft already matches revision {revision.number}.")
    return obj


def _store_draft(obj: ReviewedContent, user, snapshot: dict, action: str, note: str = "") -> bool:
    """Save ``snapshot`` as the draft, voiding any approval; return False when nothing changed."""
    current = _reload_for_update(obj)
    if current.draft and fingerprint(current.draft) == fingerprint(snapshot):
        return False
    from_state = current.review_state
    current.draft = snapshot
    current.draft_updated_at = timezone.now()
    current.draft_updated_by = user
    # approved_fingerprint stays behind on purpose: it is how publish() can say the approval was voided.
    if current.review_state in (ReviewState.APPROVED, ReviewState.PUBLISHED) or action == "restore":
        current.review_state = ReviewState.DRAFT
    if current.publish_at and current.review_state != ReviewState.APPROVED:
        current.publish_at = None
        note = " ".join(filter(None, [note, "Scheduled publication cancelled: the approved draft changed."]))
    if current.live_status == LiveStatus.LIVE:
        current.save(update_fields=["draft", "draft_updated_at", "draft_updated_by", "review_state", "publish_at"])
    else:
        # Nothing is live, so the columns may show the draft too (admin lists, search in admin).
        current.write_live(snapshot)
    _copy_state(current, obj, WORKFLOW_FIELDS)
    _log(obj, user, action, from_state, note)
    return True


def _transition(obj: ReviewedContent, user, action: str, check, change, note: str = "") -> ReviewedContent:
    with transaction.atomic():
        current = _reload_for_update(obj)
        result = check(current, user)
        from_state = current.review_state
        change(current, result)
        current.save(update_fields=[name.removesuffix("_id") for name in WORKFLOW_FIELDS])
        _copy_state(current, obj, WORKFLOW_FIELDS)
        event = _log(obj, user, action, from_state, note)
        notifications.notify(event)  # queued in this transaction (on commit for a broker)
        # Cached public pages may show what just changed: retire them all once it is committed.
        transaction.on_commit(page_cache.content_changed)
    return obj


def submit(obj: ReviewedContent, *, user, note: str = "") -> ReviewedContent:
    """Send the draft to the medical reviewers."""

    def change(current, _):
        current.review_state = ReviewState.IN_REVIEW
        current.approved_fingerprint = ""

    return _transition(obj, user, "submit", check_submit, change, note)


def approve(obj: ReviewedContent, *, user, note: str = "", seen_fingerprint: str | None = None) -> ReviewedContent:
    """Approve exactly the draft as it stands (or as the reviewer saw it)."""

    def check(current, user):
        contributor = check_approve(current, user)
        if seen_fingerprint is not None and seen_fingerprint != current.draft_fingerprint:
            raise WorkflowError("The draft changed while you were reviewing it; review the new version.")
        return contributor

    def change(current, contributor):
        current.review_state = ReviewState.APPROVED
        current.approved_fingerprint = current.draft_fingerprint
        current.approved_by = contributor
        current.approved_at = timezone.now()

    return _transition(obj, user, "approve", check, change, note)


def request_changes(obj: ReviewedContent, *, user, note: str) -> ReviewedContent:
    """Send the draft back to its writer with what to fix."""

    def check(current, user):
        check_request_changes(current, user, note or "")

    def change(current, _):
        current.review_state = ReviewState.CHANGES_REQUESTED
        current.approved_fingerprint = ""

    return _transition(obj, user, "request_changes", check, change, note)


def review_due_date(obj: ReviewedContent, reviewed_at: datetime.datetime) -> datetime.date:
    months = settings.REVIEW_INTERVAL_MONTHS.get(obj._meta.label_lower, 12)
    day = timezone.localtime(reviewed_at).date()
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _go_live(current: ReviewedContent, user) -> None:
    now = timezone.now()
    current.write_live(current.draft)
    record_slug_change(current)
    number = Revision.objects.filter(content_type=current.content_type, object_id=current.pk).count() + 1
    Revision.objects.create(
        content_type=current.content_type,
        object_id=current.pk,
        number=number,
        snapshot=current.draft,
        fingerprint=current.draft_fingerprint,
        published_at=now,
        published_by=user if user and user.is_authenticated else None,
        approved_by=current.approved_by,
        approved_at=current.approved_at,
    )
    current.live_status = LiveStatus.LIVE
    current.review_state = ReviewState.PUBLISHED
    current.first_published_at = current.first_published_at or now
    current.last_published_at = now
    current.live_reviewed_by = current.approved_by
    current.live_reviewed_at = current.approved_at
    current.review_due_at = review_due_date(current, current.approved_at)
    current.approved_fingerprint = ""
    current.publish_at = None


def publish(obj: ReviewedContent, *, user, at: datetime.datetime | None = None) -> ReviewedContent:
    """Make the approved draft live now, or schedule it when ``at`` is in the future."""
    if at is not None and at > timezone.now():

        def schedule(current, _):
            current.publish_at = at

        return _transition(obj, user, "schedule", check_publish, schedule, f"Scheduled for {at.isoformat()}")
    return _transition(obj, user, "publish", check_publish, lambda current, _: _go_live(current, user))


def unpublish(obj: ReviewedContent, *, user, note: str = "", at: datetime.datetime | None = None) -> ReviewedContent:
    """Take the page off the public site now, or at ``at`` when it is in the future."""
    if at is not None and at > timezone.now():

        def schedule(current, _):
            current.unpublish_at = at

        return _transition(obj, user, "schedule_unpublish", check_unpublish, schedule, note)

    def change(current, _):
        _take_down(current)
        current.publish_at = None

    return _transition(obj, user, "unpublish", check_unpublish, change, note)


def _take_down(current: ReviewedContent) -> None:
    if current.live_status == LiveStatus.LIVE:
        current.live_status = LiveStatus.EXPIRED
    if current.review_state == ReviewState.PUBLISHED:
        # The draft is no longer what visitors see, so going live again takes a new review.
        current.review_state = ReviewState.DRAFT
    current.unpublish_at = None


# Schedules -----------------------------------------------------------------


class _NotDue(WorkflowError):
    """The schedule was already run, moved or cancelled by someone else."""


def _due(field: str, now: datetime.datetime):
    def check(current, _user):
        when = getattr(current, field)
        if not (when and when <= now):
            raise _NotDue("Already handled.")

    return check


def apply_due_schedules(model, now: datetime.datetime | None = None) -> list[str]:
    """Run every scheduled publish and unpublish of ``model`` that is due; safe to repeat."""
    now = now or timezone.now()
    done = [_run_scheduled_publish(obj, now) for obj in model.objects.filter(publish_at__lte=now)]
    for obj in model.objects.filter(unpublish_at__lte=now):
        try:
            _transition(obj, None, "unpublish", _due("unpublish_at", now), _take_down_now, "Scheduled unpublish")
            done.append(f"unpublished {obj}")
        except _NotDue:
            continue
    return [line for line in done if line]


def _take_down_now(current, _):
    _take_down(current)


def _run_scheduled_publish(obj: ReviewedContent, now: datetime.datetime) -> str:
    is_due = _due("publish_at", now)

    def check(current, user):
        is_due(current, user)
        _check_approval_current(current)
        _check_address_free(current)

    def cancel(current, _):
        current.publish_at = None

    try:
        _transition(obj, None, "publish", check, lambda current, _: _go_live(current, None), "Scheduled publish")
        return f"published {obj}"
    except _NotDue:
        return ""
    except WorkflowError as error:
        try:
            _transition(obj, None, "schedule_cancelled", is_due, cancel, f"Scheduled publish cancelled: {error}")
        except _NotDue:
            return ""
        return f"cancelled {obj}: {error}"
