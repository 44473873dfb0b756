"""The public contact form and its thanks page; never cached, since each form is one submission.

The rule above all: a visitor is thanked only for a request that is stored in the intake queue,
and never told "not sent" about one that was. So nothing that can fail runs between the commit and
the redirect to the thanks page: what that page shows travels in a signed cookie (no session, no
database), the staff mail goes out on commit and may fail on its own, and the rate-limit count is
best-effort. When the database fails at the commit itself, the outcome is unknown: the visitor is
told so, and the form is shown again with the same token, so sending it again cannot store it twice.
"""

import logging

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from contact import ratelimit
from contact.forms import ContactForm, sign_started
from contact.models import ContactRequest, PreferredContact, Status, reference_for
from contact.notifications import notify_new_request

logger = logging.getLogger(__name__)
# A form with errors is kept here for one redirect, so its page is a GET: Back never re-posts it.
DRAFT_SESSION_KEY = "contact_draft"
THANKS_COOKIE = "contact_thanks"
THANKS_SALT = "contact.thanks"
THANKS_MAX_AGE = 3600


class StoreOutcomeUnknown(Exception):
    """The database failed while committing: the request may or may not be stored."""


@method_decorator(never_cache, name="dispatch")
class ContactFormView(FormView):
    form_class = ContactForm
    template_name = "contact/contact_form.html"

    def get_initial(self):
        return {"started": sign_started()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET":
            try:
                draft = self.request.session.pop(DRAFT_SESSION_KEY, None)
            except DatabaseError:
                draft = None  # sessions are in the database; a fresh form still works without it
            if draft:
                kwargs["data"] = draft
        return kwargs

    def form_invalid(self, form):
        """Show the errors by post/redirect/get: the draft waits in the session for the next GET only."""
        draft = {name: value for name, value in form.data.items() if name != "csrfmiddlewaretoken"}
        try:
            self.request.session[DRAFT_SESSION_KEY] = draft
            self.request.session.save()
        except DatabaseError:
            return super().form_invalid(form)
        return redirect("contact:form")

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            if form.honeypot_filled:
                return thanks_redirect(form, stored=False)  # a bot learns nothing from its errors
            return self.form_invalid(form)
        if not form.spam_reason and ratelimit.is_limited(request):
            return self.rate_limited(form)
        return self.form_valid(form)

    def form_valid(self, form):
        try:
            contact_request: ContactRequest | None = self.store(form)
        except IntegrityError:
            contact_request = self.stored_before(form)
            if contact_request is None:
                return self.unavailable(form, "IntegrityError", certain=False)
        except StoreOutcomeUnknown as error:
            contact_request, looked = self.find_after_failed_commit(form)
            if contact_request is None:
                return self.unavailable(form, str(error), certain=looked)
        except DatabaseError as error:
            return self.unavailable(form, type(error).__name__, certain=True)
        return thanks_redirect(form, stored=True, contact_request=contact_request)

    def store(self, form) -> ContactRequest:
        """Save the request and queue the staff mail in one transaction; the limit counts it once committed."""
        committing = False
        try:
            with transaction.atomic():
                contact_request = form.save()
                if contact_request.status != Status.SPAM:
                    notify_new_request(contact_request.pk)  # queued in this transaction: stored means notified
                committing = True  # leaving the block commits: an error from here on has an unknown outcome
        except DatabaseError as error:
            if committing:
                raise StoreOutcomeUnknown(type(error).__name__) from error
            raise
        ratelimit.record(self.request)
        # Only the id and flags: personal data never goes to the logs.
        logger.info(
            "Contact request %s stored (status %s, urgent %s, sent fast %s).",
            contact_request.pk,
            contact_request.status,
            contact_request.is_urgent,
            contact_request.sent_fast,
        )
        return contact_request

    def stored_before(self, form) -> ContactRequest | None:
        """Handle a post whose token is taken: the same form again (thanks), or a reused start value (spam)."""
        try:
            existing = ContactRequest.objects.get(token=form.token)
        except ContactRequest.DoesNotExist:
            return None
        except DatabaseError:
            return None  # stored once already, but we cannot look: say we cannot confirm, never "not sent"
        if form.same_submission(existing):
            return existing
        form.mark_replayed()
        try:
            return self.store(form)
        except (DatabaseError, StoreOutcomeUnknown):
            return None

    def find_after_failed_commit(self, form) -> tuple[ContactRequest | None, bool]:
        """Look, on a fresh connection, whether a commit that reported an error stored the request after all.

        Return the request (or None) and whether the look succeeded, so that "not sent" is said only when
        the database answered that the request is not there.
        """
        connection.close()
        try:
            contact_request = ContactRequest.objects.filter(token=form.token).first()
        except DatabaseError:
            return None, False
        # A request found here was committed with its staff mail queued in the same transaction.
        return contact_request, True

    def rate_limited(self, form):
        minutes = -(-ratelimit.seconds_until_reset() // 60)
        posts, seconds = settings.CONTACT_RATE_LIMIT
        context = self.get_context_data(form=form, minutes=minutes, posts=posts, window_minutes=-(-seconds // 60))
        response = render(self.request, "contact/rate_limited.html", context, status=429)
        response["Retry-After"] = str(ratelimit.seconds_until_reset())
        return response

    def unavailable(self, form, error_name: str, *, certain: bool):
        logger.warning(
            "A contact request could not be %s (%s); the visitor was shown the phone number.",
            "stored" if certain else "confirmed as stored",
            error_name,
        )
        context = self.get_context_data(form=form, certain=certain)
        return render(self.request, "contact/unavailable.html", context, status=503)


def thanks_redirect(form, *, stored: bool, contact_request: ContactRequest | None = None):
    """Redirect to the thanks page, carrying what it shows in a short-lived signed cookie."""
    reference = reference_for(contact_request.token if contact_request else form.token)
    urgent = bool(contact_request and contact_request.is_urgent)
    preferred = contact_request.preferred_contact if contact_request else ""
    response = redirect("contact:thanks")
    response.set_signed_cookie(
        THANKS_COOKIE,
        f"{reference}|{int(urgent)}|{preferred}",
        salt=THANKS_SALT,
        max_age=THANKS_MAX_AGE,
        path=reverse("contact:thanks"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@method_decorator(never_cache, name="dispatch")
class ThanksView(TemplateView):
    template_name = "contact/contact_thanks.html"

    def get(self, request, *args, **kwargs):
        try:
            value = request.get_signed_cookie(THANKS_COOKIE, salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
            reference, urgent, preferred = value.split("|")
        except (KeyError, signing.BadSignature, ValueError):
            return redirect("contact:form")  # nothing was sent from this browser lately: never a false thanks
        context = self.get_context_data(
            reference=reference,
            urgent=urgent == "1",
            preferred_contact=preferred if preferred in PreferredContact.values else None,
        )
        return self.render_to_response(context)
