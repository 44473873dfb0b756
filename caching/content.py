"""The one helper for every cache keyed by content: whole pages, blocks, search aliases, fragments, JSON-LD parts.

Two kinds of entries, each with one way in and out (docs/architecture.md, "Caching keyed by content"):

- **Values that follow the content as it is now** (a page, the live blocks, the search aliases) live in the
  shared cache (Django's default cache, Redis in production). Each records what it shows while it is computed,
  as *content tags* (``tag(article)`` is ``articles.article:12``), and is stored with the version each of its
  tags had; it is used only while every one of them still has that version. A change bumps the versions of the
  tags it touched (``content_changed(*tags)``, after its transaction commits), so only the values that show
  what changed go stale, in every process. What a value shows is recorded, not declared: while a value is
  computed (``recording``), every tagged model instance loaded (``record_instances_of``) and every ``shows``
  call adds a tag to it, and a cached value used inside it adds its own tags too. Callers hold a ``State``
  from ``get`` to ``set`` and never look inside it.
- **Values keyed by an immutable version** (``rendered_version``: a page's rendered fragments, outline and
  JSON-LD parts) never go stale, so each process keeps its own (``by_version``, the ``CACHES`` alias that
  Django's ``{% cache %}`` tag uses too): no network round trip and nothing to invalidate.

Exactness: a value computed while a change to something it shows committed must never be stored as current.
Every bump first increments one change counter and sets each touched tag's version to the counter's new value;
a computation reads the counter before it starts, and ``set`` stores nothing if any of its tags has a newer
version than that. A cache outage degrades to computing the value (from the database), never an error: each
read that finds the shared cache unable to answer logs one warning, and nothing is stored without a state.
"""

import builtins
import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import models, transaction
from django.db.models.signals import post_init
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent by ``content_changed`` with ``tags``, the tags it bumped: website purges a front cache by them.
tags_changed = Signal()

# Bumped by every change: the versions of tags are values it took. Created from the clock (microseconds: within
# the 2**53 that django-redis's INCR returns exactly) when missing, so a counter lost with the cache starts above
# every version handed out before.
COUNTER_KEY = "content-tags:counter"
TAG_KEY_PREFIX = "content-tags:tag:"
# Recorded by every value: ``content_changed()`` without tags (a site-wide change) bumps it.
ALL = "all"
# Past this many tags, a value records the tag of each model it shows many objects of (``kind_tag``) instead of
# theirs; every change of that model bumps it: a sitemap or a long contributor page costs a few versions to
# check, not thousands.
MAX_TAGS = 64
# The CACHES alias of each process's memory cache for values keyed by an immutable version; also the one
# Django's {% cache %} tag picks by this name.
BY_VERSION = "template_fragments"
# Seconds to keep an entry or None for ever, as Django's cache API takes (its DEFAULT_TIMEOUT: the cache's setting).
Timeout = float | None


class State:
    """What a value is computed under: the change counter read before it began and the tags it shows."""

    __slots__ = ("counter", "tags")

    def __init__(self, counter: int) -> None:
        self.counter = counter
        self.tags: builtins.set[str] = {ALL}

    def add(self, tags: Iterable[str]) -> None:
        """Record tags; past MAX_TAGS, the tag of a model stands for its many objects' (``_collapsed``)."""
        for name in tags:
            if name.rpartition(":")[0] not in self.tags:  # else its model's tag stands for it already
                self.tags.add(name)
        if len(self.tags) > MAX_TAGS:
            self.tags = _collapsed(self.tags)

    def header(self) -> str:
        """Return the tags as a front cache takes them: space-separated, in a fixed order."""
        return " ".join(sorted(self.tags))


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


# Passed as ``state`` by a caller that holds no state: the counter is read with the value.
UNKNOWN: Any = _Unknown()
# The states of the values being computed in this context (a page, and a block inside it): each records tags.
_recording: ContextVar[tuple[State, ...]] = ContextVar("content_recording", default=())
_recorded_models: builtins.set[type[models.Model]] = builtins.set()


# Tags -------------------------------------------------------------------------------------------------------


