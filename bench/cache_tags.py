"""After one publish in a large site, how many other cached pages are still hits? (issue 29, content tags)

Prepares the benchmark database as ``make bench`` does, with the corpus (``bench/corpus.py``; BENCH_ARTICLES
default 5000, BENCH_CONDITIONS default 1000), fills the page cache (Redis, BENCH_REDIS_URL) with every article,
condition, topic and list page through the whole middleware stack (Django's test client, in this process), publishes one
article, then asks every page again and counts the hits. Run: ``make bench-tags``. No load generator: it
measures what a publish invalidates, not speed.

The publish writes what ``workflow.publish`` writes (a new summary and publication time on the live columns, a
revision and a review event) and then sends editorial's ``public_content_changed``, as the workflow does once
its transaction commits, so the invalidation is the site's own; the corpus has no staff accounts to take a
draft through review.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import server  # noqa: E402 - the path above first

# The site size the goal is set at (BENCH_ARTICLES and BENCH_CONDITIONS override it when run alone).
ARTICLES, CONDITIONS = 5000, 1000
GOAL = 0.99


def hit_rate_after_one_publish() -> tuple[int, int, list[str]]:
    """Cache every page of the corpus, publish one article, ask again; return hits, other pages and the refreshed.

    Runs in this process with Django set up on the benchmark's database and shared cache (``server.setup_django``).
    """
    from django.core.cache import cache
    from django.test import Client

    from articles.models import Article, Topic
    from conditions.models import Condition
    from editorial.signals import public_content_changed

    cache.clear()
    paths = [
        *(page.get_absolute_url() for page in Article.objects.live().only("slug")),
        *(page.get_absolute_url() for page in Condition.objects.live().only("slug")),
        *(topic.get_absolute_url() for topic in Topic.objects.all()),
        "/",
        "/articles/",
        "/conditions/",
        "/feeds/articles/",
        "/sitemap.xml",
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    started = time.monotonic()
    for path in paths:
        client.get(path)
    print(f"{len(paths)} pages cached in {time.monotonic() - started:.0f} s", flush=True)

    article = Article.objects.live().order_by("pk")[len(paths) // 3]
    publish_again(article, summary="Updated once.")
    public_content_changed.send(sender=Article, instance=Article.objects.get(pk=article.pk))

    others = [path for path in paths if path != article.get_absolute_url()]
    refreshed = [path for path in others if client.get(path).get("X-Page-Cache") != "hit"]
    return len(others) - len(refreshed), len(others), sorted(refreshed)


def publish_again(article, **changes) -> None:
    """Write what ``workflow.publish`` writes for a live page published again: live columns, revision, event."""
    from django.db import transaction
    from django.utils import timezone

    from editorial.models import ReviewEvent, ReviewState, Revision, fingerprint, transition_writes

    now = timezone.now()
    previous = Revision.objects.filter(content_type=article.content_type, object_id=article.pk).order_by("-number")[0]
    snapshot = {**previous.snapshot, "fields": {**previous.snapshot["fields"], **changes}}
    with transaction.atomic(), transition_writes():
        type(article).objects.filter(pk=article.pk).update(**changes, last_published_at=now)
        Revision.objects.create(
            content_type=article.content_type, object_id=article.pk, number=previous.number + 1, snapshot=snapshot,
            fingerprint=fingerprint(snapshot), published_at=now, approved_by=previous.approved_by,
            approved_at=previous.approved_at,
        )  # fmt: skip
        ReviewEvent.objects.create(
            content_type=article.content_type, object_id=article.pk, action=ReviewEvent.Action.PUBLISH,
            from_state=ReviewState.APPROVED, to_state=ReviewState.PUBLISHED, note="Benchmark publish.",
        )  # fmt: skip


def main() -> None:
    server.prepare()  # a fresh benchmark database with the corpus, static files collected
    server.setup_django()
    hits, others, refreshed = hit_rate_after_one_publish()
    ratio = hits / others
    print(f"After one publish, {hits} of {others} other cached pages still hit: "
          f"{ratio:.2%} (goal ≥ {GOAL:.0%}: {'met' if ratio >= GOAL else 'MISSED'}).")  # fmt: skip
    print("Refreshed: " + " ".join(refreshed))


if __name__ == "__main__":
    if "BENCH_ARTICLES" not in os.environ:
        os.environ["BENCH_ARTICLES"], os.environ["BENCH_CONDITIONS"] = str(ARTICLES), str(CONDITIONS)
    main()
