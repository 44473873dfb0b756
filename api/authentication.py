"""Partner keys: ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``.

docs/architecture.md, "Partner keys, limits and webhooks", says why.

A key identifies a partner for its own rate limit and its webhooks; it widens nothing: every endpoint answers a
keyed request exactly as an anonymous one. No key is anonymous; a key that is unknown or revoked is a 401 that
says so, never a silent fall back to anonymous (the partner would not learn that its key stopped working).
"""

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import PartnerKey, token_hash

SCHEME = "Bearer"


def given_key(request: Request) -> str | None:
    """Return the key the request carries, "" for an empty one, or None when it carries none."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == SCHEME.lower():
        return value.strip()
    if "HTTP_X_API_KEY" in request.META:
        return request.META["HTTP_X_API_KEY"].strip()
    return None  # no key, or another scheme (Basic, a session): anonymous


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """Find the partner's key by the hash of the token given: one query; last use written at most once a minute."""

    def authenticate(self, request: Request) -> tuple[None, PartnerKey] | None:
        token = given_key(request)
        if token is None:
            return None
        key = PartnerKey.objects.usable().filter(secret_hash=token_hash(token)).first() if token else None
        if key is None:
            raise exceptions.AuthenticationFailed(
                "This API key is not valid: it is unknown or has been revoked. Ask the site for a new key, "
                "or send no key to read as an anonymous client."
            )
        key.note_use(timezone.now())
        return None, key  # no user: a key reads what anyone may read

    def authenticate_header(self, request: Request) -> str:
        return f'{SCHEME} realm="api"'


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    """The key in the OpenAPI schema: an optional bearer token (anonymous reads need none)."""

    target_class = PartnerKeyAuthentication
    name = "partnerKey"

    def get_security_definition(self, auto_schema: Any) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner key, sent as `Authorization: Bearer <key>` (or `X-API-Key: <key>`). Optional: "
            "without one, reads are anonymous and limited per address. A key gives its own rate limit and "
            "webhooks, never more content. An unknown or revoked key is answered 401.",
        }
