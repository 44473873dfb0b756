"""The content calendar: what each person sees in the month and list views, and the secret iCal feed."""

import datetime
import hashlib
from urllib.parse import urlsplit

import icalendar
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from calendars.models import CalendarFeed
from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db

MONTH = reverse("calendars:month")
LIST = reverse("calendars:list")
SUBSCRIBE = reverse("calendars:subscribe")


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def schedule():
    """A month two ahead of today holding one of each entry: a publication, an unpublishing and a review due."""
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=70)).replace(day=1)
    writer = factories.make_writer()
    editor = factories.make_editor()
    scheduled = factories.make_article(title="LDN and sleep", user=writer, authors=[writer.contributor])
    factories.approve_draft(scheduled)
    workflow.publish(scheduled, user=editor, at=at(first.replace(day=3)))
    leaving = factories.make_live_condition(name="Old condition page")
    workflow.unpublish(leaving, user=editor, at=at(first.replace(day=10), 14))
    due = factories.make_live_article(title="Naltrexone basics")
    factories.set_stored(type(due).objects.filter(pk=due.pk), review_due_at=first.replace(day=20))
    return {"first": first, "month": first.strftime("%Y-%m"), "writer": writer, "editor": editor,
            "scheduled": scheduled, "leaving": leaving, "due": due}  # fmt: skip


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_month_view_shows_each_kind_of_entry_on_its_day_linking_to_the_change_page(client, schedule):
    factories.login_staff(client, schedule["editor"])

    response = client.get(MONTH, {"month": schedule["month"]})

    assert response.status_code == 200
    weeks = response.context["weeks"]
    days = {day: [e.obj.pk for e in entries] for week in weeks for day, entries, _ in week if entries}
    first = schedule["first"]
    assert days == {
        first.replace(day=3): [schedule["scheduled"].pk],
        first.replace(day=10): [schedule["leaving"].pk],
        first.replace(day=20): [schedule["due"].pk],
    }
    html = response.content.decode()
    for obj in ("scheduled", "leaving", "due"):
        assert f'href="{change_url(schedule[obj])}"' in html
    assert "Scheduled publication, 9 a.m.:</span> LDN and sleep" in html
    assert "Scheduled unpublishing, 2 p.m.:</span> Old condition page" in html
    assert "Medical review due:</span> Naltrexone basics" in html


def test_a_busy_day_shows_three_entries_and_links_the_rest_to_that_day_in_the_list(client, schedule):
    day = schedule["first"].replace(day=3)  # the fixture's publication is at 9 a.m.; four more at 10-13
    for hour in range(10, 14):
        article = factories.make_article(title=f"Batch article {hour}", user=schedule["writer"])
        factories.approve_draft(article)
        workflow.publish(article, user=schedule["editor"], at=at(day, hour))
    factories.login_staff(client, schedule["editor"])

    html = client.get(MONTH, {"month": schedule["month"]}).content.decode()

    shown = ["LDN and sleep", "Batch article 10", "Batch article 11"]
    assert all(title in html for title in shown)
    assert "Batch article 12" not in html and "Batch article 13" not in html
    more = f'href="{LIST}?month={schedule["month"]}#day-{day.isoformat()}">+ 2 more'
    assert more in html
    listed = client.get(LIST, {"month": schedule["month"]}).content.decode()
    assert f'id="day-{day.isoformat()}"' in listed
    assert all(title in listed for title in [*shown, "Batch article 12", "Batch article 13"])


def test_month_navigation_goes_back_and_forward_and_today_returns_to_this_month(client, schedule):
    factories.login_staff(client, schedule["editor"])
    first = schedule["first"]

    response = client.get(MONTH, {"month": schedule["month"], "kind": "review"})

    html = response.content.decode()
    previous = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    following = (first + datetime.timedelta(days=32)).strftime("%Y-%m")
    assert f'href="?month={previous}&amp;kind=review" rel="prev"' in html
    assert f'href="?month={following}&amp;kind=review" rel="next"' in html
    assert 'href="?kind=review"' in html  # Today keeps the filter and drops the month
    assert client.get(MONTH).context["first"] == timezone.localdate().replace(day=1)
    assert 'aria-current="date"' in client.get(MONTH).content.decode()


def test_filters_by_kind_type_and_person(client, schedule):
    factories.login_staff(client, schedule["editor"])

    def shown(**filters):
        response = client.get(LIST, {"month": schedule["month"], **filters})
        return [entry.obj.pk for _, entries in response.context["days"] for entry in entries]

    assert shown() == [schedule["scheduled"].pk, schedule["leaving"].pk, schedule["due"].pk]
    assert shown(kind="unpublish") == [schedule["leaving"].pk]
    assert shown(type="condition") == [schedule["leaving"].pk]
    assert shown(person=str(schedule["writer"].contributor.pk)) == [schedule["scheduled"].pk]
    assert shown(kind="nonsense", type="nonsense") == shown()


def test_list_view_lists_days_with_entries_and_says_when_a_month_is_empty(client, schedule):
    factories.login_staff(client, schedule["writer"])

    html = client.get(LIST, {"month": schedule["month"]}).content.decode()
    empty = client.get(LIST, {"month": "2001-01"}).content.decode()

    assert schedule["first"].replace(day=3).strftime("%A %-d %B %Y") in html
    assert html.index("LDN and sleep") < html.index("Old condition page") < html.index("Naltrexone basics")
    assert "Nothing is scheduled or due in January 2001." in empty