def tag(obj: models.Model) -> str:
    """Return the tag of one object: ``articles.article:12``."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def kind_tag(model: type[models.Model] | models.Model) -> str:
    """Return the tag of a model as a whole (every live article, say): every change of one of them bumps it."""
    return model._meta.label_lower


def list_tag(obj: models.Model) -> str:
    """Return the tag of the pages related to ``obj``: recorded by a page that lists them (a topic's articles)."""
    return f"list:{tag(obj)}"


def newcomers_tag(model: type[models.Model], pk: Any) -> str:
    """Return the tag of the pages newly related to one object: newly live, or newly linked to it by a publish.

    Recorded by what shows only the newest few pages related to it (an article's related-articles box): a page
    already related to it keeps its place when published again, so it can enter no such box; a newcomer can.
    """
    return f"new:{kind_tag(model)}:{pk}"


def touched_by(obj: models.Model) -> list[str]:
    """Return the tags a change to ``obj`` touches: its own, its model's and the lists of what it relates to.

    A page that shows ``obj`` recorded its tag; one that lists every page of its kind (the article list, the
    sitemap) its kind's; one that lists the pages related to something (a topic page, a condition's articles,
    an article's conditions, a contributor's pages) that thing's ``list_tag``, which a page entering or leaving
    the list must bump: it was not shown there before, so its own tag cannot reach that page.
    """
    tags = [tag(obj), kind_tag(obj)]
    for field in obj._meta.get_fields():
        model = cast(type[models.Model], field.related_model)
        if model not in _recorded_models:
            continue
        if isinstance(field, models.ForeignKey):
            related_id = getattr(obj, field.attname)
            tags += [] if related_id is None else [f"list:{kind_tag(model)}:{related_id}"]
        elif isinstance(field, models.ManyToManyField | models.ManyToManyRel):
            accessor = field.name if isinstance(field, models.ManyToManyField) else field.get_accessor_name()
            ids = getattr(obj, cast(str, accessor)).values_list("pk", flat=True)
            tags += [f"list:{kind_tag(model)}:{pk}" for pk in ids]
    return list(dict.fromkeys(tags))


def _collapsed(tags: builtins.set[str]) -> builtins.set[str]:
    """Replace the object tags of each model with many of them by the model's tag; of every model if still too many."""
    counts: dict[str, int] = {}
    for name in tags:
        kind, _, pk = name.rpartition(":")
        if kind and not kind.startswith("list:"):
            counts[kind] = counts.get(kind, 0) + 1
    crowded = {kind for kind, count in counts.items() if count > MAX_TAGS // 8}
    kept = {name for name in tags if name.rpartition(":")[0] not in crowded} | crowded
    if len(kept) > MAX_TAGS:
        kept = {name for name in kept if name.rpartition(":")[0] not in counts} | counts.keys()
    return kept


# Recording what a value shows -------------------------------------------------------------------------------


@contextmanager
def recording(state: State | None) -> Iterator[None]:
    """Record into ``state`` (None: nothing) every tag shown while the block runs, as well as into outer ones."""
    if state is None:
        yield
        return
    token = _recording.set((*_recording.get(), state))
    try:
        yield
    finally:
        _recording.reset(token)


def shows(*tags: str) -> None:
    """Record that the values being computed show these tags (a list: ``kind_tag(Article)``, ``list_tag(topic)``)."""
    for state in _recording.get():
        state.add(tags)


def showing(*tags: str) -> Callable[[Callable], Callable]:
    """Decorate a view whose response shows these tags: lists of whole models (``kind_tag``) most often."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def shown(*args: Any, **kwargs: Any) -> Any:
            shows(*tags)
            return view(*args, **kwargs)

        return shown

    return decorate


def instance_loaded(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Receive post_init: a value being computed loaded this object, so it shows it."""
    states = _recording.get()
    if states and instance.pk is not None:
        names = (tag(instance),)
        for state in states:
            state.add(names)


def record_instances_of(*recorded: type[models.Model]) -> None:
    """Tag every value computed from now on with each instance of these models it loads."""
    for model in recorded:
        _recorded_models.add(model)
        post_init.connect(instance_loaded, sender=model, dispatch_uid=f"content-tags-{model._meta.label_lower}")


# Invalidation -----------------------------------------------------------------------------------------------


def enabled() -> bool:
    """Return whether values may follow the content in the shared cache: only where every process sees it.

    The page cache's setting decides: it is on only with a shared cache (Redis), where a change made in one
    process invalidates every other's values. Without it, a process could not learn of another's change.
    """
    return settings.PAGE_CACHE_SECONDS > 0


def content_changed(*tags: str) -> None:
    """Make every value that shows one of ``tags`` stale (all values without tags): call once a change committed.

    Then ``tags_changed`` is sent, so that caches beyond this one (a front cache) are purged by the same tags.
    """
    tags = tags or (ALL,)
    try:
        counter = _next_counter()
        cache.set_many({TAG_KEY_PREFIX + name: counter for name in tags}, timeout=None)
    except Exception:
        logger.exception("Could not invalidate the content cache.")
    tags_changed.send(sender=None, tags=tags)


def content_saved(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Signal receiver (post_save, post_delete): make what shows ``instance`` stale once the transaction commits."""
    tags = (tag(instance), kind_tag(instance))
    transaction.on_commit(lambda: content_changed(*tags))


def _next_counter() -> int:
    try:
        return cache.incr(COUNTER_KEY)
    except ValueError:  # no counter yet, or lost with the cache
        cache.add(COUNTER_KEY, _clock(), timeout=None)
        return cache.incr(COUNTER_KEY)


# Values that follow the content -----------------------------------------------------------------------------


def get(
    key: str, state: State | None = UNKNOWN, *, local: str | None = None, timeout: Timeout = DEFAULT_TIMEOUT
) -> tuple[tuple | None, State | None]:
    """Return the fields stored under ``key`` if all its tags are unchanged (else None), and a state to compute in.

    A hit adds the value's tags to the values being computed around it. The state returned is for computing
    the value afresh (``recording`` it, then ``set``): None when the shared cache could not say the counter
    (compute and store nothing), or when ``state`` is None (the caller found the cache down already, and that
    was logged). A caller that holds a state (a page's blocks) passes it: its counter, read earlier, serves.
    Round trips: the counter, the entry and its tags' versions come in two (``get_many``), the entry alone
    when there is none; with ``local`` (the CACHES alias of a per-process cache) one, when this process's copy
    is current: the counter and the copy's tags' versions together. The shared entry is read only when the copy
    is missing or stale, and then kept in the copy for ``timeout`` seconds.
    """
    if state is None:
        return None, None
    try:
        entry, counter = _read(key, state, local, timeout)
    except Exception:
        entry, counter = None, None
    if counter is None:
        logger.warning("The shared cache is unavailable; computing %s without it.", key)
        return None, None
    if entry is None:
        return None, State(counter)
    shows(*entry[0])
    return entry[1:], State(counter)


def set(
    key: str, fields: tuple, state: State | None, timeout: Timeout = DEFAULT_TIMEOUT, *, local: str | None = None
) -> None:
    """Store the fields under ``key`` with the versions of the tags ``state`` recorded; None stores nothing.

    Nothing is stored when one of those tags changed after the computation began: the value may show what was
    there before. The entry is plain data, ``(versions, *fields)``, so nothing version-specific (a pickled
    response) sits in the cache. With ``local`` this process keeps a copy too (see ``get``).
    """
    if state is None:
        return
    try:
        versions = _versions(state.tags)
    except Exception:
        logger.warning("The shared cache is unavailable; %s was not stored.", key)
        return
    if any(version is None or version > state.counter for version in versions.values()):
        return
    entry = (versions, *fields)
    if local is not None:
        caches[local].set(key, entry, timeout=timeout)
    try:
        cache.set(key, entry, timeout=timeout)
    except Exception:
        logger.warning("The shared cache is unavailable; %s was not stored.", key)


def get_or_set(
    key: str, compute: Callable[[], Any], timeout: Timeout = DEFAULT_TIMEOUT, *, state: State | None = UNKNOWN
) -> Any:
    """Return the value stored under ``key`` while what it shows is unchanged, computing and storing it if not.

    Without a shared cache a process could not learn of another's change (``enabled``): the value is computed
    each time. When the cache is down it is computed and not stored.
    """
    if not enabled():
        return compute()
    fields, computing = get(key, state)
    if fields is not None:
        return fields[0]
    with recording(computing):
        value = compute()
    set(key, (value,), computing, timeout)
    return value


def _read(key: str, state: State, local: str | None, timeout: Timeout) -> tuple[tuple | None, int | None]:
    """Return the current entry under ``key`` (or None) and the change counter (None if the cache cannot say)."""
    counter = None if state is UNKNOWN else state.counter
    copy = caches[local].get(key) if local is not None else None
    if copy is not None:
        found = cache.get_many([*_counter_key(counter), *_tag_keys(copy[0])])
        counter = _counter(found, counter)
        if counter is None:  # no way to know whether any entry is current: ask for none
            return None, None
        if _is_current(copy, found):
            return copy, counter
    found = cache.get_many([*_counter_key(counter), key])
    counter = _counter(found, counter)
    entry = found.get(key)
    if counter is None or entry is None or (copy is not None and entry[0] == copy[0]):  # the copy's: as stale
        return None, counter
    if not _is_current(entry, cache.get_many(_tag_keys(entry[0]))):
        return None, counter
    if local is not None:
        caches[local].set(key, entry, timeout=timeout)
    return entry, counter


def _counter_key(counter: int | None) -> list[str]:
    """Return the counter's key to read with the entry, unless the caller's state holds it already."""
    return [COUNTER_KEY] if counter is None else []


def _counter(found: dict[str, Any], counter: int | None) -> int | None:
    """Return the counter the caller had, or the one read, or start one (None if the cache cannot keep one)."""
    if counter is not None:
        return counter
    if COUNTER_KEY in found:
        return int(found[COUNTER_KEY])
    cache.add(COUNTER_KEY, _clock(), timeout=None)
    value = cache.get(COUNTER_KEY)
    return None if value is None else int(value)


def _clock() -> int:
    """Return microseconds since the epoch: a counter's start above any it had, exact in Redis's Lua numbers."""
    return time.time_ns() // 1000


def _tag_keys(versions: dict[str, int]) -> list[str]:
    return [TAG_KEY_PREFIX + name for name in versions]


def _versions(tags: Iterable[str]) -> dict[str, int | None]:
    """Return each tag's current version (None: unknown); a tag the cache does not hold starts at the counter.

    A tag never changed, or lost with the cache (evicted, flushed), is given the counter's current value,
    higher than any version it had before: an entry stored under an older version can never match it again.
    """
    names = list(tags)
    found = cache.get_many([COUNTER_KEY, *(TAG_KEY_PREFIX + name for name in names)])
    versions = {name: found.get(TAG_KEY_PREFIX + name) for name in names}
    counter = found.get(COUNTER_KEY)
    for name in [name for name, version in versions.items() if version is None]:
        if counter is not None and not cache.add(TAG_KEY_PREFIX + name, counter, timeout=None):
            versions[name] = cache.get(TAG_KEY_PREFIX + name)  # another process started it first
        else:
            versions[name] = counter
    return versions


def _is_current(entry: tuple, found: dict[str, Any]) -> bool:
    """Return whether every tag of the entry still has the version it was stored with (a missing tag has none)."""
    return all(found.get(TAG_KEY_PREFIX + name) == version for name, version in entry[0].items())


# Values keyed by an immutable version -----------------------------------------------------------------------


def by_version() -> BaseCache:
    """Return this process's memory cache for values keyed by an immutable version: never stale, never invalidated."""
    return caches[BY_VERSION]


def get_or_set_by_version(key: str, compute: Callable[[], Any], timeout: Timeout = DEFAULT_TIMEOUT) -> Any:
    """Return the value for a key that names an immutable version (``rendered_version``), computed once per process."""
    return by_version().get_or_set(key, compute, timeout)
