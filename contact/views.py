"""The public contact form and its thanks page; never cached, since each form is one submission."""

import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from contact import ratelimit
from contact.forms import ContactForm, sign_started
from contact.models import ContactRequest, Status
from contact.notifications import notify_new_request

logger = logging.getLogger(__name__)
THANKS_SESSION_KEY = "contact_thanks"


@method_decorator(never_cache, name="dispatch")
class ContactFormView(FormView):
    form_class = ContactForm
    template_name = "contact/contact_form.html"
    success_url = reverse_lazy("contact:thanks")

    def get_initial(self):
        return {"started": sign_started()}

    def post(self, request, *args, **kwargs):
        if ratelimit.over_limit(request):
            response = render(request, "contact/rate_limited.html", status=429)
            response["Retry-After"] = str(settings.CONTACT_RATE_LIMIT[1])
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.spam_reason:
            return redirect(self.success_url)  # a bot learns nothing from its errors
        return super().form_invalid(form)

    def form_valid(self, form):
        try:
            contact_request = self.store(form)
        except IntegrityError:
            if self.already_stored(form.token):
                return redirect(self.success_url)  # a double click or a retried post of the same form
            return self.unavailable("IntegrityError")
        except DatabaseError as error:
            return self.unavailable(type(error).__name__)
        if contact_request.status != Status.SPAM:
            self.request.session[THANKS_SESSION_KEY] = {
                "urgent": contact_request.is_urgent,
                "preferred_contact": contact_request.preferred_contact,
            }
        return redirect(self.success_url)

    def store(self, form) -> ContactRequest:
        """Save the request in one transaction; staff are told only once it is committed."""
        with transaction.atomic():
            contact_request = form.save()
            if contact_request.status != Status.SPAM:
                notify_new_request(contact_request.pk)  # queued in this transaction: stored means notified
        # Only the id and flags: personal data never goes to the logs.
        logger.info(
            "Contact request %s stored (status %s, urgent %s).",
            contact_request.pk,
            contact_request.status,
            contact_request.is_urgent,
        )
        return contact_request

    def already_stored(self, token) -> bool:
        try:
            return ContactRequest.objects.filter(token=token).exists()
        except DatabaseError:
            return False

    def unavailable(self, error_name: str):
        logger.error("A contact request could not be stored (%s); the visitor was shown the phone number.", error_name)
        return render(self.request, "contact/unavailable.html", status=503)


@method_decorator(never_cache, name="dispatch")
class ThanksView(TemplateView):
    template_name = "contact/contact_thanks.html"

    def get_context_data(self, **kwargs):
        submitted = self.request.session.get(THANKS_SESSION_KEY, {})
        return super().get_context_data(
            urgent=submitted.get("urgent", False), preferred_contact=submitted.get("preferred_contact"), **kwargs
        )
