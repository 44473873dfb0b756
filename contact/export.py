"""CSV export of contact requests, safe to open in a spreadsheet."""

import csv

from django.http import HttpResponse
from django.utils import timezone

from contact.models import ContactRequest


def local_time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


COLUMNS = [
    ("Request", lambda r: r.pk),
    ("Received", lambda r: local_time(r.created_at)),
    ("Urgent", lambda r: "yes" if r.is_urgent else "no"),
    ("Status", lambda r: r.get_status_display()),
    ("Outcome", lambda r: r.get_outcome_display()),
    ("Owner", lambda r: r.owner.get_username() if r.owner else ""),
    ("Follow up on", lambda r: r.follow_up_on.isoformat() if r.follow_up_on else ""),
    (
        "First contacted",
        lambda r: (
            timezone.localtime(r.first_contacted_at).isoformat(timespec="minutes") if r.first_contacted_at else ""
        ),
    ),
    ("Name", lambda r: r.name),
    ("Phone", lambda r: r.phone),
    ("Email", lambda r: r.email),
    ("Preferred contact", lambda r: r.get_preferred_contact_display()),
    ("Asking for", lambda r: r.get_for_whom_display()),
    ("Message", lambda r: r.message),
]
# A cell starting with one of these runs as a formula in a spreadsheet (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """Return the value as text that a spreadsheet will show, not evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_response(requests: "list[ContactRequest]") -> HttpResponse:
    """Return an attachment with one row per request."""
    filename = f"contact-requests-{timezone.localdate():%Y%m%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([title for title, _ in COLUMNS])
    for request in requests:
        writer.writerow([spreadsheet_safe(value(request)) for _, value in COLUMNS])
    return response
