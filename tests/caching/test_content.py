"""The one cache helper for everything keyed by content (caching/content.py): never stale, never an error."""

import logging

import pytest
from django.core.cache import cache, caches

from caching import content

KEY = "test:value"
LOCAL = "page_copies"  # the per-process tier the page cache uses


@pytest.fixture
def shared(settings):
    """A shared cache that every process sees, as in production (the page cache's setting turns it on)."""
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    caches[LOCAL].clear()
    yield
    cache.clear()
    caches[LOCAL].clear()


@pytest.fixture
def calls(monkeypatch):
    """Record every call made to the shared cache as (method, key or keys), still answered by the cache.

    Only the calls made from outside the cache count: a memory cache answers get_many with its own get,
    where Redis answers it in one round trip.
    """
    made, inside = [], []
    for method in ("get", "get_many", "set", "add"):
        real = getattr(cache, method)

        def recorded(key, *args, _real=real, _method=method, **kwargs):
            if not inside:
                made.append((_method, key))
            inside.append(_method)
            try:
                return _real(key, *args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, method, recorded)
    return made


class Computed:
    """A value's computation that counts how often it ran and returns what it is told to."""

    def __init__(self, value):
        self.value, self.runs = value, 0

    def __call__(self):
        self.runs += 1
        return self.value


