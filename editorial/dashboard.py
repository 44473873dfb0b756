"""The admin home's cards: each person's work, counted and listed in a fixed number of queries.

A card is a named set of reviewed pages (or, for recent activity, of review events). The conditions here
are the only definition of each set: the cards count and list with them, and the admin's list filters
(editorial/admin.py) filter with them, so a card's "View all N" lands on a list of the same N pages.
docs/dashboard.md says what each role sees and why the query count is fixed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode

from editorial.models import LiveStatus, ReviewedContent, ReviewEvent, ReviewState, Revision
from editorial.queues import (
    WRITER_ACTIONS,
    QueueItem,
    count_open_comments,
    latest_change_requests_of,
    quoted_note,
    reviewed_models,
    schedule_text,
)
from editorial.roles import EDITORS, MEDICAL_REVIEWERS, WRITERS, in_group

FIRST_ITEMS = 5
REVIEW_DUE_SOON = datetime.timedelta(days=30)
SCHEDULE_WINDOW = datetime.timedelta(days=7)
ACTIVITY_WINDOW = datetime.timedelta(days=7)


# The sets ----------------------------------------------------------------------------------------


def worked_on(model: type[ReviewedContent], user: User) -> Q:
    """Return the condition for pages this person saved last, or ever edited, restored or sent for review."""
    events = ReviewEvent.objects.filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        user=user,
        action__in=WRITER_ACTIONS,
    ).values("object_id")
    return Q(draft_updated_by=user) | Q(pk__in=events)


def waiting_for(model: type[ReviewedContent], *, medical: bool) -> Q:
    """Return the condition for drafts in review that a medical reviewer (``medical=False``: an editor) approves."""
    medical_pages = model.objects.filter(model.medical_review_filter()).values("pk")
    return Q(review_state=ReviewState.IN_REVIEW) & (Q(pk__in=medical_pages) if medical else ~Q(pk__in=medical_pages))


def ready_to_publish() -> Q:
    """Return the condition for approved drafts nobody has published or scheduled yet."""
    return Q(review_state=ReviewState.APPROVED, publish_at__isnull=True)


def scheduled_soon(now: datetime.datetime) -> Q:
    """Return the condition for pages set to go live or come off the site within a week (or already due)."""
    end = now + SCHEDULE_WINDOW
    return Q(publish_at__lt=end) | Q(unpublish_at__lt=end)


def review_due(today: datetime.date) -> Q:
    """Return the condition for live pages whose medical review is overdue or due within 30 days."""
    return Q(live_status=LiveStatus.LIVE, review_due_at__lte=today + REVIEW_DUE_SOON)


def out_of_date_translation(model: type[ReviewedContent]) -> Q:
    """Live translations whose source went live in a newer revision than the one they follow."""
    newer = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("translation_of"),
        number__gt=OuterRef("source_revision__number"),
    )
    return Q(live_status=LiveStatus.LIVE, translation_of__isnull=False) & Q(Exists(newer))


def recent_activity(model: type[ReviewedContent], user: User, now: datetime.datetime) -> QuerySet:
    """Return what other people did this week on pages of this type that this person has a review event on."""
    mine = ReviewEvent.objects.filter(user=user, content_type=OuterRef("content_type"), object_id=OuterRef("object_id"))
    events = ReviewEvent.objects.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )
    return events.filter(Exists(mine), created_at__gte=now - ACTIVITY_WINDOW).exclude(user=user)


def active(model: type[ReviewedContent], user: User, now: datetime.datetime) -> Q:
    """Return the condition for this person's pages that others acted on this week."""
    return Q(pk__in=recent_activity(model, user, now).values("object_id"))


def latest_activity(model: type[ReviewedContent], user: User, now: datetime.datetime) -> dict:
    """Return annotations naming the newest of those actions on each page: when, what and by whom."""
    newest = recent_activity(model, user, now).filter(object_id=OuterRef("pk")).order_by("-created_at", "-pk")
    return {
        "shown_when": Subquery(newest.values("created_at")[:1]),
        "last_action": Subquery(newest.values("action")[:1]),
        "last_by": Subquery(newest.values("user__username")[:1]),
    }


# The cards ---------------------------------------------------------------------------------------


@dataclass
class Link:
    label: str
    url: str
    count: int


