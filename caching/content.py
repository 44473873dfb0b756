"""The one helper for every cache keyed by content: whole pages, blocks, search aliases, fragments, JSON-LD parts.

Two kinds of entries, each with one way in and out:

- **Values that follow the content as it is now** (a page, the live blocks, the search aliases) live in the
  shared cache (Django's default cache, Redis in production), each stored with the content *state* current
  when its computing began, and are used only while that state is still current. ``content_changed`` (after
  the change's transaction commits) replaces the state, so every older value stops matching at once, in every
  process. Callers hold a state as an opaque token: they read it (``get``), pass it on (the page cache hands
  the one it read to the blocks of the same request) and store under it (``set``); they never compare or build
  one. Today the state is one site-wide generation; content tags (issue 29) will change only this module.
- **Values keyed by an immutable version** (``rendered_version``: a page's rendered fragments, outline and
  JSON-LD parts) never go stale, so each process keeps its own (``by_version``, the ``CACHES`` alias that
  Django's ``{% cache %}`` tag uses too): no network round trip and nothing to invalidate.

A cache outage degrades to computing the value (from the database), never an error: each read that finds
the shared cache unable to answer logs one warning, and nothing is stored without a state to tag it with.
"""

import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import transaction

logger = logging.getLogger(__name__)

# Where the site-wide generation lives (the key keeps the page cache's name it has always had in Redis).
GENERATION_KEY = "page-cache:generation"
# The CACHES alias of each process's memory cache for values keyed by an immutable version; also the one
# Django's {% cache %} tag picks by this name.
BY_VERSION = "template_fragments"


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


# Passed as ``state`` by a caller that has not read the content state: it is read with the value.
UNKNOWN: Any = _Unknown()
# What a state is, for callers: an opaque token, or None when the shared cache could not say it.
State = str | None
# Seconds to keep an entry or None for ever, as Django's cache API takes (its DEFAULT_TIMEOUT: the cache's setting).
Timeout = float | None


def enabled() -> bool:
    """Return whether values may follow the content in the shared cache: only where every process sees it.

    The page cache's setting decides: it is on only with a shared cache (Redis), where a change made in one
    process invalidates every other's values. Without it, a process could not learn of another's change.
    """
    return settings.PAGE_CACHE_SECONDS > 0


def content_changed() -> None:
    """Make every value stored under an older content state stale: call once a visible change has committed."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("Could not invalidate the content cache.")


def content_saved(**kwargs: Any) -> None:
    """Signal receiver: invalidate the content cache when the saving transaction commits."""
    transaction.on_commit(content_changed)


def get(
    key: str, state: State = UNKNOWN, *, local: str | None = None, timeout: Timeout = DEFAULT_TIMEOUT
) -> tuple[tuple | None, State]:
    """Return the fields stored under ``key`` if stored under the current content state (else None), and that state.

    One round trip: the state and the entry together (``get_many``), or the entry alone when the caller passes
    the state it already read; none when that state is None (the cache is down). With ``local`` (the CACHES
    alias of a per-process cache) the state is read alone and the entry comes from this process's copy when
    that copy was stored under the same state; the shared entry is read only when it was not, and then kept in
    the copy for ``timeout`` seconds. So a copy is never used after a change has committed in any process.
    The state returned is None when the shared cache could not say it: compute the value and store nothing.
    """
    if state is None:  # the caller found the cache down already, and that was logged then
        return None, None
    try:
        state, entry, copied = _read(key, state, local)
    except Exception:
        state, entry, copied = None, None, False
    if state is None:
        logger.warning("The shared cache is unavailable; computing %s without it.", key)
        return None, None
    if entry is None or not _is_current(entry, state):
        return None, state
    if local is not None and not copied:
        caches[local].set(key, entry, timeout=timeout)
    return entry[1:], state


def set(key: str, fields: tuple, state: State, timeout: Timeout = DEFAULT_TIMEOUT, *, local: str | None = None) -> None:
    """Store the fields under ``key`` tagged with ``state`` (the one read before computing them); None stores nothing.

    The entry is plain data, ``(state, *fields)``, so nothing version-specific (a pickled response) sits in the
    cache. With ``local`` this process keeps a copy too (see ``get``).
    """
    if state is None:
        return
    entry = (state, *fields)
    if local is not None:
        caches[local].set(key, entry, timeout=timeout)
    try:
        cache.set(key, entry, timeout=timeout)
    except Exception:
        logger.warning("The shared cache is unavailable; %s was not stored.", key)


def get_or_set(
    key: str, compute: Callable[[], Any], timeout: Timeout = DEFAULT_TIMEOUT, *, state: State = UNKNOWN
) -> Any:
    """Return the value stored under ``key`` for the current content state, computing and storing it if there is none.

    Without a shared cache a process could not learn of another's change (``enabled``): the value is computed
    each time. When the cache is down it is computed and not stored.
    """
    if not enabled():
        return compute()
    fields, state = get(key, state)
    if fields is not None:
        return fields[0]
    value = compute()
    set(key, (value,), state, timeout)
    return value


def by_version() -> BaseCache:
    """Return this process's memory cache for values keyed by an immutable version: never stale, never invalidated."""
    return caches[BY_VERSION]


def get_or_set_by_version(key: str, compute: Callable[[], Any], timeout: Timeout = DEFAULT_TIMEOUT) -> Any:
    """Return the value for a key that names an immutable version (``rendered_version``), computed once per process."""
    return by_version().get_or_set(key, compute, timeout)


def _read(key: str, state: State, local: str | None) -> tuple[State, tuple | None, bool]:
    """Return the state, the entry stored under ``key`` and whether it is this process's copy."""
    if state is UNKNOWN and local is None:
        found = cache.get_many([GENERATION_KEY, key])
        return _started(found.get(GENERATION_KEY)), found.get(key), False
    if state is UNKNOWN:
        state = _started(cache.get(GENERATION_KEY))
        if state is None:  # no way to know whether any entry is current: ask for none
            return None, None, False
    copy = caches[local].get(key) if local is not None else None
    if _is_current(copy, state):
        return state, copy, True
    return state, cache.get(key), False


def _started(generation: State) -> State:
    """Return the generation read, or start one if the cache has none (None if the cache cannot keep one)."""
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _is_current(entry: tuple | None, state: State) -> bool:
    return entry is not None and entry[0] == state
