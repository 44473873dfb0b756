"""The visitor's path: form, post/redirect/get, thanks page, spam traps, and failures that lose nothing."""

import logging
import smtplib
import time
import uuid

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import Client
from django.utils.html import escape

from contact.consent import CONSENT_TEXTS, CONSENT_VERSION
from contact.forms import sign_started
from contact.models import ContactRequest, Status
from tests import factories

pytestmark = pytest.mark.django_db

PERSONAL = ["Jordan Example", "jordan@example.org", "555-0123", "5550123", "outpatient treatment"]


def assert_no_personal_data(caplog):
    logged = "\n".join(record.getMessage() + str(record.exc_info or "") for record in caplog.records)
    for value in PERSONAL:
        assert value not in logged


def test_contact_page_shows_the_form_the_consent_text_and_the_phone_number(client):
    response = client.get("/contact/")

    html = response.content.decode()
    assert response.status_code == 200
    for name in (
        "name",
        "phone",
        "email",
        "preferred_contact",
        "for_whom",
        "message",
        "consent",
        "extra_details",
        "started",
    ):
        assert f'name="{name}"' in html
    assert escape(CONSENT_TEXTS[CONSENT_VERSION]) in html
    assert "(555) 010-0199" in html
    assert 'href="tel:988"' in html


def test_contact_pages_are_never_cached(client, submit):
    form_page = client.get("/contact/")
    submit()
    thanks_page = client.get("/contact/thanks/")

    for response in (form_page, thanks_page):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_valid_submission_is_stored_once_and_redirects_to_thanks(submit):
    response = submit()

    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"
    stored = ContactRequest.objects.get()
    assert stored.name == "Jordan Example"
    assert stored.phone == "+12125550123"
    assert stored.status == Status.NEW
    assert stored.consent_version == CONSENT_VERSION
    assert stored.is_urgent is False


def test_thanks_page_says_how_and_when_the_team_answers_and_repeats_phone_and_988(client, submit):
    submit(preferred_contact="email")

    html = client.get("/contact/thanks/").content.decode()
    assert "email you" in html
    assert "within one business day" in html
    assert "(555) 010-0199" in html
    assert 'href="tel:988"' in html
    assert "crisis-heading" not in html


def test_crisis_wording_marks_the_request_urgent_and_puts_the_crisis_line_first(client, submit):
    submit(message="My brother overdosed last night and I am scared.")

    assert ContactRequest.objects.get().is_urgent is True
    main = client.get("/contact/thanks/").content.decode().split('<main id="main"')[1]
    assert main.index("988") < main.index("What happens next")
    assert main.index("crisis-heading") < main.index("next-heading")


def test_repeated_post_of_the_same_form_is_stored_once(
    client, form_data, django_capture_on_commit_callbacks, run_tasks
):
    factories.make_intake()
    data = form_data()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/contact/", data)
        second = client.post("/contact/", data)
    run_tasks()

    assert first["Location"] == second["Location"] == "/contact/thanks/"
    assert ContactRequest.objects.count() == 1
    assert len(mail.outbox) == 1


