"""The content calendar: a month grid, the same month as a list, the subscription page and the iCal feed.

The staff pages sit behind ``admin_site.admin_view`` (signed in, staff, second factor) and show only the
content types the person may view; the feed is reached by its secret address alone and shows what its
owner may see at the time it is read.
"""

import calendar
import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from calendars.entries import KINDS, Entry, entries, visible_models
from calendars.models import CalendarFeed
from editorial.models import Contributor

# US readers: weeks start on Sunday.
WEEKS = calendar.Calendar(firstweekday=calendar.SUNDAY)
DAY_SHOWN = 3  # entries listed in a month cell before "+ N more"
# What a subscribed calendar holds: the recent past and the year ahead.
FEED_PAST, FEED_AHEAD = datetime.timedelta(days=31), datetime.timedelta(days=366)


def _month(request) -> datetime.date:
    """Return the first day of the month asked for (?month=YYYY-MM), or of this month."""
    try:
        return datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def _context(request, title: str) -> dict:
    models = visible_models(request.user)
    if not models:
        raise PermissionDenied
    first = _month(request)
    person = request.GET.get("person", "")
    filters = {
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in KINDS else "",
        "type_name": request.GET.get("type", "")
        if request.GET.get("type") in [m._meta.model_name for m in models]
        else "",
        "person": int(person) if person.isdigit() else None,
    }
    return {
        **admin.site.each_context(request),
        "title": title,
        "first": first,
        "previous": (first - relativedelta(months=1)).strftime("%Y-%m"),
        "next": (first + relativedelta(months=1)).strftime("%Y-%m"),
        "today": timezone.localdate(),
        "kinds": KINDS.items(),
        "types": [(m._meta.model_name, str(m._meta.verbose_name_plural).capitalize()) for m in models],
        "people": Contributor.objects.filter(Q(is_writer=True) | Q(is_medical_reviewer=True)),
        "filters": filters,
        "filtered": any(filters.values()),
    }


def month(request):
    """Show one month as a grid of weeks, each day listing its entries."""
    context = _context(request, "Content calendar")
    weeks = WEEKS.monthdatescalendar(context["first"].year, context["first"].month)
    found = entries(request.user, weeks[0][0], weeks[-1][-1], **context["filters"])
    by_day: dict[datetime.date, list[Entry]] = {}
    for entry in found:
        by_day.setdefault(entry.day, []).append(entry)
    # A day cell shows its first entries and "+ N more", linking to that day in the list view: a busy day
    # (a batch of reviews due) would otherwise stretch its whole week off the screen.
    context["weeks"] = [
        [(day, by_day.get(day, [])[:DAY_SHOWN], by_day.get(day, [])[DAY_SHOWN:]) for day in week] for week in weeks
    ]
    context["weekdays"] = [calendar.day_name[(calendar.SUNDAY + i) % 7] for i in range(7)]
    return TemplateResponse(request, "calendars/month.html", context)


def agenda(request):
    """Show the same month as a list of days with entries: for small screens and screen readers."""
    context = _context(request, "Content calendar: list")
    first = context["first"]
    last = first + relativedelta(months=1) - datetime.timedelta(days=1)
    days: dict[datetime.date, list[Entry]] = {}
    for entry in entries(request.user, first, last, **context["filters"]):
        days.setdefault(entry.day, []).append(entry)
    context["days"] = list(days.items())
    return TemplateResponse(request, "calendars/list.html", context)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Create, replace or turn off this person's secret feed address; a new address is shown once, here."""
    if not visible_models(request.user):
        raise PermissionDenied
    feed_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            CalendarFeed.objects.filter(user=request.user).delete()
            messages.success(request, "Your calendar feed is turned off; its address no longer works.")
            return redirect("calendars:subscribe")
        token = CalendarFeed.issue(request.user)
        feed_url = settings.SITE_URL + reverse("calendars:feed", kwargs={"token": token})
    context = {
        **admin.site.each_context(request),
        "title": "Subscribe to the content calendar",
        "feed": CalendarFeed.objects.filter(user=request.user).first(),
        "feed_url": feed_url,
    }
    return TemplateResponse(request, "calendars/subscribe.html", context)


@never_cache
def feed(request, token: str):
    """Answer the iCal feed of the staff member whose secret address this is."""
    import icalendar  # here, not at the top: it takes most of a second to import, which no other page should pay

    subscription = CalendarFeed.for_token(token)
    if subscription is None or not visible_models(subscription.user):
        raise Http404("No such calendar.")
    CalendarFeed.objects.filter(pk=subscription.pk).update(last_used_at=timezone.now())
    today = timezone.localdate()
    ical = icalendar.Calendar()
    ical.add("prodid", "-//Recovery Site//Content calendar//EN")
    ical.add("version", "2.0")
    ical.add("x-wr-calname", "Recovery Site content calendar")
    for entry in entries(subscription.user, today - FEED_PAST, today + FEED_AHEAD):
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("summary", f"{entry.label}: {entry.obj}")
        event.add("dtstamp", timezone.now())
        if entry.at is None:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + datetime.timedelta(days=1))
        else:
            # In UTC: every calendar app reads it without the time-zone definitions a local time would need.
            start = entry.at.astimezone(datetime.UTC)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(minutes=15))
        event.add("url", settings.SITE_URL + entry.admin_url)
        event.add("description", f"{entry.label}: {entry.type_name} “{entry.obj}”.")
        ical.add_component(event)
    response = HttpResponse(ical.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="content-calendar.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
