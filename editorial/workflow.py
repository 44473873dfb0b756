"""Every state change of reviewed content (DESIGN.md, "The review workflow").

Each transition is a plain function: check the state and the user, change the
fields inside a transaction, write a ReviewEvent, then notify on commit.
``available_actions`` runs the same checks, so the admin never re-implements them.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from editorial.models import (
    Contributor,
    LiveStatus,
    ReviewedContent,
    ReviewEvent,
    ReviewState,
    Revision,
    fingerprint,
)

WRITERS = "Writers"
MEDICAL_REVIEWERS = "Medical reviewers"
EDITORS = "Editors"
ACTIONS = ("save_draft", "submit", "approve", "request_changes", "publish", "unpublish")


class WorkflowError(Exception):
    """A refused transition, with a reason a person can act on."""


# Who is who ----------------------------------------------------------------


def in_group(user, name: str) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return any(group.name == name for group in user.groups.all())


def reviewer_profile(user) -> Contributor | None:
    """Return the user's contributor profile if they may review medically today."""
    if not in_group(user, MEDICAL_REVIEWERS):
        return None
    contributor = Contributor.objects.filter(user=user).first()
    if contributor and contributor.has_current_licence():
        return contributor
    return None


def cycle_editor_ids(obj: ReviewedContent) -> set[int]:
    """Return the ids of users who edited the draft since it last went live."""
    events = ReviewEvent.objects.filter(content_type=obj.content_type, object_id=obj.pk)
    last_publish = events.filter(action="publish").order_by("-created_at", "-pk").first()
    if last_publish:
        events = events.filter(pk__gt=last_publish.pk)
    return set(events.filter(action="edit").values_list("user_id", flat=True))


# Guards: each raises WorkflowError or returns None -------------------------


def _model_perm(user, obj: ReviewedContent, action: str) -> bool:
    opts = obj._meta
    return bool(user and user.is_authenticated and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"))


def check_save_draft(obj: ReviewedContent, user) -> None:
    if not _model_perm(user, obj, "change" if obj.pk else "add"):
        raise WorkflowError("You do not have permission to edit this content.")


def check_submit(obj: ReviewedContent, user) -> None:
    check_save_draft(obj, user)
    if obj.review_state not in (ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED):
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


def check_request_changes(obj: ReviewedContent, user) -> None:
    _check_reviewer(obj, user)


def check_publish(obj: ReviewedContent, user) -> None:
    if not in_group(user, EDITORS):
        raise WorkflowError("Only an editor can publish.")
    _check_approval_current(obj)


def _check_approval_current(obj: ReviewedContent) -> None:
    if obj.review_state != ReviewState.APPROVED:
        raise WorkflowError("Only a medically approved draft can be published.")
    if obj.approved_fingerprint != obj.draft_fingerprint:
        raise WorkflowError("The draft changed after it was approved; it needs a new medical review.")


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
        current = _reload_for_update(obj)
        if current.draft and fingerprint(current.draft) == fingerprint(snapshot):
            return obj
        from_state = current.review_state
        current.draft = snapshot
        current.draft_updated_at = timezone.now()
        current.draft_updated_by = user
        if current.review_state in (ReviewState.APPROVED, ReviewState.PUBLISHED):
            current.review_state = ReviewState.DRAFT
            current.approved_fingerprint = ""
        if current.live_status == LiveStatus.LIVE:
            current.save(
                update_fields=["draft", "draft_updated_at", "draft_updated_by", "review_state", "approved_fingerprint"]
            )
        else:
            # Nothing is live, so the columns may show the draft too (admin lists, search in admin).
            current.write_live(snapshot)
        _copy_state(current, obj, WORKFLOW_FIELDS)
        _log(obj, user, "edit", from_state)
    return obj


def _transition(obj: ReviewedContent, user, action: str, check, change, note: str = "") -> ReviewedContent:
    with transaction.atomic():
        current = _reload_for_update(obj)
        result = check(current, user)
        from_state = current.review_state
        change(current, result)
        current.save(update_fields=[name.removesuffix("_id") for name in WORKFLOW_FIELDS])
        _copy_state(current, obj, WORKFLOW_FIELDS)
        _log(obj, user, action, from_state, note)
    return obj


def submit(obj: ReviewedContent, *, user, note: str = "") -> ReviewedContent:
    """Send the draft to the medical reviewers."""

    def change(current, _):
        current.review_state = ReviewState.IN_REVIEW

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
    if not (note or "").strip():
        raise WorkflowError("Say what needs to change, so the writer can fix it.")

    def change(current, _):
        current.review_state = ReviewState.CHANGES_REQUESTED
        current.approved_fingerprint = ""

    return _transition(obj, user, "request_changes", check_request_changes, change, note)


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
        current.live_status = LiveStatus.EXPIRED if current.live_status == LiveStatus.LIVE else current.live_status
        current.publish_at = None
        current.unpublish_at = None

    return _transition(obj, user, "unpublish", check_unpublish, change, note)


def apply_due_schedules(model, now: datetime.datetime | None = None) -> list[str]:
    """Run every scheduled publish and unpublish of ``model`` that is due; safe to repeat."""
    now = now or timezone.now()
    done = []
    for obj in model.objects.filter(publish_at__lte=now):
        done.append(_run_scheduled_publish(obj))
    for obj in model.objects.filter(unpublish_at__lte=now):

        def change(current, _):
            current.live_status = LiveStatus.EXPIRED if current.is_live else current.live_status
            current.unpublish_at = None

        try:
            _transition(obj, None, "unpublish", _check_scheduled_unpublish(now), change, "Scheduled unpublish")
            done.append(f"unpublished {obj}")
        except WorkflowError:
            continue
    return done


def _check_scheduled_unpublish(now):
    def check(current, _user):
        if not (current.unpublish_at and current.unpublish_at <= now):
            raise WorkflowError("Already handled.")

    return check


def _run_scheduled_publish(obj: ReviewedContent) -> str:
    def check(current, _user):
        if not current.publish_at:
            raise WorkflowError("Already handled.")
        _check_approval_current(current)

    try:
        _transition(obj, None, "publish", check, lambda current, _: _go_live(current, None), "Scheduled publish")
        return f"published {obj}"
    except WorkflowError as error:

        def cancel(current, _):
            current.publish_at = None

        _transition(obj, None, "schedule_cancelled", lambda current, _u: None, cancel, str(error))
        return f"cancelled {obj}: {error}"
