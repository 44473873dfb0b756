"""Second-factor verification and enrolment, right after the password at staff sign-in."""

import django_otp
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from . import audit, factors, sessions
from .forms import CodeForm, EnrolForm

ENROL_KEY = "accounts_enrol_totp_key"
NEW_CODES_KEY = "accounts_new_recovery_codes"


def next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("admin:index")


def verified(request, device) -> None:
    """Mark the session verified by ``device``, give it a new key and log it."""
    django_otp.login(request, device)
    sessions.rotate(request)
    audit.record(audit.Kind.VERIFIED, request=request, user=request.user, detail=factors.factor_kind(device))


def verify_code(user, code: str):
    """Return the device that accepts ``code``: an authenticator app for 6 digits, else a recovery code."""
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True):
        matched = django_otp.verify_token(user, device.persistent_id, code)
        if matched is not None:
            return matched
    return None


@never_cache
@sensitive_post_parameters("code")
@login_required
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(next_url(request))
    if not factors.has_second_factor(user):
        return redirect(f"{reverse('accounts:enrol')}?{urlencode({'next': next_url(request)})}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = verify_code(user, form.cleaned_data["code"])
        if device is not None:
            verified(request, device)
            return redirect(next_url(request))
        audit.record(audit.Kind.VERIFY_FAILED, request=request, user=user)
        form.add_error(
            "code",
            "That code was not accepted. App codes change every 30 seconds and each works once; "
            "after several wrong codes you must wait a little before the next try.",
        )
    context = {
        **admin.site.each_context(request),
        "form": form,
        "next": next_url(request),
        "has_passkey": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
        "title": "Confirm it's you",
    }
    return render(request, "accounts/verify.html", context)


@never_cache
@sensitive_post_parameters("code")
@login_required
def enrol(request):
    """Set up a first (or, once verified, another) second factor: an authenticator app or a passkey."""
    user = request.user
    if factors.has_second_factor(user) and not user.is_verified():
        return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': next_url(request)})}")
    key = request.session.get(ENROL_KEY) or factors.new_totp_key()
    request.session[ENROL_KEY] = key
    form = EnrolForm(request.POST or None)
    if form.is_valid():
        device = factors.confirm_totp(user, key, form.cleaned_data["code"])
        if device is not None:
            del request.session[ENROL_KEY]
            if not user.is_verified():
                verified(request, device)
            if StaticDevice.objects.filter(user=user).exists():
                return redirect(next_url(request))
            return recovery_codes_for(request)
        form.add_error("code", "That code does not match. Check the app shows Recovery Site and try the new code.")
    context = {
        **admin.site.each_context(request),
        "form": form,
        "next": next_url(request),
        "title": "Set up two-factor sign-in",
        **factors.totp_setup(user, key),
    }
    return render(request, "accounts/enrol.html", context)


def recovery_codes_for(request):
    """Make fresh recovery codes and show them once, on the next page."""
    request.session[NEW_CODES_KEY] = factors.new_recovery_codes(request.user)
    return redirect(f"{reverse('accounts:recovery_codes')}?{urlencode({'next': next_url(request)})}")


@never_cache
@login_required
def recovery_codes(request):
    """Show new recovery codes once; a verified user may ask for a new set (which voids the old one)."""
    if not request.user.is_verified():
        return redirect("accounts:verify")
    if request.method == "POST":
        return recovery_codes_for(request)
    codes = request.session.pop(NEW_CODES_KEY, None)
    if codes is None and not StaticDevice.objects.filter(user=request.user).exists():
        codes = factors.new_recovery_codes(request.user)  # first factor was a passkey
    context = {
        **admin.site.each_context(request),
        "codes": codes,
        "next": next_url(request),
        "title": "Your recovery codes",
    }
    return render(request, "accounts/recovery_codes.html", context)


class CompletePasskeyAuthenticationView(webauthn_views.CompleteCredentialAuthenticationView):
    """The library's passkey check, which also gives the session a new key and logs it."""

    def complete_auth(self, device):
        super().complete_auth(device)
        sessions.rotate(self.request)
        audit.record(audit.Kind.VERIFIED, request=self.request, user=device.user, detail="Passkey")


@method_decorator(never_cache, name="dispatch")
class CompletePasskeyRegistrationView(webauthn_views.CompleteCredentialRegistrationView):
    """The library's passkey registration; a session it verifies gets a new key."""

    def post(self, *args, **kwargs):
        was_verified = self.request.user.is_verified()
        response = super().post(*args, **kwargs)
        if not was_verified and self.request.user.is_verified():
            sessions.rotate(self.request)
        return response


@never_cache
@login_required
def security(request):
    """A staff member's own second factors, with ways to add one or replace the recovery codes."""
    context = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "factors": [(factors.factor_kind(device), device) for device in factors.factors(request.user)],
    }
    return render(request, "accounts/security.html", context)


@require_POST
def stay_signed_in(request):
    """Restart this staff session's idle clock ("Stay signed in"); say how long it now has."""
    if not (request.user.is_authenticated and request.user.is_staff):
        return JsonResponse({"signed_in": False}, status=401)
    sessions.touch(request, exact=True)
    return JsonResponse({"signed_in": True, "seconds_left": sessions.idle_seconds_left(request)})
