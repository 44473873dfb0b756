"""Intake mail, sent by the worker: a new request, the daily follow-up digest, and the retention purge.

The mail carries no personal or health details, only counts and links to the admin.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from contact.models import OPEN_STATUSES, ContactRequest
from jobs.delivery import mail_each, retried

logger = logging.getLogger(__name__)


def intake_staff() -> list:
    """Return the active members of the intake group who have an address: each gets their own mail."""
    users = get_user_model().objects.filter(is_active=True, groups__name=settings.CONTACT_NOTIFY_GROUP)
    return list(users.exclude(email="").distinct())


@task()
def send_new_request_mail(request_id: int, attempt: int = 1) -> None:
    """Mail intake staff that one request arrived; retried with backoff while the mail server fails."""
    with retried(send_new_request_mail, request_id, attempt=attempt, description=f"New contact request #{request_id}"):
        staff = intake_staff()
        if not staff:
            logger.warning("Contact request %s arrived but no intake staff member has an email address.", request_id)
            return
        contact_request = ContactRequest.objects.only("pk", "is_urgent", "language").filter(pk=request_id).first()
        if contact_request is None:
            return  # deleted (as spam, or purged) before the mail went: nothing left to tell
        context = {
            "urgent": contact_request.is_urgent,
            # The language's English name, only when it is not the site's: no detail about the person.
            "language": ""
            if contact_request.language == settings.LANGUAGE_CODE
            else contact_request.get_language_display(),
            "admin_url": settings.SITE_URL + contact_request.get_admin_url(),
            "SITE_NAME": settings.SITE_NAME,
        }
        mail_each(staff, "contact/email/new_request", context, key=f"contact-new-request:{request_id}")


@task()
def send_follow_up_reminders(attempt: int = 1) -> None:
    """Mail intake staff how many open requests have a follow-up due today or overdue (daily)."""
    today = timezone.localdate()
    with retried(send_follow_up_reminders, attempt=attempt, description=f"Follow-up digest of {today}"):
        due = ContactRequest.objects.filter(status__in=OPEN_STATUSES, follow_up_on__lte=today).count()
        staff = intake_staff()
        if not due or not staff:
            return
        context = {
            "count": due,
            "admin_url": settings.SITE_URL + reverse("admin:contact_contactrequest_changelist"),
            "SITE_NAME": settings.SITE_NAME,
        }
        mail_each(staff, "contact/email/follow_up", context, key=f"contact-follow-ups:{today.isoformat()}")


@task()
def purge_contact_requests() -> None:
    """Apply the retention period (daily); the command holds the rules."""
    call_command("purge_contact_requests")
