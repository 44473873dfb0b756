"""The queues staff work from; the admin dashboard and the reminder mail both read them."""

import datetime
from dataclasses import dataclass
from typing import cast

from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator

from editorial import review_comments
from editorial.models import ReviewedContent, ReviewEvent, ReviewState
from editorial.roles import EDITORS, MEDICAL_REVIEWERS, WRITERS, AnyUser, in_group

# Events that make a draft "mine" for a writer.
WRITER_ACTIONS = (ReviewEvent.Action.EDIT, ReviewEvent.Action.RESTORE, ReviewEvent.Action.SUBMIT)


@dataclass
class QueueItem:
    obj: ReviewedContent
    when: datetime.datetime | datetime.date | None
    detail: str = ""
    open_comments: int = 0

    @property
    def kind(self) -> str:
        return str(self.obj._meta.verbose_name).capitalize()

    @property
    def admin_url(self) -> str:
        opts = self.obj._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk])


@dataclass
class Queue:
    title: str
    items: list[QueueItem]
    empty_text: str


def reviewed_models() -> list[type[ReviewedContent]]:
    """Return every concrete model under medical review (articles, conditions)."""
    return [model for model in apps.get_models() if issubclass(model, ReviewedContent)]


def awaiting_review(*, medical: bool = True) -> list[QueueItem]:
    """Return drafts waiting for a medical reviewer (``medical=False``: for an editor), oldest first."""
    items = [
        QueueItem(obj, obj.draft_updated_at)
        for model in reviewed_models()
        for obj in model.objects.filter(review_state=ReviewState.IN_REVIEW)
        if obj.needs_medical_review is medical
    ]
    return sorted(items, key=lambda item: item.when or timezone.now())


def changes_requested_for(user) -> list[QueueItem]:
    """Return drafts sent back for changes that this user edited or submitted."""
    items = []
    for model in reviewed_models():
        mine = ReviewEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            user=user,
            action__in=(ReviewEvent.Action.EDIT, ReviewEvent.Action.RESTORE, ReviewEvent.Action.SUBMIT),
        ).values("object_id")
        queryset = model.objects.filter(review_state=ReviewState.CHANGES_REQUESTED).filter(
            Q(draft_updated_by=user) | Q(pk__in=mine)
        )
        objects = list(queryset)
        notes = latest_change_requests(objects)
        items += [
            QueueItem(obj, obj.draft_updated_at, _quote(notes[obj.pk].note) if obj.pk in notes else "")
            for obj in objects
        ]
    return items


def latest_change_requests(objects: list[ReviewedContent]) -> dict[int, ReviewEvent]:
    """Return, by page id, the last request-changes event of these pages (all of one model), in one query."""
    if not objects:
        return {}
    events = ReviewEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(objects[0])),
        object_id__in=[obj.pk for obj in objects],
        action=ReviewEvent.Action.REQUEST_CHANGES,
    ).select_related("user")
    latest: dict[int, ReviewEvent] = {}
    for event in events:  # newest first (the model's ordering)
        latest.setdefault(event.object_id, event)
    return latest


def _quote(note: str) -> str:
    return f"reviewer's note: “{Truncator(note).chars(160)}”"


def approved_unscheduled() -> list[QueueItem]:
    """Return approved drafts that nobody has published or scheduled yet."""
    items = []
    for model in reviewed_models():
        queryset = model.objects.filter(review_state=ReviewState.APPROVED, publish_at__isnull=True).select_related(
            "approved_by"
        )
        items += [QueueItem(obj, obj.approved_at, _schedule(obj)) for obj in queryset]
    return items


