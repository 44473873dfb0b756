"""Staff session limits, and the gate that keeps a password-only staff session out of every staff page."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import audit, sessions
from .factors import has_second_factor

# Views a signed-in staff member may reach before a second factor verifies the session. Everything
# else, admin pages, the editor's upload view, staff previews and any staff view added later, is closed.
OPEN_BEFORE_VERIFICATION = {
    "admin:login",
    "admin:logout",
    "accounts:verify",
    "accounts:enrol",
    "accounts:recovery_codes",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:js-i18n-catalog",
}


class SessionPolicyMiddleware:
    """End a signed-in session past its idle or absolute limit; note who is acting for the security log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_request.set(request)
        try:
            if request.user.is_authenticated:
                reason = sessions.expiry_reason(request)
                if reason:
                    audit.record(audit.Kind.SESSION_EXPIRED, request=request, user=request.user, detail=reason)
                    logout(request)
                    messages.warning(request, reason)
                elif sessions.is_activity(request):
                    sessions.touch(request)
            return self.get_response(request)
        finally:
            audit.current_request.reset(token)


class TwoFactorGateMiddleware:
    """Send a staff member whose session has no verified second factor to verification or enrolment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_VERIFICATION:
            return None
        if request.method not in ("GET", "HEAD"):
            return HttpResponseForbidden("Confirm your second factor before doing this.")
        target = "accounts:verify" if has_second_factor(user) else "accounts:enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