@dataclass
class Card:
    key: str
    title: str
    empty_text: str
    count: int = 0
    items: list[QueueItem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    when_label: str = ""  # what the item's date is ("last saved", "approved"); empty: the detail says it


@dataclass(frozen=True)
class PageCard:
    """How to count, list and link one set of reviewed pages."""

    key: str
    title: str
    empty_text: str
    condition: Callable[[type[ReviewedContent], User, datetime.datetime], Q]
    params: dict[str, str]  # the change list's query string for exactly this set
    when: F | Coalesce | None  # the moment sorted on (None: ``annotate`` gives it, as ``shown_when``)
    when_label: str = ""
    newest_first: bool = False
    related: tuple[str, ...] = ()
    describe: Callable[[ReviewedContent], str] = lambda obj: ""
    annotate: Callable[[type[ReviewedContent], User, datetime.datetime], dict] | None = None

    def annotations(self, model: type[ReviewedContent], user: User, now: datetime.datetime) -> dict:
        return self.annotate(model, user, now) if self.annotate else {"shown_when": self.when}


def _day(value: datetime.date | None) -> str:
    return dateformat.format(value, "M j, Y") if value else ""


def _waiting_detail(obj: ReviewedContent) -> str:
    if obj.is_live and obj.review_due_at:
        return f"live page's review due {_day(obj.review_due_at)}"
    return "new page" if not obj.is_live else ""


def _activity_detail(obj: ReviewedContent) -> str:
    # last_action and last_by are annotations of the card's query (latest_activity), not model fields.
    last_action, last_by = getattr(obj, "last_action"), getattr(obj, "last_by")  # noqa: B009
    return f"{ReviewEvent.Action(last_action).label} by {last_by or 'the site'}"


def _due_detail(obj: ReviewedContent) -> str:
    state = "overdue since" if obj.review_is_due else "due"
    reviewer = f"; reviewed by {obj.live_reviewed_by}" if obj.live_reviewed_by else ""
    return f"review {state} {_day(obj.review_due_at)}{reviewer}"


PAGE_CARDS = (
    PageCard(
        "my_drafts",
        "My drafts",
        "Drafts you save appear here until you send them for review.",
        lambda model, user, now: Q(review_state=ReviewState.DRAFT) & worked_on(model, user),
        {"review_state__exact": ReviewState.DRAFT, "worked_by": "me"},
        F("draft_updated_at"),
        "last saved",
        newest_first=True,
    ),
    PageCard(
        "sent_back",
        "Sent back to me",
        "Drafts a reviewer sends back to you appear here, with the reviewer's note.",
        lambda model, user, now: Q(review_state=ReviewState.CHANGES_REQUESTED) & worked_on(model, user),
        {"review_state__exact": ReviewState.CHANGES_REQUESTED, "worked_by": "me"},
        F("draft_updated_at"),
        "last saved",
    ),
    PageCard(
        "waiting_medical",
        "Waiting for my medical review",
        "Drafts sent for medical review appear here, oldest first.",
        lambda model, user, now: waiting_for(model, medical=True),
        {"review_state__exact": ReviewState.IN_REVIEW, "approver": "medical"},
        F("draft_updated_at"),
        "last saved",
        describe=_waiting_detail,
    ),
    PageCard(
        "waiting_editor",
        "Waiting for an editor's review",
        "Drafts without medical claims that an editor approves appear here, oldest first.",
        lambda model, user, now: waiting_for(model, medical=False),
        {"review_state__exact": ReviewState.IN_REVIEW, "approver": "editor"},
        F("draft_updated_at"),
        "last saved",
        describe=_waiting_detail,
    ),
    PageCard(
        "ready",
        "Approved, ready to publish or schedule",
        "Approved drafts that nobody has published or scheduled yet appear here.",
        lambda model, user, now: ready_to_publish(),
        {"review_state__exact": ReviewState.APPROVED, "schedule": "none"},
        F("approved_at"),
        "approved",
        related=("approved_by",),
        describe=schedule_text,
    ),
    PageCard(
        "scheduled",
        "Scheduled this week",
        "Pages set to go live or come off the site in the next 7 days appear here, soonest first.",
        lambda model, user, now: scheduled_soon(now),
        {"schedule": "week"},
        Coalesce("publish_at", "unpublish_at"),
        related=("approved_by",),
        describe=schedule_text,
    ),
    PageCard(
        "reviews_due",
        "Medical reviews due and overdue",
        "Live pages whose medical review is overdue or due within 30 days appear here, most overdue first.",
        lambda model, user, now: review_due(timezone.localdate(now)),
        {"review_due": "due"},
        F("review_due_at"),
        related=("live_reviewed_by",),
        describe=_due_detail,
    ),
    PageCard(
        "translations_out_of_date",
        "Translations following an older version",
        "Translations appear here when the page they translate goes live in a newer version.",
        lambda model, user, now: out_of_date_translation(model),
        {"translation": "out_of_date"},
        F("last_published_at"),
        "translation published",
        related=("source_revision", "translation_of"),
    ),
    PageCard(
        "activity",
        "Recent activity on my pages",
        "Pages you worked on appear here when someone else reviews, approves or publishes them (7 days).",
        active,
        {"activity": "mine"},
        None,
        newest_first=True,
        describe=_activity_detail,
        annotate=latest_activity,
    ),
)

# Which cards each role works from (superusers count as members of every group: they see them all).
ROLE_CARDS = {
    WRITERS: ("my_drafts", "sent_back", "translations_out_of_date", "activity"),
    MEDICAL_REVIEWERS: ("waiting_medical", "reviews_due", "activity"),
    EDITORS: ("ready", "scheduled", "reviews_due", "waiting_editor", "translations_out_of_date", "activity"),
}


def card_keys(user: User) -> set[str]:
    """Return the keys of the cards this person sees."""
    return {key for role, keys in ROLE_CARDS.items() if in_group(user, role) for key in keys}


def cards_for(user: User, now: datetime.datetime | None = None) -> list[Card]:
    """Return this person's cards: true counts, the first items, links to the filtered lists."""
    now = now or timezone.now()
    keys = card_keys(user)
    specs = [spec for spec in PAGE_CARDS if spec.key in keys]
    models = [model for model in reviewed_models() if _may_view(user, model)]
    counts = {
        model: model.objects.aggregate(
            **{spec.key: Count("pk", filter=spec.condition(model, user, now)) for spec in specs}
        )
        for model in (models if specs else [])
    }
    cards = [_page_card(spec, user, now, {model: counts[model][spec.key] for model in models}) for spec in specs]
    count_open_comments([item for card in cards for item in card.items])
    _add_reviewers_notes(next((card.items for card in cards if card.key == "sent_back"), []))
    _add_source_changes(next((card.items for card in cards if card.key == "translations_out_of_date"), []))
    return cards


def _may_view(user: User, model: type[ReviewedContent]) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def _page_card(spec: PageCard, user: User, now: datetime.datetime, counts: dict) -> Card:
    """Build one card: one query per content type that has pages in the set, for its first items."""
    when = F("shown_when")
    order = when.desc(nulls_last=True) if spec.newest_first else when.asc(nulls_last=True)
    objects = []
    for model, count in counts.items():
        if count:
            queryset = model.objects.filter(spec.condition(model, user, now))
            queryset = queryset.annotate(**spec.annotations(model, user, now)).select_related(*spec.related)
            objects += queryset.order_by(order, "pk")[:FIRST_ITEMS]
    objects.sort(key=lambda obj: (obj.shown_when is None, obj.shown_when or now), reverse=spec.newest_first)
    items = [QueueItem(obj, obj.shown_when, spec.describe(obj)) for obj in objects[:FIRST_ITEMS]]
    links = [
        Link(
            str(model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural),
            _changelist(model, spec.params),
            count,
        )
        for model, count in counts.items()
        if count
    ]
    return Card(spec.key, spec.title, spec.empty_text, sum(counts.values()), items, links, spec.when_label)


def _add_reviewers_notes(items: list[QueueItem]) -> None:
    notes = latest_change_requests_of(items)
    for item in items:
        note = notes.get((item.obj.content_type.pk, item.obj.pk))
        if note:
            item.detail = quoted_note(note.note)


def _add_source_changes(items: list[QueueItem]) -> None:
    """Say which source revision each out-of-date translation follows and link to the source's changes since."""
    for item in items:
        followed, latest, source = item.obj.source_revision, item.obj.source_latest_revision, item.obj.translation_of
        if followed is None or latest is None or source is None:
            continue
        item.detail = f"follows revision {followed.number} of “{source}”; it is at revision {latest.number}"
        opts = source._meta
        compare = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[source.pk])
        item.extra_url = f"{compare}?{urlencode({'from': followed.number, 'to': latest.number})}"
        item.extra_label = f"What changed in the source since revision {followed.number}"


def _changelist(model: type[ReviewedContent], params: dict) -> str:
    opts = model._meta
    return f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{urlencode(params)}"
