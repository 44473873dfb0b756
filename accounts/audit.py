"""Write the security log. Every entry names the account, who acted and from where; never a secret."""

import contextvars

from .models import SecurityEvent

Kind = SecurityEvent.Kind
# The request being served, so model signals (group and permission changes) know who acted and from where.
current_request: contextvars.ContextVar = contextvars.ContextVar("accounts_current_request", default=None)


def record(kind: str, *, request=None, user=None, username: str = "", actor=None, detail: str = "") -> SecurityEvent:
    request = request if request is not None else current_request.get()
    if actor is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated and request_user != user:
            actor = request_user
    meta = request.META if request is not None else {}
    return SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        actor=actor,
        ip_address=meta.get("REMOTE_ADDR") or None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:255],
        detail=detail[:500],
    )
