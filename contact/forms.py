"""The public contact form: it owns every rule about what a visitor may send.

Fields posted: ``name``, ``phone``, ``email``, ``preferred_contact`` (phone/email/text),
``for_whom`` (self/loved_one), ``message``, ``consent`` ("on"), plus two anti-spam fields:

- ``extra_details``: a honeypot, hidden from people, assistive technology and the Tab key by CSS
  (``display: none``), with a name and ``autocomplete="off"`` that browser autofill leaves alone;
  anything in it marks the post as spam.
- ``started``: the submission's identity and when the form was shown, made as
  ``django.core.signing.dumps({"token": "<uuid4>", "at": <unix seconds>}, salt="contact.form.started")``
  (see ``sign_started``). A missing or forged value is spam. ``token`` makes a repeated post of the
  same filled-in form store once (a double click, a retry), so a script posting many requests needs a
  fresh ``started`` for each: take it from the hidden input of a GET /contact/, or sign one with the
  site's SECRET_KEY. A post sent less than ``CONTACT_MIN_FILL_SECONDS`` after ``at`` is still a real
  request (autofill and two taps are fast): it only carries a "sent very fast" flag for staff.

Spam is not a validation error: the view shows bots the ordinary thanks page.
"""

import re
import time
import uuid

import phonenumbers
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contact.consent import CONSENT_TEXT, CONSENT_VERSION
from contact.models import ContactRequest, ForWhom, PreferredContact, Status
from contact.urgency import suggests_crisis

STARTED_SALT = "contact.form.started"
HONEYPOT = "extra_details"

# C0/C1 controls (null is refused by Django itself) and bidirectional overrides, which can disguise text.
MULTILINE_CONTROL_RE = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SINGLE_LINE_CONTROL_RE = re.compile(r"[\x01-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Django decodes bytes that are not UTF-8 as U+FFFD; storing that would keep garbled text.
UNREADABLE = "\ufffd"


def sign_started(token: uuid.UUID | None = None, at: float | None = None) -> str:
    """Return the signed value of the ``started`` field for a newly shown form."""
    return signing.dumps(
        {"token": str(token or uuid.uuid4()), "at": time.time() if at is None else at}, salt=STARTED_SALT
    )


def read_started(value: str) -> tuple[uuid.UUID, float] | None:
    """Return the token and start time from a ``started`` value, or None if it is missing or forged."""
    try:
        data = signing.loads(value, salt=STARTED_SALT)
        return uuid.UUID(data["token"]), float(data["at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def plain_text_validator(pattern: re.Pattern):
    def validate(value: str) -> None:
        if UNREADABLE in value:
            raise ValidationError(_("Some characters could not be read. Please retype this field."), code="unreadable")
        if pattern.search(value):
            raise ValidationError(_("Remove the invisible control characters from this field."), code="control")

    return validate


single_line = plain_text_validator(SINGLE_LINE_CONTROL_RE)
multi_line = plain_text_validator(MULTILINE_CONTROL_RE)


class ContactForm(forms.ModelForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages={"required": _("Enter your name, or just a first name.")},
        validators=[single_line],
        help_text=_("A first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        validators=[single_line],
        help_text=_("A US number, such as (212) 555-0123. Give a phone number, an email address, or both."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    preferred_contact = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=PreferredContact.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we should contact you.")},
    )
    for_whom = forms.ChoiceField(
        label=_("Who is this about?"),
        choices=ForWhom.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who you are asking for.")},
    )
    message = forms.CharField(
        label=_("Anything you would like us to know (optional)"),
        max_length=2000,
        required=False,
        validators=[multi_line],
        help_text=_(
            "Plain text, up to 2,000 characters. Please do not include anything you would not want us to store."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Tick this box so we may store your message and contact you.")},
    )
    extra_details = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # autocomplete="off": a browser going Back must not restore an old token into a new submission.
    started = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"autocomplete": "off"}))

    class Meta:
        model = ContactRequest
        fields = ["name", "phone", "email", "preferred_contact", "for_whom", "message"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spam_reason = ""
        self.sent_fast = False
        self.token = uuid.uuid4()

    def full_clean(self):
        super().full_clean()
        # Screen readers announce an error when its input is focused only if the input points at it.
        for name in self.errors:
            if name in self.fields:
                field = self[name]
                described = [f"{field.auto_id}_error"] + ([f"{field.auto_id}_helptext"] if field.help_text else [])
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"]
        if not raw:
            return ""
        try:
            number = phonenumbers.parse(raw, settings.CONTACT_PHONE_REGION)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(_("Enter a phone number we can call, such as (212) 555-0123."), code="invalid")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        self._check_traps()
        phone, email = cleaned.get("phone"), cleaned.get("email")
        if "phone" in self.errors or "email" in self.errors:
            return cleaned
        if not phone and not email:
            self.add_error("phone", _("Give a phone number or an email address so we can reach you."))
        elif cleaned.get("preferred_contact") in (PreferredContact.PHONE, PreferredContact.TEXT) and not phone:
            self.add_error("phone", _("You asked us to call or text: give a phone number, or choose email."))
        elif cleaned.get("preferred_contact") == PreferredContact.EMAIL and not email:
            self.add_error("email", _("You asked us to email you: give an email address, or choose phone."))
        return cleaned

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def _check_traps(self) -> None:
        if self.cleaned_data.get(HONEYPOT):
            self.spam_reason = "honeypot filled in"
        started = read_started(self.cleaned_data.get("started", ""))
        if started is None:
            self.spam_reason = self.spam_reason or "missing or forged start time"
            return
        self.token, at = started
        self.sent_fast = time.time() - at < settings.CONTACT_MIN_FILL_SECONDS

    def mark_replayed(self) -> None:
        """Treat this post as spam: its start value already belongs to a different stored request."""
        self.spam_reason = "start value reused"
        self.token = uuid.uuid4()

    def same_submission(self, stored: ContactRequest) -> bool:
        """Return whether ``stored`` holds exactly what this form sends (a double click or a retry)."""
        fields = ("name", "phone", "email", "preferred_contact", "for_whom", "message")
        return all(getattr(stored, name) == self.cleaned_data.get(name) for name in fields)

    def save(self, commit: bool = True) -> ContactRequest:
        request = super().save(commit=False)
        request.token = self.token
        request.consent_version = CONSENT_VERSION
        request.language = get_language()
        request.is_urgent = suggests_crisis(request.message)
        request.sent_fast = self.sent_fast
        if self.spam_reason:
            request.status = Status.SPAM
            request.spam_reason = self.spam_reason
        if commit:
            request.save()
        return request
