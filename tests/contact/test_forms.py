"""Every kind of bad input gets an error next to its field, and nothing is stored."""

import pytest
from django.utils import translation

from contact.consent import CONSENT_TEXT, CONSENT_TEXTS, CONSENT_VERSION
from contact.models import ContactRequest

pytestmark = pytest.mark.django_db

BAD_INPUT = [
    ("missing name", {"name": ""}, "name", "Enter your name"),
    ("no way to reach", {"phone": "", "email": ""}, "phone", "Give a phone number or an email address"),
    ("call without phone", {"phone": "", "preferred_contact": "phone"}, "phone", "You asked us to call or text"),
    ("text without phone", {"phone": "", "preferred_contact": "text"}, "phone", "You asked us to call or text"),
    ("email without email", {"email": "", "preferred_contact": "email"}, "email", "You asked us to email you"),
    ("phone too short", {"phone": "12345"}, "phone", "Enter a phone number we can call"),
    ("phone is words", {"phone": "call me maybe"}, "phone", "Enter a phone number we can call"),
    ("phone too long", {"phone": "2" * 31}, "phone", "at most 30 characters"),
    ("invalid email", {"email": "jordan@"}, "email", "Enter a valid email address."),
    ("email too long", {"email": "a" * 250 + "@example.org"}, "email", "at most 254 characters"),
    ("name too long", {"name": "N" * 101}, "name", "at most 100 characters"),
    ("message too long", {"message": "m" * 2001}, "message", "at most 2000 characters"),
    ("unknown contact method", {"preferred_contact": "fax"}, "preferred_contact", "Select a valid choice."),
    ("unknown person", {"for_whom": "neighbour"}, "for_whom", "Select a valid choice."),
    ("missing choice", {"for_whom": ""}, "for_whom", "Choose who you are asking for."),
    ("missing method", {"preferred_contact": None}, "preferred_contact", "Choose how we should contact you."),
    ("no consent", {"consent": None}, "consent", "Tick this box so we may store your message"),
    ("bell in name", {"name": "Jordan\x07"}, "name", "Remove the invisible control characters"),
    ("newline in name", {"name": "Jordan\nExample"}, "name", "Remove the invisible control characters"),
    ("escape in message", {"message": "hello \x1b[31m red"}, "message", "Remove the invisible control characters"),
    ("bidi override", {"name": "Jordan \u202eelpmaxE"}, "name", "Remove the invisible control characters"),
    ("null character", {"message": "a\x00b"}, "message", "Null characters are not allowed."),
    ("null character in name", {"name": "Jordan\x00"}, "name", "Null characters are not allowed."),
    ("null character in phone", {"phone": "212555\x000123"}, "phone", "Null characters are not allowed."),
    ("null character in email", {"email": "jordan\x00@example.org"}, "email", "Null characters are not allowed."),
    ("unreadable bytes", {"name": "Jordan \ufffd"}, "name", "could not be read"),
]


@pytest.mark.parametrize(("case", "overrides", "field", "error"), BAD_INPUT, ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_stored(submit, case, overrides, field, error):
    response = submit(follow=True, **overrides)

    assert response.status_code == 200
    form = response.context["form"]
    assert any(error in message for message in form.errors[field]), form.errors
    assert error.replace("'", "&#x27;") in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_field_with_error_points_screen_readers_at_its_message(submit):
    response = submit(phone="12345", follow=True)

    html = response.content.decode()
    assert 'aria-describedby="id_phone_error id_phone_helptext"' in html
    assert 'id="id_phone_error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("(212) 555-0123", "+12125550123"), ("212.555.0123", "+12125550123"), ("+44 20 7946 0958", "+442079460958")],
)
def test_phone_number_is_stored_in_international_form(submit, typed, stored):
    submit(phone=typed)

    assert ContactRequest.objects.get().phone == stored


def test_email_alone_is_enough_when_email_is_preferred(submit):
    response = submit(phone="", preferred_contact="email")

    assert response.status_code == 302
    assert ContactRequest.objects.get().phone == ""


def test_message_may_be_left_empty(submit):
    response = submit(message="")

    assert response.status_code == 302
    assert ContactRequest.objects.get().message == ""


def test_message_is_kept_as_the_plain_text_typed(submit):
    submit(message="<b>hi</b>\nsecond line")

    assert ContactRequest.objects.get().message == "<b>hi</b>\nsecond line"


def test_the_form_shows_the_newest_consent_version_word_for_word():
    with translation.override("en"):
        assert str(CONSENT_TEXT) == CONSENT_TEXTS[CONSENT_VERSION]
