"""Generate a large corpus of live articles and condition pages in seconds (50,000 in minutes), for the benchmark.

Pages are written in bulk exactly as ``workflow.publish`` leaves them: live columns,
relations and sources, the published snapshot kept as the draft and as revision 1,
and the medical reviewer who approved it. Run: ``python -m bench.corpus``; the size comes from
BENCH_ARTICLES (default 500) and BENCH_CONDITIONS (default 100), and any size works (every bulk
write is batched, pages are written in chunks). A run on a corpus already there adds the pages missing up to
the size asked for, so a benchmark can measure 500, then 5,000, then 50,000 pages in one database.
"""

import datetime
import os
import random
import sys

# Vocabulary for generated text, split at run time (a literal list of sixty words reads worse).
TEXT = (
    "recovery treatment medicine dose daily evening morning clinician prescriber symptoms pain fatigue sleep "
    "inflammation immune receptor opioid alcohol craving relapse support family counselling therapy study "
    "trial placebo participants results evidence guidance safety side effects liver kidney blood tests "
    "monitoring tablet injection monthly weekly routine appointment pharmacist nurse community programme "
    "withdrawal tolerance dependence harm reduction naloxone overdose emergency wellbeing nutrition exercise"
)
WORDS = TEXT.split(" ")
# Rows per INSERT: with server-side binding PostgreSQL takes at most 65,535 parameters a statement,
# so an unbatched bulk_create of a few thousand pages (about 20 columns each) fails.
BATCH_SIZE = 500
# Pages written per transaction: memory stays flat however large the corpus.
CHUNK = 5000
MEDICINES = ("Naltrexone", "Buprenorphine", "Methadone", "Acamprosate", "Disulfiram", "Naloxone", "Gabapentin")
ASPECTS = ("what to expect", "dosing basics", "side effects", "questions to ask", "the evidence", "for families")
CONDITION_WORDS = ("chronic", "inflammatory", "autoimmune", "neuropathic", "post-viral", "seasonal", "juvenile")
CONDITION_NOUNS = ("arthritis", "colitis", "fatigue syndrome", "migraine", "neuropathy", "dermatitis", "myalgia")


def sentence(rng: random.Random, words: int = 16) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, sections: int = 5) -> str:
    """Return rich text of a typical article's length (about 6 KB)."""
    parts = []
    for n in range(sections):
        parts.append(f"<h2>{sentence(rng, 4)[:-1]}</h2>")
        for _ in range(3):
            parts.append("<p>" + " ".join(sentence(rng) for _ in range(3)) + "</p>")
        if n == 2:
            parts.append("<ul>" + "".join(f"<li>{sentence(rng, 8)}</li>" for _ in range(4)) + "</ul>")
    return "".join(parts)


def sources(rng: random.Random, count: int = 4) -> list[dict]:
    publishers = ("National Institutes of Health", "SAMHSA", "U.S. Food and Drug Administration", "UCSF")
    return [
        {
            "title": sentence(rng, 8)[:-1],
            "publisher": rng.choice(publishers),
            "url": "",
            "year": rng.randint(2010, 2025),
            "doi": "",
            "pmid": str(rng.randint(10_000_000, 39_999_999)),
        }
        for _ in range(count)
    ]


def build(articles: int = 500, conditions: int = 100, seed: int = 6) -> tuple[int, int]:
    """Grow the corpus to this many bench articles and conditions (a second run adds only what is missing).

    Pages are written in chunks of ``CHUNK``, each in its own transaction, so memory stays flat and 50,000
    articles take minutes; a run that stops half-way leaves whole chunks, and the next run goes on from them.
    Return how many live articles and conditions exist.
    """
    from django.db import connection

    from articles.models import Article
    from conditions.models import Condition

    grew = _grow(Condition, "bench-condition-", conditions, seed, _condition_fields, related=None)
    bench_conditions = list(Condition.objects.filter(slug__startswith="bench-condition-").order_by("pk"))
    grew |= _grow(Article, "bench-article-", articles, seed, _article_fields(), related=bench_conditions)
    if grew:
        from caching.content import content_changed

        content_changed()
        # Fresh statistics and no dead rows, as autovacuum would leave a production database: without the
        # statistics PostgreSQL picks the live-status index over the slug index for a page lookup.
        # (Outside a transaction block: Django runs this in autocommit.)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    return Article.objects.live().count(), Condition.objects.live().count()


def _grow(model, prefix: str, wanted: int, seed: int, make_fields, related: list | None) -> bool:
    """Add bench pages of this model numbered from those already there up to ``wanted``; return whether any."""
    from django.db import transaction

    from editorial.models import transition_writes

    existing = model.objects.filter(slug__startswith=prefix).count()
    for start in range(existing, wanted, CHUNK):
        numbers = range(start, min(start + CHUNK, wanted))
        rng = random.Random(seed * 1_000_003 + start)
        # A benchmark corpus is written live in bulk, as a restored database dump would be: thousands of pages
        # through the workflow would take hours. Product code never enters transition_writes outside the workflow.
        with transaction.atomic(), transition_writes():
            people = _people()
            pages = _pages(model, numbers, wanted, rng, people, make_fields)
            if related:
                _relate(model.conditions.through, pages, "article", "condition", related, rng, 3)
            _record_publication(pages, people["reviewer"])
            # Bulk inserts skip write_live, which keeps each page's stored search document current.
            model.refresh_search_documents(model.objects.filter(pk__in=[page.pk for page in pages]))
        print(f"  {model._meta.verbose_name_plural}: {numbers.stop} of {wanted}", flush=True)
    return existing < wanted


