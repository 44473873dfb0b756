"""Tell intake staff that a request arrived: no personal or health details, only a link."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from contact.models import ContactRequest

logger = logging.getLogger(__name__)


def intake_staff_emails() -> list[str]:
    """Return the addresses of the active members of the intake group."""
    users = get_user_model().objects.filter(is_active=True, groups__name=settings.CONTACT_NOTIFY_GROUP)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def notify_new_request(request_id: int) -> None:
    """Mail intake staff about one new request; a mail failure is logged, never raised."""
    recipients = intake_staff_emails()
    if not recipients:
        logger.warning("Contact request %s arrived but no intake staff member has an email address.", request_id)
        return
    contact_request = ContactRequest.objects.only("pk", "is_urgent").get(pk=request_id)
    context = {
        "urgent": contact_request.is_urgent,
        "admin_url": settings.SITE_URL + contact_request.get_admin_url(),
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = render_to_string("contact/email/new_request_subject.txt", context).strip()
    body = render_to_string("contact/email/new_request_body.txt", context)
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        # The request is already stored; staff still see it in the admin queue.
        logger.exception("Could not send the notification for contact request %s.", request_id)
