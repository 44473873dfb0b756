from django.urls import URLPattern, path
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.urls import urlpatterns as webauthn_urlpatterns

from . import views

app_name = "accounts"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("stay-signed-in/", views.stay_signed_in, name="stay_signed_in"),
    path("", views.security, name="security"),
]


def passkey_endpoint(step: str, view) -> URLPattern:
    """Route one of django-otp-webauthn's endpoints under the name its script looks up ("credential-<step>")."""
    return path(f"{step}/", view.as_view(), name=f"credential-{step.replace('/', '-')}")


# django-otp-webauthn's endpoints under its own namespace, with the two completing views swapped for ours
# so that a passkey rotates the session key and reaches the security log.
webauthn_patterns = [
    passkey_endpoint("registration/begin", webauthn_views.BeginCredentialRegistrationView),
    passkey_endpoint("registration/complete", views.CompletePasskeyRegistrationView),
    passkey_endpoint("authentication/begin", webauthn_views.BeginCredentialAuthenticationView),
    passkey_endpoint("authentication/complete", views.CompletePasskeyAuthenticationView),
    *[pattern for pattern in webauthn_urlpatterns if pattern.name == "js-i18n-catalog"],
]
