"""Staff session policy: rotation at each step of sign-in, idle and absolute limits, ending other sessions."""

import time
from importlib import import_module

from django.conf import settings

from .models import SignedInSession

SIGNED_IN_AT = "accounts_signed_in_at"
LAST_SEEN_AT = "accounts_last_seen_at"
# Writing the session on every request would cost a write per page; a minute of slack is enough.
LAST_SEEN_PRECISION = 60
# How long before the idle limit the change page warns and offers "Stay signed in".
IDLE_WARNING_SECONDS = 120
# A request carrying this header does not count as activity: the change page's presence heartbeat, which an
# untouched open tab sends every 20 s, would otherwise keep a session alive for ever. Claiming it can only
# shorten the sender's own session.
PASSIVE_HEADER = "X-Not-Activity"


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def start(request, user) -> None:
    """Stamp a new sign-in and register its session (Django's login() has already rotated the key)."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    if request.session.session_key is None:
        request.session.save()
    SignedInSession.objects.get_or_create(user=user, session_key=request.session.session_key)


def rotate(request) -> None:
    """Give the session a new key (on second-factor verification), keeping it registered."""
    old_key = request.session.session_key
    request.session.cycle_key()
    SignedInSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)


def forget(session_key: str | None) -> None:
    if session_key:
        SignedInSession.objects.filter(session_key=session_key).delete()


def end_other_sessions(user, keep: str | None = None) -> int:
    """Delete every session ``user`` is signed in with except ``keep``; return how many ended."""
    store = session_store()
    ended = 0
    for signed_in in SignedInSession.objects.filter(user=user).exclude(session_key=keep or ""):
        store(session_key=signed_in.session_key).delete()
        signed_in.delete()
        ended += 1
    return ended


def expiry_reason(request) -> str | None:
    """Return why this signed-in session has run out of time, or None while it is still good."""
    now = time.time()
    signed_in_at = request.session.get(SIGNED_IN_AT, now)
    last_seen_at = request.session.get(LAST_SEEN_AT, now)
    kept = " What you typed on an editing page was autosaved: open the page again to restore it."
    if now - signed_in_at > settings.STAFF_SESSION_MAX_HOURS * 3600:
        return (
            f"You were signed out {settings.STAFF_SESSION_MAX_HOURS} hours after signing in. Please sign in again."
            + kept
        )
    if now - last_seen_at > settings.STAFF_SESSION_IDLE_MINUTES * 60:
        return (
            f"You were signed out after {settings.STAFF_SESSION_IDLE_MINUTES} minutes without activity. "
            "Please sign in again." + kept
        )
    return None


def is_activity(request) -> bool:
    """Return whether this request counts as the person being at work (everything but passive heartbeats)."""
    return request.headers.get(PASSIVE_HEADER) != "1"


def touch(request, *, exact: bool = False) -> None:
    """Note activity now; ``exact`` writes the time even within a minute of the last note (Stay signed in)."""
    now = int(time.time())
    if SIGNED_IN_AT not in request.session:
        request.session[SIGNED_IN_AT] = now
    if exact or now - request.session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_PRECISION:
        request.session[LAST_SEEN_AT] = now


def idle_seconds_left(request) -> int:
    """Return how many seconds this session has before the idle limit, or the absolute one, ends it."""
    now = time.time()
    idle_end = request.session.get(LAST_SEEN_AT, now) + settings.STAFF_SESSION_IDLE_MINUTES * 60
    absolute_end = request.session.get(SIGNED_IN_AT, now) + settings.STAFF_SESSION_MAX_HOURS * 3600
    return max(0, int(min(idle_end, absolute_end) - now))