def _people() -> dict:
    from articles.models import Topic
    from editorial.models import Contributor

    reviewer, _ = Contributor.objects.get_or_create(
        slug="sample-bench-reviewer",
        defaults={
            "name": "Sample Bench Reviewer",
            "credentials": "MD",
            "is_medical_reviewer": True,
            "licence_number": "MD-00000",
            "licence_expiry": datetime.date.today() + datetime.timedelta(days=730),
        },
    )
    writers = []
    for n in range(12):
        writer, _ = Contributor.objects.get_or_create(
            slug=f"sample-bench-writer-{n}", defaults={"name": f"Sample Bench Writer {n}", "is_writer": True}
        )
        writers.append(writer)
    topics = [
        Topic.objects.get_or_create(slug=f"bench-{name.lower()}", defaults={"name": name})[0] for name in MEDICINES
    ]
    return {"reviewer": reviewer, "writers": writers, "topics": topics}


def _condition_fields(n: int, rng: random.Random, people: dict) -> dict:
    name = f"{rng.choice(CONDITION_WORDS).capitalize()} {rng.choice(CONDITION_NOUNS)} type {n}"
    return {
        "name": name,
        "slug": f"bench-condition-{n}",
        "also_known_as": f"Type {n} {rng.choice(CONDITION_NOUNS)}",
        "summary": sentence(rng, 24),
        "body": body(rng),
        "meta_description": "",
    }


def _article_fields():
    def fields(n: int, rng: random.Random, people: dict) -> dict:
        medicine = rng.choice(MEDICINES)
        return {
            "title": f"{medicine}: {rng.choice(ASPECTS)} ({n})",
            "slug": f"bench-article-{n}",
            "summary": sentence(rng, 30),
            "body": body(rng),
            "hero_image_id": None,
            "topic_id": people["topics"][n % len(people["topics"])].pk,
            "meta_description": "",
        }

    return fields


def _pages(model, numbers: range, wanted: int, rng: random.Random, people: dict, make_fields) -> list:
    from django.utils import timezone

    from editorial.models import LiveStatus, ReviewState
    from editorial.richtext import clean_html
    from editorial.workflow import review_due_date

    now = timezone.now()
    pages = []
    for n in numbers:
        # Ten minutes apart, the highest number newest: 50,000 pages span about a year.
        published = now - datetime.timedelta(minutes=10 * (wanted - n) + rng.randint(0, 9))
        page = model(**make_fields(n, rng, people))
        page.body = clean_html(page.body)
        page.live_status, page.review_state = LiveStatus.LIVE, ReviewState.PUBLISHED
        page.first_published_at = page.last_published_at = published
        page.live_reviewed_by = people["reviewer"]
        page.live_reviewed_at = published
        page.review_due_at = review_due_date(page, published)
        pages.append(page)
    pages = model.objects.bulk_create(pages, batch_size=BATCH_SIZE)
    _relate(model.authors.through, pages, model._meta.model_name, "contributor", people["writers"], rng, 2)
    source_model = model.sources.rel.related_model
    owner = model.sources.field.name
    source_model.objects.bulk_create(
        [
            source_model(position=i, **data, **{owner: page})
            for page in pages
            for i, data in enumerate(sources(rng), start=1)
        ],
        batch_size=BATCH_SIZE,
    )
    return pages


def _relate(through, pages: list, own: str, other: str, choices: list, rng: random.Random, count: int) -> None:
    through.objects.bulk_create(
        [
            through(**{f"{own}_id": page.pk, f"{other}_id": chosen.pk})
            for page in pages
            for chosen in rng.sample(choices, min(count, len(choices)))
        ],
        batch_size=BATCH_SIZE,
    )


def _record_publication(pages: list, reviewer) -> None:
    """Keep each page's published content as its draft and first revision, as publish does."""
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import ReviewEvent, ReviewState, Revision, fingerprint

    revisions, events = [], []
    by_model: dict = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, group in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        fresh = model.objects.filter(pk__in=[p.pk for p in group]).prefetch_related(*model.draft_m2m, "sources")
        for page in fresh:
            snapshot = page.snapshot()
            page.draft = snapshot
            revisions.append(
                Revision(
                    content_type=content_type,
                    object_id=page.pk,
                    number=1,
                    snapshot=snapshot,
                    fingerprint=fingerprint(snapshot),
                    published_at=page.last_published_at,
                    approved_by=reviewer,
                    approved_at=page.live_reviewed_at,
                )
            )
            events.append(
                ReviewEvent(
                    content_type=content_type,
                    object_id=page.pk,
                    action=ReviewEvent.Action.PUBLISH,
                    from_state=ReviewState.APPROVED,
                    to_state=ReviewState.PUBLISHED,
                    note="Benchmark corpus.",
                    created_at=page.last_published_at,
                )
            )
        model.objects.bulk_update(list(fresh), ["draft"], batch_size=BATCH_SIZE)
    Revision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    ReviewEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)


def main() -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    articles, conditions = build(
        int(os.environ.get("BENCH_ARTICLES", "500")), int(os.environ.get("BENCH_CONDITIONS", "100"))
    )
    print(f"Corpus ready: {articles} live articles, {conditions} live condition pages.")


if __name__ == "__main__":
    main()
