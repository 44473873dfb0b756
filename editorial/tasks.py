"""Workflow mail and the editorial schedule, run by the worker (docs/architecture.md, "Background work").

Each person gets their own message, so staff addresses are not shared around, and each message is
sent once per transition even when the task runs again after a crash or a failure.
"""

import datetime
import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from editorial.models import LinkCheck, ReviewedContent, ReviewEvent
from editorial.queues import overdue_reviews, reviewed_models
from editorial.roles import EDITORS, group_members, licensed_reviewers
from jobs.delivery import enqueue, mail_each, retried


def last_submitter(obj: ReviewedContent):
    """Return the user who last sent this draft for review: the writer who hears back."""
    event = (
        ReviewEvent.objects.filter(content_type=obj.content_type, object_id=obj.pk, action=ReviewEvent.Action.SUBMIT)
        .select_related("user")
        .order_by("-created_at", "-pk")
        .first()
    )
    return event.user if event and event.user else obj.draft_updated_by


def _reviewers(obj, event):
    """Return who may approve the draft: licensed medical reviewers, or editors where no medical review is needed."""
    return list(licensed_reviewers() if obj.needs_medical_review else group_members(EDITORS))


def _writer(obj, event):
    return [last_submitter(obj)]


def _writer_and_reviewer(obj, event):
    reviewer = obj.live_reviewed_by.user if obj.live_reviewed_by else None
    return [last_submitter(obj), reviewer]


RECIPIENTS = {
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
        if obj is None:
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
LINK_CHECK_TIMEOUT = 10
LINK_CHECK_HEADERS = {"User-Agent": "RecoverySite-LinkCheck/1.0", "Accept": "text/html,*/*"}


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


def is_public_address(url: str) -> bool:
    """Return whether every address the URL's host resolves to is on the public internet.

    The checker fetches what staff typed, from inside the site's network: without this, a link to
    http://127.0.0.1:6379/ or a cloud metadata address would probe services visitors can never reach.
    LINK_CHECK_PRIVATE_NETWORKS turns it off (tests, an intranet of its own).
    """
    if settings.LINK_CHECK_PRIVATE_NETWORKS:
        return True
    try:
        found = socket.getaddrinfo(urlsplit(url).hostname or "", None)
    except (OSError, UnicodeError):
        return True  # the host does not resolve: the request fails on its own and says so
    return all(ipaddress.ip_address(info[4][0].split("%")[0]).is_global for info in found)


class PublicRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to a public address: a public page may not redirect the checker inward."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_public_address(newurl):
            raise urllib.error.URLError("redirected to an address that is not public")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


OPENER = urllib.request.build_opener(PublicRedirects)


def link_status(url: str) -> tuple[int | None, str]:
    """Return (HTTP status, "") for what ``url`` answers, or (None, why) when it does not answer."""
    if not is_public_address(url):
        return None, LinkCheck.NOT_PUBLIC
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=LINK_CHECK_HEADERS)  # noqa: S310 - http(s) only
        try:
            with OPENER.open(request, timeout=LINK_CHECK_TIMEOUT) as response:
                return response.status, ""
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue  # some servers refuse HEAD only: ask again with GET
            return error.code, ""
        except (urllib.error.URLError, OSError, ValueError) as error:
            return None, str(getattr(error, "reason", "") or type(error).__name__)[:200]
    return None, "no answer"


@task()
def check_links(urls: list[str]) -> None:
    """Ask each outside address for its status and store the answer (LinkCheck)."""
    for url in urls:
        if not url.startswith(("http://", "https://")):
            continue
        status, error = link_status(url)
        LinkCheck.objects.update_or_create(
            url=url, defaults={"status": status, "error": error, "checked_at": timezone.now()}
        )