def scheduled() -> list[QueueItem]:
    """Return pages with a scheduled publication or unpublishing, soonest first."""
    items = []
    for model in reviewed_models():
        queryset = model.objects.filter(Q(publish_at__isnull=False) | Q(unpublish_at__isnull=False)).select_related(
            "approved_by"
        )
        items += [
            QueueItem(obj, obj.publish_at or obj.unpublish_at or obj.approved_at, _schedule(obj)) for obj in queryset
        ]
    # The filter leaves no page without a publish_at or unpublish_at, so no item's ``when`` is None.
    return sorted(items, key=lambda item: cast(datetime.datetime, item.when))


def _schedule(obj: ReviewedContent) -> str:
    parts = []
    if obj.publish_at:
        parts.append(f"goes live {_moment(obj.publish_at)}")
    if obj.unpublish_at:
        parts.append(f"comes off {_moment(obj.unpublish_at)}")
    if not parts and obj.approved_by:
        parts.append(f"approved by {obj.approved_by}")
    return "; ".join(parts)


def _moment(value: datetime.datetime) -> str:
    return dateformat.format(timezone.localtime(value), "M j, Y, H:i")


def overdue_reviews(on: datetime.date | None = None) -> list[QueueItem]:
    """Return live pages whose medical review is due, most overdue first."""
    on = on or timezone.localdate()
    items = [
        QueueItem(obj, obj.review_due_at, f"reviewed by {obj.live_reviewed_by}" if obj.live_reviewed_by else "")
        for model in reviewed_models()
        for obj in model.objects.live().filter(review_due_at__lte=on).select_related("live_reviewed_by")
    ]
    # review_due_at__lte leaves out pages without a review date, so every ``when`` is a date.
    return sorted(items, key=lambda item: cast(datetime.date, item.when))


def dashboard(user: AnyUser) -> list[Queue]:
    """Return the queues this person works from, for the admin index page."""
    queues = []
    if in_group(user, MEDICAL_REVIEWERS):
        queues.append(
            Queue("Drafts waiting for my medical review", awaiting_review(), "Nothing is waiting for review.")
        )
    if in_group(user, WRITERS):
        queues.append(
            Queue(
                "My drafts sent back with changes requested",
                changes_requested_for(user),
                "No drafts were sent back to you.",
            )
        )
    if in_group(user, EDITORS):
        queues.append(
            Queue(
                "Drafts waiting for an editor's review (no medical claims)",
                awaiting_review(medical=False),
                "No draft is waiting for an editor's review.",
            )
        )
        queues.append(
            Queue(
                "Approved, ready to publish or schedule",
                approved_unscheduled(),
                "No approved draft is waiting to be published.",
            )
        )
        queues.append(Queue("Scheduled to go live or come off the site", scheduled(), "Nothing is scheduled."))
    if in_group(user, MEDICAL_REVIEWERS) or in_group(user, EDITORS):
        queues.append(
            Queue("Live pages overdue for medical review", overdue_reviews(), "No live page is due for review.")
        )
    count_open_comments([item for queue in queues for item in queue.items])
    return queues


def count_open_comments(items: list[QueueItem]) -> None:
    """Set each item's count of open review comments: one query per content type."""
    for model in {type(item.obj) for item in items}:
        counts = review_comments.source().open_counts(model, [item.obj.pk for item in items if type(item.obj) is model])
        for item in items:
            if type(item.obj) is model:
                item.open_comments = counts.get(item.obj.pk, 0)


def _person(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else "the writer"


def holder(obj: ReviewedContent) -> str:
    """Return who has the page now, in a few words: whose move it is."""
    state = obj.review_state
    if state == ReviewState.DRAFT:
        return f"{_person(obj.draft_updated_by)}, writing"
    if state == ReviewState.IN_REVIEW:
        return "Medical reviewers" if obj.needs_medical_review else "Editors, reviewing"
    if state == ReviewState.CHANGES_REQUESTED:
        return f"{_person(obj.draft_updated_by)}, making the requested changes"
    if state == ReviewState.APPROVED:
        return "Editors, scheduled" if obj.publish_at else "Editors, ready to publish"
    return "Nobody: the live page is up to date"
