"""The intake queue in the admin, through the requests a staff member's browser sends."""

import csv
import datetime
import io
import logging
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from contact.models import ContactNote, ContactRequest, ContactView, Status
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/contact/contactrequest/"


def change_url(request) -> str:
    return f"{LIST_URL}{request.pk}/change/"


def change_data(request, note: str = "", **overrides) -> dict:
    """Return the change form's POST: handling fields plus the notes inline's management form."""
    existing = list(request.notes.all())
    data = {
        "is_urgent": "on" if request.is_urgent else "",
        "status": request.status,
        "outcome": request.outcome,
        "owner": request.owner_id or "",
        "follow_up_on": request.follow_up_on or "",
        "notes-TOTAL_FORMS": str(len(existing) + 1),
        "notes-INITIAL_FORMS": str(len(existing)),
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        f"notes-{len(existing)}-text": note,
        f"notes-{len(existing)}-request": str(request.pk),
    }
    for index, existing_note in enumerate(existing):
        data[f"notes-{index}-id"] = str(existing_note.pk)
        data[f"notes-{index}-request"] = str(request.pk)
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


@pytest.fixture
def intake(client):
    user = factories.make_intake("ines")
    factories.login_staff(client, user)
    return user


# Who may see what ---------------------------------------------------------


@pytest.mark.parametrize(
    "make_staff",
    [
        factories.make_writer,
        factories.make_reviewer,
        factories.make_editor,
        lambda: factories.make_user(is_staff=True),
    ],
    ids=["writer", "reviewer", "editor", "staff without group"],
)
def test_staff_outside_intake_cannot_see_requests_not_even_the_list(client, make_staff):
    request = factories.make_contact_request()
    factories.login_staff(client, make_staff())

    assert client.get(LIST_URL).status_code == 403
    assert client.get(change_url(request)).status_code == 403
    assert b"Contact requests" not in client.get("/admin/").content
    assert ContactView.objects.count() == 0


def test_model_permissions_alone_do_not_open_the_queue_to_an_editor(client):
    editor = factories.make_editor()
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="contact"))
    factories.login_staff(client, editor)

    assert client.get(LIST_URL).status_code == 403


