from django.urls import path
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.urls import urlpatterns as webauthn_urlpatterns

from . import views

app_name = "accounts"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("", views.security, name="security"),
]

# django-otp-webauthn's endpoints under its own namespace (its script looks them up by name), with the two
# completing views swapped for ours so that a passkey rotates the session key and reaches the security log.
webauthn_patterns = [
    path(
        "registration/begin/",
        webauthn_views.BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        views.CompletePasskeyRegistrationView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        webauthn_views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        views.CompletePasskeyAuthenticationView.as_view(),
        name="credential-authentication-complete",
    ),
    *[pattern for pattern in webauthn_urlpatterns if pattern.name == "js-i18n-catalog"],
]
