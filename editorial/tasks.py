"""Workflow mail and the editorial schedule, run by the worker (docs/architecture.md, "Background work").

Each person gets their own message, so staff addresses are not shared around, and each message is
sent once per transition even when the task runs again after a crash or a failure.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from editorial.linkcheck import link_status
from editorial.models import LinkCheck, ReviewedContent, ReviewEvent
from editorial.queues import overdue_reviews, reviewed_models
from editorial.roles import EDITORS, group_members, licensed_reviewers
from jobs.delivery import enqueue, mail_each, retried


def last_submitter(obj: ReviewedContent) -> User | None:
    """Return the user who last sent this draft for review: the writer who hears back."""
    event = (
        ReviewEvent.objects.filter(content_type=obj.content_type, object_id=obj.pk, action=ReviewEvent.Action.SUBMIT)
        .select_related("user")
        .order_by("-created_at", "-pk")
        .first()
    )
    return event.user if event and event.user else obj.draft_updated_by


def _reviewers(obj: ReviewedContent, event: ReviewEvent) -> list[User]:
    """Return who may approve the draft: licensed medical reviewers, or editors where no medical review is needed."""
    return list(licensed_reviewers() if obj.needs_medical_review else group_members(EDITORS))


def _writer(obj: ReviewedContent, event: ReviewEvent) -> list[User | None]:
    return [last_submitter(obj)]


def _writer_and_reviewer(obj: ReviewedContent, event: ReviewEvent) -> list[User | None]:
    reviewer = obj.live_reviewed_by.user if obj.live_reviewed_by else None
    return [last_submitter(obj), reviewer]


# Keyed by the stored action (a str): ReviewEvent.Action members are str and equal to it.
RECIPIENTS: dict[str, Callable[[Any, ReviewEvent], list]] = {
    ReviewEvent.Action.SUBMIT: _reviewers,
    ReviewEvent.Action.APPROVE: _writer,
    ReviewEvent.Action.REQUEST_CHANGES: _writer,
    ReviewEvent.Action.PUBLISH: _writer_and_reviewer,
}


def admin_url(obj: ReviewedContent) -> str:
    """Return the absolute address of the object's admin change page."""
    opts = obj._meta
    return settings.SITE_URL + reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@task()
def send_workflow_mail(event_id: int, attempt: int = 1) -> None:
    """Mail the people one transition concerns; retried with backoff while the mail server fails."""
    with retried(send_workflow_mail, event_id, attempt=attempt, description=f"Workflow mail, event #{event_id}"):
        event = ReviewEvent.objects.select_related("user", "content_type").filter(pk=event_id).first()
        obj = event.content_object if event else None
        if event is None or obj is None:
            return  # the page was deleted before the mail went: nothing left to tell
        # Nobody hears about their own action.
        users = [user for user in RECIPIENTS[event.action](obj, event) if user and user.pk != event.user_id]
        context = {
            "event": event,
            "obj": obj,
            "kind": obj._meta.verbose_name,
            # A page that makes no medical claim is reviewed by an editor: its mail must not say "medical review".
            "medical": obj.needs_medical_review,
            "admin_url": admin_url(obj),
            "site_url": settings.SITE_URL,
        }
        mail_each(users, f"editorial/email/{event.action}", context, key=f"workflow:{event_id}")


def mail_review_digest() -> tuple[int, int]:
    """Mail each reviewer and editor, once a day, the live pages due for review; return (pages, mails sent)."""
    items = overdue_reviews()
    if not items:
        return 0, 0
    today = timezone.localdate().isoformat()
    users = {*licensed_reviewers(), *group_members(EDITORS)}
    context = {"items": items, "site_url": settings.SITE_URL}
    return len(items), mail_each(users, "editorial/email/review_reminder", context, key=f"review-reminders:{today}")


@task()
def send_review_reminders(attempt: int = 1) -> None:
    """Send the review digest (daily); retried with backoff while the mail server fails."""
    today = timezone.localdate()
    with retried(send_review_reminders, attempt=attempt, description=f"Review reminder digest of {today}"):
        mail_review_digest()


@task()
def publish_scheduled() -> None:
    """Apply the scheduled publishes and unpublishes that are due (every minute); the command holds the rules."""
    call_command("publish_scheduled")


# Outside links: checked by the worker, never while an editor waits (editorial.checks.broken_external_links).
LINK_CHECK_MAX_AGE = datetime.timedelta(days=1)


def unchecked_urls(urls: list[str]) -> list[str]:
    """Return the addresses with no link check in the last day."""
    recent = timezone.now() - LINK_CHECK_MAX_AGE
    fresh = set(LinkCheck.objects.filter(url__in=urls, checked_at__gte=recent).values_list("url", flat=True))
    return [url for url in urls if url not in fresh]


def queue_link_checks(urls: list[str], batch: int = 50) -> None:
    """Have the worker check the addresses not checked in the last day, a batch per task."""
    stale = unchecked_urls(urls)
    for start in range(0, len(stale), batch):
        enqueue(check_links, stale[start : start + batch])


@task()
def check_site_links() -> None:
    """Queue a check of the outside addresses every page's draft uses (daily), so links that rot are found."""
    from editorial.checks import as_draft, external_urls

    urls = [
        url
        for model in reviewed_models()
        for page in model.objects.exclude(draft=None)
        for url in external_urls(as_draft(page))
    ]
    queue_link_checks(list(dict.fromkeys(urls)))


@task()
def check_links(urls: list[str]) -> None:
    """Ask each outside address for its status and store the answer (LinkCheck), malformed ones included."""
    for url in urls:
        # A row could not hold an address longer than its field (PostgreSQL refuses it, failing the batch).
        if not url.startswith(("http://", "https://")) or len(url) > LinkCheck.URL_LENGTH:
            continue
        status, error = link_status(url)
        LinkCheck.objects.update_or_create(
            url=url, defaults={"status": status, "error": error, "checked_at": timezone.now()}
        )