def break_cache(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(cache, method, down)


def warnings_from_the_helper(caplog):
    return [record for record in caplog.records if record.name == "caching.content" and record.levelname == "WARNING"]


def test_a_value_is_computed_once_while_the_content_is_unchanged(shared):
    compute = Computed({"disclaimer": "First wording."})

    assert content.get_or_set(KEY, compute) == {"disclaimer": "First wording."}
    assert content.get_or_set(KEY, compute) == {"disclaimer": "First wording."}
    assert compute.runs == 1


def test_a_value_stored_before_content_changed_is_never_served_after_it(shared):
    content.get_or_set(KEY, Computed("old"))

    content.content_changed()

    assert content.get_or_set(KEY, Computed("new")) == "new"
    assert content.get_or_set(KEY, Computed("newer")) == "new"


def shows_then(tags, value):
    """A computation that shows these tags, as a page does by loading an article or listing a topic."""

    def compute():
        content.shows(*tags)
        return value

    return compute


def test_a_change_retires_only_the_values_that_show_what_it_touched(shared):
    content.get_or_set("test:a", shows_then(["articles.article:1"], "page of article 1"))
    content.get_or_set("test:b", shows_then(["articles.article:2"], "page of article 2"))

    content.content_changed("articles.article:1")

    assert content.get_or_set("test:a", Computed("article 1 republished")) == "article 1 republished"
    assert content.get_or_set("test:b", Computed("recomputed")) == "page of article 2"


def test_a_value_computed_while_a_change_to_what_it_shows_committed_is_never_stored(shared):
    fields, state = content.get(KEY)  # a render begins: nothing stored yet
    assert fields is None
    with content.recording(state):
        content.shows("articles.article:1")
    content.content_changed("articles.article:1")  # a publish commits while it renders

    content.set(KEY, ("rendered before the publish",), state)

    assert content.get(KEY)[0] is None


def test_a_change_to_something_else_while_computing_does_not_stop_the_value_being_stored(shared):
    content.get_or_set("test:warm", shows_then(["articles.article:1"], "x"))  # the tag exists already
    _, state = content.get(KEY)
    with content.recording(state):
        content.shows("articles.article:1")
    content.content_changed("articles.article:2")

    content.set(KEY, ("page of article 1",), state)

    assert content.get(KEY)[0] == ("page of article 1",)


def test_a_cached_value_used_inside_another_passes_its_tags_on(shared):
    content.get_or_set("test:blocks", shows_then(["pages.block"], "blocks"))  # stored before the page
    _, page = content.get("test:page")

    with content.recording(page):
        assert content.get_or_set("test:blocks", Computed("recomputed")) == "blocks"  # a hit

    assert "pages.block" in page.tags


def test_a_tag_lost_with_the_cache_never_lets_an_older_value_match_again(shared):
    content.get_or_set(KEY, shows_then(["articles.article:1"], "old"))
    content.content_changed("articles.article:1")
    cache.delete(content.TAG_KEY_PREFIX + "articles.article:1")  # evicted

    assert content.get_or_set(KEY, Computed("new")) == "new"


def test_another_process_changing_the_content_makes_this_ones_values_stale(shared):
    content.get_or_set(KEY, shows_then(["articles.article:1"], "old"))
    cache.set(content.TAG_KEY_PREFIX + "articles.article:1", 10**15 * 8, timeout=None)  # bumped elsewhere

    assert content.get_or_set(KEY, Computed("new")) == "new"


def test_many_objects_of_one_model_are_recorded_as_the_model(shared):
    _, state = content.get(KEY)
    with content.recording(state):
        content.shows(*(f"articles.article:{pk}" for pk in range(1, 500)), "articles.topic:1")

    assert state.tags == {"all", "articles.article", "articles.topic:1"}


def test_the_counter_and_the_value_come_in_one_round_trip_and_its_tags_in_one_more(shared, calls):
    content.get_or_set(KEY, shows_then(["articles.article:1"], "stored"))
    calls.clear()

    assert content.get_or_set(KEY, Computed("recomputed")) == "stored"

    assert [(method, set(keys)) for method, keys in calls] == [
        ("get_many", {content.COUNTER_KEY, KEY}),
        ("get_many", {content.TAG_KEY_PREFIX + "all", content.TAG_KEY_PREFIX + "articles.article:1"}),
    ]


def test_a_caller_that_read_the_counter_already_reads_only_the_value_and_its_tags(shared, calls):
    _, state = content.get("test:other")
    content.get_or_set(KEY, Computed("stored"), state=state)
    calls.clear()

    assert content.get_or_set(KEY, Computed("recomputed"), state=state) == "stored"

    assert calls == [("get_many", [KEY]), ("get_many", [content.TAG_KEY_PREFIX + "all"])]


def test_a_state_the_caller_found_missing_means_compute_without_asking_the_cache_again(shared, calls, caplog):
    compute = Computed("from the database")

    assert content.get_or_set(KEY, compute, state=None) == "from the database"
    assert content.get_or_set(KEY, compute, state=None) == "from the database"

    assert compute.runs == 2
    assert calls == []
    assert warnings_from_the_helper(caplog) == []  # the caller that found the cache down logged it


def test_a_cache_outage_returns_the_computed_value_and_logs_one_warning(shared, monkeypatch, caplog):
    break_cache(monkeypatch)

    with caplog.at_level(logging.WARNING):
        assert content.get_or_set(KEY, Computed("from the database")) == "from the database"

    assert len(warnings_from_the_helper(caplog)) == 1


def test_a_cache_that_answers_nothing_stores_nothing_and_recomputes(shared, monkeypatch):
    # Redis down under django-redis's IGNORE_EXCEPTIONS: every read is a miss, every write is dropped.
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    monkeypatch.setattr(cache, "get_many", lambda *args, **kwargs: {})
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    calls = []
    monkeypatch.setattr(cache, "set", lambda key, *args, **kwargs: calls.append(("set", key)))
    compute = Computed("from the database")

    assert content.get_or_set(KEY, compute) == "from the database"
    assert content.get_or_set(KEY, compute) == "from the database"

    assert compute.runs == 2
    assert calls == []


def test_invalidating_during_an_outage_logs_instead_of_failing_the_publish(shared, monkeypatch, caplog):
    break_cache(monkeypatch)

    content.content_changed()

    assert [record.levelname for record in caplog.records if record.name == "caching.content"] == ["ERROR"]


def test_without_a_shared_cache_every_call_computes_and_nothing_is_asked(settings, calls):
    settings.PAGE_CACHE_SECONDS = 0  # one memory cache per process: another's change could not reach it
    compute = Computed("from the database")

    content.get_or_set(KEY, compute)
    content.get_or_set(KEY, compute)

    assert compute.runs == 2
    assert calls == []


def test_a_saved_object_retires_what_shows_it_only_once_its_transaction_commits(
    shared, db, django_capture_on_commit_callbacks
):
    from articles.models import Topic

    topic = Topic.objects.create(name="Medication", slug="medication")
    content.get_or_set(KEY, shows_then([content.tag(topic)], "old"))

    with django_capture_on_commit_callbacks() as committed:
        content.content_saved(sender=Topic, instance=topic)
        assert content.get_or_set(KEY, Computed("new")) == "old"  # not committed yet: others still see the old
    for callback in committed:
        callback()

    assert content.get_or_set(KEY, Computed("new")) == "new"


def test_a_change_announces_its_tags_for_the_caches_beyond_this_one(shared):
    heard = []

    def receiver(sender, tags, **kwargs):
        heard.append(tags)

    content.tags_changed.connect(receiver)
    try:
        content.content_changed("articles.article:1", "list:articles.topic:2")
    finally:
        content.tags_changed.disconnect(receiver)

    assert heard == [("articles.article:1", "list:articles.topic:2")]


# The per-process tier (the page cache's hot path) ---------------------------------------------------------


def stored_with_copy(tags, fields):
    _, state = content.get(KEY, local=LOCAL)
    with content.recording(state):
        content.shows(*tags)
    content.set(KEY, fields, state, local=LOCAL)
    return state


def test_a_process_copy_is_used_while_its_tags_are_unchanged_and_only_their_versions_are_read(shared, calls):
    stored_with_copy(["articles.article:1"], (200, "page"))
    calls.clear()

    assert content.get(KEY, local=LOCAL)[0] == (200, "page")

    [(method, keys)] = calls
    assert (method, sorted(keys)) == (
        "get_many",
        sorted([content.COUNTER_KEY, content.TAG_KEY_PREFIX + "all", content.TAG_KEY_PREFIX + "articles.article:1"]),
    )


def test_a_process_copy_is_never_used_once_what_it_shows_changed(shared, calls):
    stored_with_copy(["articles.article:1"], (200, "old page"))

    content.content_changed("articles.article:1")
    calls.clear()

    assert content.get(KEY, local=LOCAL)[0] is None
    assert [method for method, _ in calls] == ["get_many", "get_many"]  # the copy was stale: the shared entry asked
    assert KEY in calls[1][1]


def test_a_shared_entry_another_process_stored_is_copied_once_and_then_served_from_the_copy(shared, calls):
    stored_with_copy(["articles.article:1"], (200, "old page"))
    content.content_changed("articles.article:1")
    _, state = content.get("test:other")
    with content.recording(state):
        content.shows("articles.article:1")
    content.set(KEY, (200, "new page"), state)  # stored by another process: this one's copy is the old page

    assert content.get(KEY, local=LOCAL)[0] == (200, "new page")
    calls.clear()
    assert content.get(KEY, local=LOCAL)[0] == (200, "new page")
    assert [method for method, _ in calls] == ["get_many"]


def test_a_process_copy_is_never_used_while_the_shared_cache_cannot_say_the_versions(shared, monkeypatch, caplog):
    stored_with_copy(["articles.article:1"], (200, "page"))
    break_cache(monkeypatch)

    with caplog.at_level(logging.WARNING):
        assert content.get(KEY, local=LOCAL) == (None, None)

    assert len(warnings_from_the_helper(caplog)) == 1


def test_a_cache_that_cannot_say_the_counter_is_not_asked_for_the_page(shared, monkeypatch):
    stored_with_copy(["articles.article:1"], (200, "page"))
    # Redis down under django-redis's IGNORE_EXCEPTIONS: each read a miss, each one a wait for a hung server.
    asked = []
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: asked.append(key))
    monkeypatch.setattr(cache, "get_many", lambda keys, *args, **kwargs: asked.extend(keys) or {})
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)

    assert content.get(KEY, local=LOCAL) == (None, None)

    assert KEY not in asked


# Values keyed by an immutable version ------------------------------------------------------------------


def test_a_value_keyed_by_a_version_is_computed_once_per_process_without_the_shared_cache(shared, calls):
    compute = Computed("outline of version 1")

    assert content.get_or_set_by_version("outline:1", compute) == "outline of version 1"
    content.content_changed()  # a version never goes stale: nothing to invalidate
    calls.clear()
    assert content.get_or_set_by_version("outline:1", compute) == "outline of version 1"

    assert compute.runs == 1
    assert calls == []


def test_the_version_cache_is_the_one_djangos_cache_tag_uses():
    # {% cache %} in the page templates stores its fragments in CACHES["template_fragments"] when it exists.
    assert content.by_version() is caches["template_fragments"]