@pytest.mark.parametrize("who", ["intake", "superuser"])
def test_intake_staff_and_superusers_see_the_queue_and_the_record(client, who):
    user = factories.make_intake() if who == "intake" else factories.make_user(is_superuser=True)
    request = factories.make_contact_request(name="Jordan Example")
    factories.login_staff(client, user)

    assert b"Contact requests" in client.get("/admin/").content
    assert b"Jordan Example" in client.get(LIST_URL).content
    assert b"Jordan Example" in client.get(change_url(request)).content


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_intake_staff_can_neither_add_nor_delete_requests(client, intake):
    request = factories.make_contact_request()

    assert client.get(f"{LIST_URL}add/").status_code == 403
    assert client.post(f"{LIST_URL}{request.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ContactRequest.objects.count() == 1


# Working a request --------------------------------------------------------


def test_every_staff_view_of_a_record_is_logged_and_shown_on_it(client, intake):
    request = factories.make_contact_request()

    client.get(change_url(request))
    response = client.get(change_url(request))

    views = list(ContactView.objects.filter(request=request))
    assert [(view.user, view.action) for view in views] == [(intake, "viewed"), (intake, "viewed")]
    assert "Viewed by ines on" in response.content.decode()


def test_intake_staff_assigns_a_request_to_themselves_and_closes_it_with_an_outcome(client, intake):
    request = factories.make_contact_request()

    response = client.post(
        change_url(request), change_data(request, status="closed", outcome="admitted", owner=str(intake.pk))
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.outcome, request.owner) == (Status.CLOSED, "admitted", intake)
    assert request.closed_at is not None
    assert request.first_contacted_at is not None


def test_closing_without_an_outcome_is_refused_with_a_clear_error(client, intake):
    request = factories.make_contact_request()

    response = client.post(change_url(request), change_data(request, status="closed"))

    assert response.status_code == 200
    assert "Choose the outcome before closing the request." in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.NEW


def test_only_intake_staff_and_superusers_can_be_made_owner(client, intake):
    editor = factories.make_editor("eddie")
    request = factories.make_contact_request()

    html = client.get(change_url(request)).content.decode()
    response = client.post(change_url(request), change_data(request, owner=str(editor.pk)))

    assert ">ines<" in html and ">eddie<" not in html
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.owner is None


def test_notes_record_their_author_and_time_and_cannot_be_rewritten(client, intake):
    request = factories.make_contact_request()
    client.post(change_url(request), change_data(request, note="Left a voicemail."))
    note = ContactNote.objects.get()

    client.post(change_url(request), change_data(request, **{"notes-0-text": "Rewritten history."}))

    note.refresh_from_db()
    assert (note.text, note.author) == ("Left a voicemail.", intake)
    assert note.created_at is not None
    assert "Left a voicemail." in client.get(change_url(request)).content.decode()


def test_time_to_first_contact_is_shown_on_the_request_page(client, intake):
    received = timezone.now() - datetime.timedelta(hours=3)
    request = factories.make_contact_request(created_at=received)
    ContactRequest.objects.filter(pk=request.pk).update(first_contacted_at=received + datetime.timedelta(minutes=95))

    assert "1\xa0hour, 35\xa0minutes" in client.get(change_url(request)).content.decode()


def test_message_is_shown_as_plain_text(client, intake):
    request = factories.make_contact_request(message="<script>alert(1)</script>")

    html = client.get(change_url(request)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_assign_to_me_action_sets_the_owner(client, intake):
    first, second = factories.make_contact_request(), factories.make_contact_request()

    client.post(LIST_URL, {"action": "assign_to_me", "_selected_action": [first.pk, second.pk]})

    assert set(ContactRequest.objects.values_list("owner", flat=True)) == {intake.pk}


# The list ------------------------------------------------------------------


def listed(client, query: str = "") -> list[int]:
    response = client.get(LIST_URL + query)
    return [obj.pk for obj in response.context["cl"].result_list]


def test_open_urgent_requests_come_first_then_the_newest(client, intake):
    now = timezone.now()
    old_urgent = factories.make_contact_request(is_urgent=True, created_at=now - datetime.timedelta(days=2))
    new_plain = factories.make_contact_request(created_at=now)
    new_urgent = factories.make_contact_request(is_urgent=True, created_at=now - datetime.timedelta(hours=1))
    closed_urgent = factories.make_contact_request(
        is_urgent=True, status=Status.CLOSED, outcome="referred", created_at=now - datetime.timedelta(minutes=5)
    )

    assert listed(client) == [new_urgent.pk, old_urgent.pk, new_plain.pk, closed_urgent.pk]


def test_spam_is_hidden_from_the_queue_until_asked_for(client, intake):
    kept = factories.make_contact_request()
    spam = factories.make_contact_request(status=Status.SPAM)

    assert listed(client) == [kept.pk]
    assert listed(client, "?status=spam") == [spam.pk]


def test_queue_filters_by_status_owner_urgency_and_overdue_follow_up(client, intake):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    mine = factories.make_contact_request(owner=intake, status=Status.CONTACTED)
    urgent = factories.make_contact_request(is_urgent=True)
    overdue = factories.make_contact_request(follow_up_on=yesterday, status=Status.IN_PROGRESS)
    factories.make_contact_request(follow_up_on=yesterday, status=Status.CLOSED, outcome="declined")

    assert listed(client, "?status=contacted") == [mine.pk]
    assert listed(client, f"?owner__id__exact={intake.pk}") == [mine.pk]
    assert listed(client, "?is_urgent__exact=1") == [urgent.pk]
    assert listed(client, "?follow_up=overdue") == [overdue.pk]


@pytest.mark.parametrize("query", ["Jordan", "jordan@example.org", "2125550123"])
def test_search_finds_a_request_by_name_email_or_phone(client, intake, query):
    wanted = factories.make_contact_request(name="Jordan Example", email="jordan@example.org", phone="+12125550123")
    factories.make_contact_request(name="Sam Other", email="sam@example.org", phone="+13125550199")

    assert listed(client, f"?q={query}") == [wanted.pk]


# CSV export ----------------------------------------------------------------


def export(client, *requests):
    return client.post(LIST_URL, {"action": "export_csv", "_selected_action": [r.pk for r in requests]})


def test_intake_staff_without_the_export_permission_cannot_export(client, intake):
    request = factories.make_contact_request(name="Jordan Example")

    response = export(client, request)

    assert response.status_code == 302
    assert response["Content-Type"].startswith("text/html")
    assert 'value="export_csv"' not in client.get(LIST_URL).content.decode()
    assert not ContactView.objects.filter(action="exported").exists()


def test_staff_with_the_export_permission_get_a_csv_of_the_selected_requests(client, intake):
    intake.user_permissions.add(Permission.objects.get(codename="export_contactrequest"))
    chosen = factories.make_contact_request(name="=cmd|' /C calc'!A0", message="Line one\nline two")
    factories.make_contact_request(name="Not Selected")

    response = export(client, chosen)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="contact-requests-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    assert rows[1][0] == str(chosen.pk)
    assert rows[1][rows[0].index("Name")] == "'=cmd|' /C calc'!A0"
    assert rows[1][rows[0].index("Message")] == "Line one\nline two"
    assert list(ContactView.objects.values_list("request", "user", "action")) == [(chosen.pk, intake.pk, "exported")]


def test_export_permission_does_not_open_the_queue_to_an_editor(client):
    editor = factories.make_editor()
    editor.user_permissions.add(Permission.objects.get(codename="export_contactrequest"))
    factories.login_staff(client, editor)

    assert export(client, factories.make_contact_request()).status_code == 403


# Privacy -------------------------------------------------------------------


def test_handling_a_request_writes_no_personal_data_to_any_log(client, intake, caplog):
    request = factories.make_contact_request(
        name="Jordan Example", email="jordan@example.org", phone="+12125550123", message="I overdosed last week."
    )
    caplog.set_level(logging.DEBUG)

    client.get(LIST_URL + "?q=Jordan")
    client.get(change_url(request))
    client.post(change_url(request), change_data(request, note="Spoke to Jordan Example.", status="contacted"))
    client.post(change_url(request), change_data(request, status="closed"))  # refused: no outcome

    logged = "\n".join(record.getMessage() for record in caplog.records)
    for value in ("Jordan", "jordan@example.org", "2125550123", "overdosed"):
        assert value not in logged


def test_phone_numbers_show_in_national_form_as_tel_links(client, intake):
    request = factories.make_contact_request(phone="+12125550123")
    abroad = factories.make_contact_request(phone="+442079460958")

    listing = client.get(LIST_URL).content.decode()
    detail = client.get(change_url(request)).content.decode()

    assert '<a href="tel:+12125550123" class="nowrap">(212) 555-0123</a>' in listing
    assert '<a href="tel:+12125550123" class="nowrap">(212) 555-0123</a>' in detail
    assert '<a href="tel:+442079460958" class="nowrap">+44 20 7946 0958</a>' in listing
    assert abroad.pk


def test_request_page_shows_reference_and_fast_flag(client, intake):
    request = factories.make_contact_request(sent_fast=True)

    html = client.get(change_url(request)).content.decode()
    listing = client.get(LIST_URL).content.decode()

    assert request.reference in html
    assert "Sent very fast" in html
    assert request.reference in listing
    assert "Fast" in listing


def test_staff_find_a_request_by_the_reference_the_visitor_quotes(client, intake):
    wanted = factories.make_contact_request(name="Quoted Caller")
    factories.make_contact_request(name="Someone Else")

    html = client.get(LIST_URL, {"q": wanted.reference}).content.decode()

    assert "Quoted Caller" in html
    assert "Someone Else" not in html


def test_admin_home_shows_intake_staff_their_queue_with_counts_and_links(client, intake):
    today = timezone.localdate()
    factories.make_contact_request()
    factories.make_contact_request(is_urgent=True)
    factories.make_contact_request(status=Status.CONTACTED, owner=intake, follow_up_on=today)
    factories.make_contact_request(status=Status.IN_PROGRESS, follow_up_on=today - datetime.timedelta(days=2))
    factories.make_contact_request(
        status=Status.CLOSED, outcome="admitted", follow_up_on=today - datetime.timedelta(days=2)
    )
    factories.make_contact_request(status=Status.SPAM)

    response = client.get("/admin/")
    html = response.content.decode()
    counts = dict(re.findall(r'<a href="([^"]+)"><strong class="intake-count">(\d+)</strong>', html))

    assert counts == {
        f"{LIST_URL}?status=new": "2",
        f"{LIST_URL}?status=open&amp;is_urgent__exact=1": "1",
        f"{LIST_URL}?status=open&amp;owner__isnull=True": "3",
        f"{LIST_URL}?follow_up=today": "1",
        f"{LIST_URL}?follow_up=overdue": "1",
    }
    for url, count in counts.items():
        listing = client.get(url.replace("&amp;", "&"))
        assert listing.status_code == 200
        assert listing.context["cl"].result_count == int(count), url


def test_admin_home_shows_no_intake_queue_to_editors(client):
    factories.login_staff(client, factories.make_editor())

    assert "Intake queue" not in client.get("/admin/").content.decode()


def test_intake_counts_take_one_query_after_the_group_check(intake, django_assert_num_queries):
    from contact.templatetags.contact_admin import intake_dashboard

    factories.make_contact_request()
    with django_assert_num_queries(2):
        assert intake_dashboard(intake)[0].count == 1


# The language of the request --------------------------------------------------


def test_queue_flags_spanish_requests_and_filters_by_language(client, intake):
    spanish = factories.make_contact_request(language="es")
    english = factories.make_contact_request()

    listing = client.get(LIST_URL).content.decode()
    filtered = client.get(LIST_URL, {"language__exact": "es"})

    assert re.search(rf"{spanish.reference}<br>.*Spanish", listing)
    assert not re.search(rf"{english.reference}<br>", listing)
    assert [row.pk for row in filtered.context["cl"].result_list] == [spanish.pk]
    assert 'href="?language__exact=es"' in listing


def test_request_page_says_to_call_back_in_spanish(client, intake):
    request = factories.make_contact_request(language="es")

    html = client.get(change_url(request)).content.decode()

    assert "Spanish: sent from the Spanish form, call back in it" in html
