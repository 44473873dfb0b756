"""Edit locking on the change page: who else has it open, and refusing a save over someone else's newer one.

Presence is advisory and lives in the shared cache: each open change page posts a heartbeat (with the
"unsaved edits" flag of the page's script) and the page lists the other people whose heartbeat is fresh.
With the cache down nobody is listed, and nothing else breaks. What must hold is in the database: the
change form carries the draft version it was loaded with, and a save is refused when another person
saved after that (``conflict``, compared on the locked row by ``workflow.save_draft``).
docs/architecture.md, "Edit locking", says why.
"""

import datetime
import time

from django.core.cache import cache
from django.utils import timezone

from editorial.models import ReviewedContent

# The page's script beats every 20 s; an entry not refreshed for this long has gone (tab closed, machine asleep).
PRESENCE_SECONDS = 60
# A save this recent by someone else is mentioned even when they have left the page.
RECENT_SAVE_SECONDS = 5 * 60


def _key(page: ReviewedContent) -> str:
    return f"editing:{page._meta.label_lower}:{page.pk}"


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def beat(page: ReviewedContent, user, *, dirty: bool) -> None:
    """Record that ``user`` has the page open now, with unsaved edits or not."""
    now = time.time()
    try:
        entries = {k: v for k, v in (cache.get(_key(page)) or {}).items() if now - v["seen"] < PRESENCE_SECONDS}
        entry = entries.get(str(user.pk))
        opened = entry["opened"] if entry else now
        dirty_since = ((entry and entry["dirty_since"]) or now) if dirty else None
        entries[str(user.pk)] = {"name": _name(user), "opened": opened, "dirty_since": dirty_since, "seen": now}
        cache.set(_key(page), entries, timeout=PRESENCE_SECONDS)
    except Exception:  # presence is a courtesy: a cache outage must never break the change page
        return


def _clock(timestamp: float) -> str:
    return f"{timezone.localtime(datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)):%H:%M}"


def notices(page: ReviewedContent, user) -> list[str]:
    """Return, in sentences, who else has the page open or saved it in the last few minutes."""
    now = time.time()
    try:
        entries = cache.get(_key(page)) or {}
    except Exception:
        entries = {}
    lines = []
    for pk, entry in sorted(entries.items(), key=lambda item: item[1]["opened"]):
        if pk == str(user.pk) or now - entry["seen"] >= PRESENCE_SECONDS:
            continue
        if entry["dirty_since"]:
            since = _clock(entry["dirty_since"])
            lines.append(f"{entry['name']} has this page open with unsaved changes (editing since {since}).")
        else:
            lines.append(f"{entry['name']} has this page open (since {_clock(entry['opened'])}).")
    saved_at, saved_by = page.draft_updated_at, page.draft_updated_by
    if saved_by and saved_by != user and saved_at and (timezone.now() - saved_at).total_seconds() < RECENT_SAVE_SECONDS:
        lines.append(f"{_name(saved_by)} saved this page at {timezone.localtime(saved_at):%H:%M}.")
    return lines


def version(page: ReviewedContent) -> str:
    """Name the stored draft's version: the time it was last saved."""
    return page.draft_updated_at.isoformat() if page.draft_updated_at else ""


def conflict(page: ReviewedContent, user, loaded: str) -> bool:
    """Return whether someone other than ``user`` saved the page after the version ``user`` loaded."""
    return bool(page.pk and loaded != version(page) and page.draft_updated_by_id not in (None, user.pk))
