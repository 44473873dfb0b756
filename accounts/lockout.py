"""Lockouts nobody can aim at a colleague: per username and address together, plus a higher per-address cap."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


def recent_attempts(request):
    return AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )


class StaffLockoutHandler(AxesDatabaseHandler):
    """axes' database handler (username and address together, AXES_FAILURE_LIMIT), plus an address-wide cap.

    The cap (ACCOUNTS_ADDRESS_FAILURE_LIMIT) stops one address trying many usernames; it is set well above
    the per-username limit so that colleagues behind one office address are not locked out by one typo-prone
    member of staff.
    """

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        failures = recent_attempts(request).aggregate(total=Sum("failures_since_start"))["total"] or 0
        return failures >= settings.ACCOUNTS_ADDRESS_FAILURE_LIMIT


def unlock_time(request, credentials):
    """When the newest failure that counts toward this lockout falls out of the cool-off window."""
    attempts = recent_attempts(request)
    username = get_client_username(request, credentials)
    per_user = attempts.filter(username=username).aggregate(last=Max("attempt_time"))["last"]
    last = per_user or attempts.aggregate(last=Max("attempt_time"))["last"] or timezone.now()
    return last + get_cool_off(request)


def lockout_response(request, original_response=None, credentials=None):
    """A 429 page that says when to try again, in the site's time zone."""
    until = timezone.localtime(unlock_time(request, credentials))
    context = {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "until": until,
        "minutes": max(1, round((until - timezone.now()).total_seconds() / 60)),
    }
    return render(request, "accounts/lockout.html", context, status=429)