def test_staff_without_content_permissions_and_visitors_cannot_see_the_calendar(client, schedule):
    factories.login_staff(client, factories.make_intake())
    assert client.get(MONTH).status_code == 403
    assert client.get(LIST).status_code == 403
    assert client.get(SUBSCRIBE).status_code == 403
    assert client.post(SUBSCRIBE, {"action": "issue"}).status_code == 403
    assert not CalendarFeed.objects.exists()

    client.logout()
    response = client.get(MONTH)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_the_admin_links_to_the_calendar_for_those_who_may_see_it(client):
    factories.login_staff(client, factories.make_editor())
    assert f'href="{MONTH}"' in client.get(reverse("admin:index")).content.decode()

    factories.login_staff(client, factories.make_intake())
    assert f'href="{MONTH}"' not in client.get(reverse("admin:index")).content.decode()


# The iCal feed -----------------------------------------------------------------------------


def new_feed_path(client) -> str:
    response = client.post(SUBSCRIBE, {"action": "issue"})
    assert response.status_code == 200
    url = response.context["feed_url"]
    assert url.startswith("http") and url.endswith(".ics")
    return urlsplit(url).path


def test_the_feed_is_text_calendar_with_every_entry_the_owner_may_see(client, schedule):
    factories.login_staff(client, schedule["editor"])
    path = new_feed_path(client)
    client.logout()

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    by_summary = {str(event["SUMMARY"]): event for event in events}
    assert set(by_summary) >= {
        "Scheduled publication: LDN and sleep",
        "Scheduled unpublishing: Old condition page",
        "Medical review due: Naltrexone basics",
    }
    publication = by_summary["Scheduled publication: LDN and sleep"]
    assert publication.decoded("DTSTART") == at(schedule["first"].replace(day=3))
    assert publication.to_ical().decode().count("DTSTART:") == 1  # a UTC time, no time-zone definition needed
    assert str(publication["URL"]).endswith(change_url(schedule["scheduled"]))
    assert by_summary["Medical review due: Naltrexone basics"].decoded("DTSTART") == schedule["first"].replace(day=20)


def test_only_a_hash_of_the_secret_is_stored(client):
    user = factories.make_editor()
    factories.login_staff(client, user)

    path = new_feed_path(client)

    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    stored = CalendarFeed.objects.get(user=user)
    assert token not in stored.token_hash and len(token) >= 40
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_a_revoked_or_replaced_address_answers_404_and_the_new_one_works(client):
    factories.login_staff(client, factories.make_editor())
    old = new_feed_path(client)
    new = new_feed_path(client)  # "Make a new address"

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200

    response = client.post(SUBSCRIBE, {"action": "revoke"}, follow=True)
    assert "Your calendar feed is turned off; its address no longer works." in [
        str(m) for m in response.context["messages"]
    ]
    assert client.get(new).status_code == 404
    assert client.get(reverse("calendars:feed", kwargs={"token": "guessed-token"})).status_code == 404


def test_the_feed_shows_what_its_owner_may_see_now(client, schedule):
    user = factories.make_editor()
    factories.login_staff(client, user)
    path = new_feed_path(client)
    client.logout()

    user.groups.clear()
    assert client.get(path).status_code == 404  # no longer allowed to view content: the feed shows nothing

    user.groups.add(factories.staff_group(workflow.EDITORS))
    user.is_active = False
    user.save()
    assert client.get(path).status_code == 404


def test_each_person_sees_only_the_content_types_they_may_view(client, schedule):
    from django.contrib.auth.models import Permission

    user = factories.make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    factories.login_staff(client, user)

    response = client.get(LIST, {"month": schedule["month"]})

    shown = [entry.obj.pk for _, entries in response.context["days"] for entry in entries]
    assert shown == [schedule["scheduled"].pk, schedule["due"].pk]
    assert [value for value, _ in response.context["types"]] == ["article"]
    assert client.get(LIST, {"month": schedule["month"], "type": "condition"}).context["filters"]["type_name"] == ""


def test_a_password_only_session_reaches_no_calendar_page(client):
    user = factories.make_editor()
    factories.make_totp_device(user)
    client.force_login(user)  # a password sign-in without the second step

    for url in (MONTH, LIST, SUBSCRIBE):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/sign-in/verify/"), url
    assert client.post(SUBSCRIBE, {"action": "issue"}).status_code in (302, 403)
    assert not CalendarFeed.objects.exists()


def test_each_publication_shows_on_the_day_it_went_live_and_in_the_feed_as_its_own_event(client):
    editor = factories.make_editor()
    factories.login_staff(client, editor)
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    with time_machine.travel(three_days_ago, tick=False):
        article = factories.make_live_article(title="Naltrexone and alcohol")
    article.summary = "Updated."
    workflow.save_draft(article, user=factories.make_writer())
    factories.publish(article, editor=editor)  # published again, today
    month = timezone.localdate().strftime("%Y-%m")

    response = client.get(LIST, {"month": timezone.localtime(three_days_ago).strftime("%Y-%m"), "kind": "published"})
    listed = [(day, entry.label, entry.obj.pk) for day, entries in response.context["days"] for entry in entries]
    assert (timezone.localtime(three_days_ago).date(), "Published", article.pk) in listed
    response = client.get(LIST, {"month": month, "kind": "published"})
    listed = [(day, entry.label, entry.obj.pk) for day, entries in response.context["days"] for entry in entries]
    assert (timezone.localdate(), "Published", article.pk) in listed

    path = new_feed_path(client)
    client.logout()
    events = icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT")
    published = [event for event in events if str(event["SUMMARY"]) == "Published: Naltrexone and alcohol"]
    assert len(published) == 2 and len({str(event["UID"]) for event in published}) == 2