def test_database_error_shows_503_with_the_phone_number_and_logs_no_personal_data(submit, monkeypatch, caplog):
    factories.make_intake()

    def fail(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(ContactRequest, "save", fail)
    caplog.set_level(logging.DEBUG)
    response = submit()

    assert response.status_code == 503
    assert "was not sent" in response.content.decode()
    assert "(555) 010-0199" in response.content.decode()
    assert "could not be stored (OperationalError)" in caplog.text
    assert_no_personal_data(caplog)
    assert mail.outbox == []


def test_failing_mail_server_never_loses_the_request(submit, monkeypatch, caplog):
    factories.make_intake()

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    response = submit()

    assert response.status_code == 302
    stored = ContactRequest.objects.get()
    assert f"New contact request #{stored.pk} failed (attempt 1): SMTPServerDisconnected" in caplog.text


def test_submission_writes_no_personal_data_to_any_log(submit, caplog):
    factories.make_intake()
    caplog.set_level(logging.DEBUG)

    submit(message="I want to ask about outpatient treatment; I overdosed once.")

    assert ContactRequest.objects.count() == 1
    assert "stored" in caplog.text
    assert_no_personal_data(caplog)


def test_filled_honeypot_shows_the_thanks_page_but_nothing_reaches_the_queue(submit):
    factories.make_intake()

    response = submit(extra_details="http://spam.example")

    assert response["Location"] == "/contact/thanks/"
    assert ContactRequest.objects.queue().count() == 0
    assert ContactRequest.objects.get().spam_reason == "honeypot filled in"
    assert mail.outbox == []


def test_form_sent_within_a_second_is_stored_in_the_queue_with_a_fast_flag(client, submit):
    factories.make_intake()

    response = submit(started=sign_started(at=time.time() - 1))

    assert response["Location"] == "/contact/thanks/"
    stored = ContactRequest.objects.get()
    assert (stored.status, stored.spam_reason, stored.sent_fast) == (Status.NEW, "", True)
    assert ContactRequest.objects.queue().count() == 1
    assert len(mail.outbox) == 1
    assert stored.reference in client.get("/contact/thanks/").content.decode()


def test_form_filled_at_a_normal_pace_is_not_flagged_fast(submit):
    submit()

    assert ContactRequest.objects.get().sent_fast is False


def test_fast_invalid_form_gets_its_errors_and_no_thanks(submit):
    response = submit(started=sign_started(at=time.time()), name="", email="", phone="", follow=True)

    assert response.status_code == 200
    assert "Enter your name" in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_empty_form_sent_at_once_gets_errors_never_thanks(client):
    started = client.get("/contact/").context["form"]["started"].value()

    response = client.post("/contact/", {"started": started}, follow=True)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert ContactRequest.objects.count() == 0


def test_reused_start_value_with_a_different_message_is_spam(submit):
    started = sign_started(at=time.time() - 30)
    submit(started=started)

    response = submit(started=started, message="A completely different message.")

    assert response["Location"] == "/contact/thanks/"
    first, second = ContactRequest.objects.order_by("pk")
    assert first.status == Status.NEW
    assert (second.status, second.spam_reason) == (Status.SPAM, "start value reused")


@pytest.mark.parametrize("started", [None, "", "not-signed", sign_started().replace(":", ";")])
def test_missing_or_forged_start_time_is_spam(submit, started):
    response = submit(started=started)

    assert response["Location"] == "/contact/thanks/"
    assert ContactRequest.objects.get().status == Status.SPAM


def test_start_time_signed_for_another_purpose_is_refused(submit):
    from django.core import signing

    forged = signing.dumps({"token": str(uuid.uuid4()), "at": time.time() - 30}, salt="something.else")

    submit(started=forged)

    assert ContactRequest.objects.get().status == Status.SPAM


def test_invalid_honeypot_post_gets_the_thanks_page_and_stores_nothing(submit):
    response = submit(extra_details="http://spam.example", name="", email="not-an-email")

    assert response["Location"] == "/contact/thanks/"
    assert ContactRequest.objects.count() == 0


def test_invalid_post_with_a_forged_start_time_gets_its_errors(submit):
    response = submit(started="forged", name="", follow=True)

    assert response.status_code == 200
    assert "Enter your name" in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_post_without_csrf_token_is_refused_and_stores_nothing(form_data):
    client = Client(enforce_csrf_checks=True)
    client.get("/contact/")

    response = client.post("/contact/", form_data())

    assert response.status_code == 403
    assert ContactRequest.objects.count() == 0


def test_post_with_forged_csrf_token_is_refused_and_stores_nothing(form_data):
    client = Client(enforce_csrf_checks=True)
    client.get("/contact/")

    response = client.post("/contact/", form_data(csrfmiddlewaretoken="x" * 64))

    assert response.status_code == 403
    assert ContactRequest.objects.count() == 0


def test_post_with_valid_csrf_token_is_accepted(form_data):
    client = Client(enforce_csrf_checks=True)
    token = client.get("/contact/").context["csrf_token"]

    response = client.post("/contact/", form_data(csrfmiddlewaretoken=str(token)))

    assert response.status_code == 302
    assert ContactRequest.objects.count() == 1


def test_body_that_is_not_utf8_gets_an_error_and_stores_nothing(client, form_data):
    data = form_data()
    body = "&".join(f"{key}={value}" for key, value in data.items() if key not in ("name", "started"))
    body += "&name=Jordan%FF%FE&started=" + data["started"]

    response = client.post("/contact/", body, content_type="application/x-www-form-urlencoded", follow=True)

    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_oversized_request_body_is_refused_and_stores_nothing(client, form_data, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = client.post("/contact/", form_data(message="m" * 20_000))

    assert response.status_code == 400
    assert ContactRequest.objects.count() == 0


def test_thanks_page_gives_the_short_reference_and_the_admissions_hours_never_the_database_id(client, submit):
    submit()

    stored = ContactRequest.objects.get()
    html = client.get("/contact/thanks/").content.decode()
    assert f'<span class="reference">{stored.reference}</span>' in html
    assert len(stored.reference) == 9 and stored.reference[4] == "-"
    assert f"#{stored.pk}" not in html
    assert "answered 24/7" in html


def test_admissions_hours_setting_is_shown_next_to_the_phone_number(client, submit, settings):
    settings.ADMISSIONS_HOURS = "8 am to 10 pm, every day"
    submit()

    for path in ("/", "/contact/", "/contact/thanks/"):
        html = client.get(path).content.decode()
        assert "answered 8 am to 10 pm, every day" in html, path


def test_thanks_page_without_a_recent_submission_sends_the_visitor_to_the_form(client):
    response = client.get("/contact/thanks/")

    assert response.status_code == 302
    assert response["Location"] == "/contact/"


def test_thanks_page_refuses_a_forged_cookie(client):
    client.cookies["contact_thanks"] = "ABCD-EFGH|0|phone:forged"

    assert client.get("/contact/thanks/")["Location"] == "/contact/"


def test_submission_writes_nothing_to_the_session(client, submit):
    submit()

    assert "sessionid" not in client.cookies
    assert client.get("/contact/thanks/").status_code == 200


def commit_then_lose_the_answer(connection_commit):
    """Return a commit that reaches the database but whose answer is lost, as when the server dies."""

    def commit():
        connection_commit()
        raise OperationalError("server closed the connection unexpectedly")

    return commit


@pytest.mark.django_db(transaction=True)
def test_request_committed_before_the_database_failed_gets_the_thanks_page(
    client, form_data, monkeypatch, caplog, run_tasks
):
    from django.db import connection

    factories.make_intake()
    working_commit = connection.commit
    monkeypatch.setattr(connection, "commit", commit_then_lose_the_answer(working_commit))

    response = client.post("/contact/", form_data())

    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"
    assert ContactRequest.objects.queue().count() == 1
    assert not [record for record in caplog.records if record.exc_info]
    connection.commit = working_commit  # the database is back for the worker
    run_tasks()
    assert len(mail.outbox) == 1  # the staff mail was committed with the request, and is sent once


@pytest.mark.django_db(transaction=True)
def test_commit_whose_outcome_cannot_be_checked_is_never_reported_as_not_sent(client, form_data, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(connection, "commit", commit_then_lose_the_answer(connection.commit))
    monkeypatch.setattr(
        "contact.views.ContactRequest.objects.filter",
        lambda **kwargs: (_ for _ in ()).throw(OperationalError("connection refused")),
    )
    data = form_data(name="Robin Retry")

    response = client.post("/contact/", data)

    html = response.content.decode()
    assert response.status_code == 503
    assert "could not confirm" in html
    assert "was not sent" not in html
    assert 'value="Robin Retry"' in html
    assert f'value="{data["started"]}"' in html  # sending again carries the same token: never a second copy


@pytest.mark.django_db(transaction=True)
def test_resending_after_an_unconfirmed_commit_stores_one_request(client, form_data, monkeypatch):
    from django.db import connection

    real_commit = connection.commit
    monkeypatch.setattr(connection, "commit", commit_then_lose_the_answer(real_commit))
    monkeypatch.setattr(
        "contact.views.ContactRequest.objects.filter",
        lambda **kwargs: (_ for _ in ()).throw(OperationalError("connection refused")),
    )
    data = form_data()
    assert client.post("/contact/", data).status_code == 503
    monkeypatch.undo()

    response = client.post("/contact/", data)

    assert response["Location"] == "/contact/thanks/"
    assert ContactRequest.objects.count() == 1


def test_database_failing_before_the_commit_says_not_sent_and_keeps_the_form(submit, monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(ContactRequest, "save", fail)

    response = submit(name="Casey Kept")

    assert response.status_code == 503
    assert "was not sent" in response.content.decode()
    assert 'value="Casey Kept"' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_staff_mail_that_cannot_be_queued_stores_nothing_and_says_so(client, form_data, monkeypatch):
    def database_gone(request_id):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("contact.views.notify_new_request", database_gone)  # the queue shares the transaction

    response = client.post("/contact/", form_data(message="Please call me about my son."))

    assert response.status_code == 503
    html = response.content.decode()
    assert "Sorry, your message was not sent" in html
    assert "Please call me about my son." in html  # the form comes back with what was typed
    assert ContactRequest.objects.count() == 0


def test_form_with_errors_is_shown_after_a_redirect_so_back_never_reposts_it(client, form_data):
    response = client.post("/contact/", form_data(name="", message="Keep these words."))

    assert response.status_code == 302
    assert response["Location"] == "/contact/"
    page = client.get("/contact/")
    assert "Enter your name" in page.content.decode()
    assert "Keep these words." in page.content.decode()
    again = client.get("/contact/").content.decode()
    assert "Enter your name" not in again  # shown once: a later visit starts afresh
    assert "Keep these words." not in again


# The form in Spanish (/es/contact/) --------------------------------------------


def test_spanish_form_speaks_spanish_labels_help_and_consent(client):
    html = client.get("/es/contact/").content.decode()

    assert '<html lang="es">' in html
    assert "<h1>Comuníquese con nuestro equipo de admisiones</h1>" in html
    assert "Su nombre" in html and "Basta con el nombre de pila." in html
    assert "¿Cómo prefiere que nos comuniquemos con usted?" in html and "Llamada telefónica" in html
    assert "Para un ser querido" in html
    assert "Acepto que el equipo de admisiones de Recovery Site guarde lo que envío aquí" in html
    assert "(obligatorio)" in html and "Enviar mensaje" in html
    assert 'action="/es/contact/"' in html
    assert "marque 2" in html and 'href="tel:911"' in html


def test_spanish_visitor_gets_errors_in_spanish_then_thanks_in_spanish_and_the_request_keeps_spanish(
    client, form_data, django_capture_on_commit_callbacks
):
    errors = client.post("/es/contact/", form_data(name="", phone="", email=""), follow=True)
    error_html = errors.content.decode()

    assert errors.redirect_chain == [("/es/contact/", 302)]
    assert "<title>Error: Contactar a admisiones | Recovery Site</title>" in error_html
    assert "Hay problemas con su mensaje" in error_html
    assert "Escriba su nombre; basta con el nombre de pila." in error_html
    assert "Indique un teléfono o un correo electrónico para que podamos comunicarnos con usted." in error_html
    assert ContactRequest.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/es/contact/", form_data(preferred_contact="email"), follow=True)
    thanks = sent.content.decode()

    assert sent.redirect_chain == [("/es/contact/thanks/", 302)]
    assert "<h1>Gracias: recibimos su mensaje</h1>" in thanks
    assert "le escribirá por correo electrónico en un plazo de un día hábil" in thanks
    assert "Su número de referencia es" in thanks
    assert ContactRequest.objects.get().language == "es"


def test_a_request_from_the_english_form_is_stored_as_english(submit):
    submit()

    assert ContactRequest.objects.get().language == "en"
