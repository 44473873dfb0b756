"""Site search over live articles and condition pages, in the reader's language.

On PostgreSQL: weighted full-text search (title A, summary B, body C) in the
language's configuration (English; Spanish with accents ignored), web-search syntax,
ranking, highlighted snippets, and pg_trgm similarity when a typo leaves nothing.
Elsewhere (SQLite): whole-word matching on plain words, accents folded, that still
ranks title matches first. Both expand abbreviations such as "MS".
"""

import difflib
import functools
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchQueryField,
    SearchRank,
    SearchVectorField,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, Value, When
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Cast, Greatest
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from articles.models import Article
from caching import content as content_cache
from conditions.models import Condition
from editorial.links import slug_url
from editorial.models import search_configs

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 100
# Matches ranked per model: this many of the most recent, and this many of the most recent with a query word
# in the title (at most twice this in all): as many of each as a results list shows (MAX_RESULTS), few enough
# to rank in a blink.
CANDIDATES = 100
# The candidates' order, as the index on (live_status, -last_published_at) keeps it (a live page always has the
# date): where many pages match, PostgreSQL walks that index and stops at CANDIDATES, where few do it reads them
# from the text or trigram index; NULLS LAST would make it read and sort every match.
NEWEST = "-last_published_at"
# Pages of each kind whose names the SQLite "did you mean" compares (PostgreSQL uses its trigram indexes).
SUGGESTION_NAMES = 2000
PAGE_SIZE = 10
# A query's results are kept while no live article or condition changes (content tags), and at most this many
# seconds: popular queries are asked again and again, and a flood of distinct ones holds the cache only briefly.
RESULTS_SECONDS = 300
TYPO_THRESHOLD = 0.5
# ts_headline parses its whole text for every hit shown, so it reads the summary and only the opening
# of the body (a few paragraphs): 2,000 characters instead of ~7,000 cut its time by half or more.
SNIPPET_BODY_CHARS = 2000
# Sentinels for ts_headline: private-use characters never typed in a search box,
# swapped for <mark> only after the snippet text has been escaped.
MARK_START, MARK_STOP = "\ue000", "\ue001"

# Abbreviations people type for pages whose titles spell the name out, per language.
ABBREVIATIONS = {
    "en": {
        "ldn": ("low-dose naltrexone", "naltrexone"),
        "ms": ("multiple sclerosis",),
        "ra": ("rheumatoid arthritis",),
        "ibd": ("inflammatory bowel disease",),
    },
    "es": {
        "ldn": ("naltrexona en dosis bajas", "naltrexona"),
        "em": ("esclerosis múltiple",),
        "ar": ("artritis reumatoide",),
        "eii": ("enfermedad inflamatoria intestinal",),
    },
}

ALIASES_KEY = "search:aliases"
# Per model: (title-level fields, summary field, body field), as in each model's stored search document.
FIELDS = {model: (model.search_title_fields, "summary", "body") for model in (Article, Condition)}
# The models in the order the statements number them ("kind").
KINDS = list(FIELDS)
# Each model's page view, by slug, as in its get_absolute_url().
DETAIL_VIEWS = {Article: "articles:detail", Condition: "conditions:detail"}
# Columns a results list never shows: left in the database.
HEAVY_FIELDS = ("body", "draft", "search_document")


@dataclass
class Hit:
    model: type[Article] | type[Condition]
    pk: int
    rank: float
    title: str
    slug: str
    snippet: str = ""

    @classmethod
    def of(cls, page: Article | Condition, rank: float, snippet: str = "") -> "Hit":
        return cls(type(page), page.pk, rank, page.title_text, page.slug, snippet)

    @property
    def url(self) -> str:
        """Return the page's address as its get_absolute_url() does, without building a model instance."""
        return slug_url(DETAIL_VIEWS[self.model], self.slug)

    @property
    def kind(self) -> str:
        return gettext("Article") if self.model is Article else gettext("Condition")


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    fuzzy: bool = False
    suggestions: list[Article | Condition] = field(default_factory=list)
    # The full-text query's texts, whose matches add_snippets highlights; None when hits carry their snippets.
    snippet_texts: tuple[str, ...] | None = field(default=None, repr=False)


def clean_query(raw: str | None) -> str:
    """Return the query without control characters, collapsed and capped in length."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or "")[: MAX_QUERY_LENGTH * 4])
    text = text.replace(MARK_START, " ").replace(MARK_STOP, " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def find(raw_query: str | None) -> Results:
    """Return the ranked hits for the query; add_snippets then highlights those shown.

    The same query in the same language is answered from the content cache until a live article or condition
    changes (any publish may add, move or remove a hit): ranking is most of a search's cost, and people ask
    the same few questions. Snippets are made for each page of results shown, outside it.
    """
    query = clean_query(raw_query)
    if not re.search(r"\w", query):
        return Results(query)
    key = f"search:{get_language()}:{hashlib.sha256(query.encode()).hexdigest()}"
    return content_cache.get_or_set(key, lambda: _find(query), RESULTS_SECONDS)


def _find(query: str) -> Results:
    # Read as rows, not instances: any live page's change counts, as for the aliases.
    content_cache.shows(content_cache.kind_tag(Article), content_cache.kind_tag(Condition))
    backend = _postgres_search if connection.vendor == "postgresql" else _simple_search
    results = backend(query)
    if not results.hits:
        results.suggestions = suggest(query)
    return results


def aliases() -> dict[str, tuple[str, ...]]:
    """Return the language's abbreviation and other-name expansions, lower-cased, with its live conditions' names."""
    # Every search needs them and they change only when content does: the content cache keeps them for the
    # current content state, so one round trip returns them and they are never stale.
    language = get_language()
    return content_cache.get_or_set(f"{ALIASES_KEY}:{language}", lambda: _aliases(language), timeout=None)


def _live(model):
    """Return the model's live pages in the reader's language: what every search statement starts from."""
    return model.objects.live(get_language())


def _aliases(language: str) -> dict[str, tuple[str, ...]]:
    content_cache.shows(content_cache.kind_tag(Condition))  # read as values: any condition's change counts
    expansions = dict(ABBREVIATIONS.get(language, {}))
    named = (
        Condition.objects.live(language).exclude(also_known_as="").order_by("name").values_list("name", "also_known_as")
    )
    for name, also_known_as in named:
        for other in Condition(also_known_as=also_known_as).other_names:
            key = other.lower()
            expansions[key] = (*expansions.get(key, ()), name)
    return expansions


def _words(text: str) -> list[str]:
    return [word.strip(".,;:!?()[]{}'\"").lower() for word in text.split()]


def query_variants(query: str, expansions: dict[str, tuple[str, ...]]) -> list[str]:
    """Return the query with each abbreviation spelled out, one variant per meaning."""
    variants = []
    words = query.split()
    lowered = _words(query)
    for i, word in enumerate(lowered):
        for meaning in expansions.get(word, ()):
            variants.append(" ".join([*words[:i], meaning, *words[i + 1 :]]))
    return variants


# PostgreSQL ---------------------------------------------------------------
#
# What visitors may see is decided by ReviewedContentQuerySet.live() alone: the ranking and the typo matches
# are querysets built on Model.objects.live(), with the full-text operators as public expressions (RawSQL
# with parameters, SearchRank, the pg_trgm lookups, Func), so a rule added to live() holds in search at once.
# Only the snippets are a written-out statement, and it reads nothing but the pks of hits those querysets
# returned. User text only ever travels as a parameter.


class Matches(Func):
    """Return ``document @@ query`` as a condition, to filter on or to test in a When."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def title_lexemes() -> Func:
    """Return the stored document's title-level lexemes (weight A, see ReviewedContent.search_vector).

    The SQL text must stay ``ts_filter(<search_document>, '{a}')``, with the weights written in and not a
    parameter: website/migrations/0005 indexes exactly that expression, and PostgreSQL uses the index only
    for the same expression.
    """
    return Func(F("search_document"), template="ts_filter(%(expressions)s, '{a}')", output_field=SearchVectorField())


@functools.cache
def _tsquery_sql(count: int, configs: tuple[str, ...]) -> str:
    """Return SQL matching any of ``count`` texts read in any of the configurations, each text a parameter.

    ``configs`` are the language's editorial.models.SEARCH_CONFIGS, never user input; the parameters are each
    text repeated once per configuration, in order.
    """
    one_text = [f"websearch_to_tsquery('{config}', %s)" for config in configs]
    return "(" + " || ".join(one_text * count) + ")"


def tsquery(texts: tuple[str, ...]) -> RawSQL:
    """Return a query matching any of the texts (the query as typed, and each spelled-out variant).

    RawSQL, not SearchQuery(...) | ...: the same SQL, and the ranking composes and compiles in about a third
    less Python time (measured: 3.0 against 4.5 ms).
    """
    # The SQL text depends on the count alone; every text travels as a parameter.
    configs = search_configs(get_language())
    params = tuple(text for text in texts for _config in configs)
    return RawSQL(_tsquery_sql(len(texts), configs), params, output_field=SearchQueryField())  # noqa: S611


def _ranked(model, kind: int, query: RawSQL, any_query: RawSQL):
    """Return one model's best matching live pages as (kind, pk, rank, heading, slug) rows.

    Ranking reads each page's whole document, so only a bounded set of live matches is ranked: the CANDIDATES
    most recently updated, and the CANDIDATES most recently updated of those with a query word in the title,
    each found by a GIN index. A search costs about the same on 500 pages or 50,000, every page it shows is a
    match, and an old page named for what was asked (a cornerstone article) is never crowded out by newer pages
    that only mention it. A match in the title outranks any number of matches in the body, a partial one still
    counts; most matches, with no query word in the title, are settled by the first test.
    """
    titles, _, _ = FIELDS[model]
    live = _live(model)  # one queryset for the candidates and the ranked rows: composed once
    matches = live.filter(Matches(F("search_document"), query))
    recent = matches.order_by(NEWEST).values("pk")[:CANDIDATES]
    titled = matches.filter(Matches(title_lexemes(), any_query)).order_by(NEWEST).values("pk")[:CANDIDATES]
    bonus = Case(
        When(~Matches(title_lexemes(), any_query), then=Value(0.0)),
        When(Matches(title_lexemes(), query), then=Value(1.0)),
        default=Value(0.5),
        output_field=FloatField(),
    )
    rank = Cast(SearchRank(F("search_document"), query), FloatField()) + bonus
    return (
        live.filter(pk__in=recent.union(titled))
        .annotate(kind=Value(kind), rank=rank, heading=F(titles[0]))
        .order_by()
        .values_list("kind", "pk", "rank", "heading", "slug")
    )


def _ranking(texts: tuple[str, ...], any_word: str):
    """Return both kinds' ranked live matches in one statement, best first, at most MAX_RESULTS."""
    query = tsquery(texts)
    # Any word as typed, or the whole of a spelled-out variant: what earns a title half the bonus at least.
    any_query = tsquery((any_word, *texts))
    first, *others = [_ranked(model, kind, query, any_query) for kind, model in enumerate(KINDS)]
    return first.union(*others, all=True).order_by("-rank", "heading")[:MAX_RESULTS]


def _similar(query: str) -> Iterable[tuple[int, int, float, str, str, str]]:
    """Return both kinds' live pages whose title-level names look like the query (a typo), in one statement.

    As (kind, pk, rank, heading, slug, summary) rows, by trigram word similarity. The %> filter
    (trigram_word_similar) is answered from the trigram indexes on those columns, or, where many names match
    (a misspelt word most titles contain), by walking the live pages newest first until CANDIDATES match:
    only those are scored, as in the full-text ranking, so a typo costs about the same on 5,000 pages or
    50,000 (at 50,000 generated articles, 7,148 titles matched "naltrxone": 157 ms to score them all, 9 ms
    for the newest hundred). Its cut-off is set to TYPO_THRESHOLD on each new connection (set_typo_threshold).
    """
    parts = []
    for kind, model in enumerate(KINDS):
        titles, _, _ = FIELDS[model]
        similar, score = _name_similarity(
            model, query, "trigram_word_similar", lambda name: TrigramWordSimilarity(query, name)
        )
        live = _live(model)
        recent = live.filter(similar).order_by(NEWEST).values("pk")[:CANDIDATES]
        rows = (
            live.filter(pk__in=recent)
            .annotate(kind=Value(kind), rank=score, heading=F(titles[0]))
            .filter(rank__gte=TYPO_THRESHOLD)
            .order_by("-rank")
            .values_list("kind", "pk", "rank", "heading", "slug", "summary")
        )
        parts.append(rows[:MAX_RESULTS])
    first, *others = parts
    return first.union(*others, all=True)


# Highlighted matches in the hits shown: ts_headline parses its whole text for every hit, so it reads the summary
# and only the opening of the body (SNIPPET_BODY_CHARS), and only for the page of hits shown. Written out (no live
# rule in it): it reads only the pks of hits the live() querysets above returned.
HEADLINE_SQL = """
    SELECT {kind}, "id", ts_headline(
        '{config}', "summary" || ' ' || LEFT("body", %(body_chars)s), {query}, %(headline_options)s
    )
    FROM "{table}" WHERE "id" = ANY(%(pks{kind})s)"""
HEADLINE_OPTIONS = (
    f"StartSel='{MARK_START}', StopSel='{MARK_STOP}', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=' … '"
)


@functools.cache
def _headline_sql(texts: int, configs: tuple[str, ...]) -> str:
    """Return the snippets of both kinds' hits (%(pks0)s, %(pks1)s) in one statement, built once per count.

    The text is read in the language's first configuration; the query in all of them, as in the ranking.
    """
    query = " || ".join(f"websearch_to_tsquery('{config}', %(text{n})s)" for n in range(texts) for config in configs)
    parts = [
        HEADLINE_SQL.format(kind=kind, table=model._meta.db_table, config=configs[0], query=f"({query})")
        for kind, model in enumerate(KINDS)
    ]
    return "\nUNION ALL".join(parts)


def _postgres_search(query: str) -> Results:
    """Return the full-text hits ranked in one statement, or when there are none the typo hits, in one more."""
    texts = (query, *query_variants(query, aliases()))
    wanted, _ = parse_terms(query)
    any_word = " or ".join(f'"{term}"' for term in wanted)
    rows = list(_ranking(texts, any_word))
    if rows:
        return Results(query, _merge([[_hit(*row) for row in rows]]), snippet_texts=texts)
    similar = [_hit(*row[:5], snippet=escape(row[5])) for row in _similar(query)]
    return Results(query, _merge([similar]), fuzzy=True)


def _hit(kind: int, pk: int, rank: float, heading: str, slug: str, snippet: str = "") -> Hit:
    return Hit(KINDS[kind], pk, rank, heading, slug, snippet)


def add_snippets(results: Results, hits: list[Hit]) -> None:
    """Highlight the matches in these hits (one page of results): ts_headline is costly, so only for them."""
    if results.snippet_texts is None or not hits:
        return  # plain-word and typo hits come with their summary as the snippet
    wanted = {(KINDS.index(hit.model), hit.pk): hit for hit in hits}
    params: dict[str, Any] = {
        **{f"text{n}": text for n, text in enumerate(results.snippet_texts)},
        "body_chars": SNIPPET_BODY_CHARS,
        "headline_options": HEADLINE_OPTIONS,
        **{f"pks{kind}": [pk for k, pk in wanted if k == kind] for kind in range(len(KINDS))},
    }
    with connection.cursor() as cursor:
        cursor.execute(_headline_sql(len(results.snippet_texts), search_configs(get_language())), params)
        for kind, pk, headline in cursor.fetchall():
            wanted[kind, pk].snippet = highlight(headline)


def _name_similarity(model, query: str, lookup: str, similarity) -> tuple[Q, Greatest | Func]:
    """Return the filter "a title-level name is like the query" (a pg_trgm lookup) and the best similarity.

    ``similarity(name)`` returns the matching pg_trgm function of one column and the query.
    """
    titles, _, _ = FIELDS[model]
    similar = Q()
    for name in titles:
        similar |= Q(**{f"{name}__{lookup}": query})
    scores = [similarity(name) for name in titles]
    return similar, (Greatest(*scores) if len(scores) > 1 else scores[0])


def set_typo_threshold(sender, connection, **kwargs) -> None:
    """Receive connection_created: make pg_trgm's %> cut-off (default 0.6) the typo threshold for this session."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(TYPO_THRESHOLD)])


def _merge(groups) -> list[Hit]:
    hits = [hit for group in groups for hit in group]
    return sorted(hits, key=lambda hit: (-hit.rank, hit.title.lower()))[:MAX_RESULTS]


def highlight(headline: str) -> str:
    """Return a ts_headline fragment as safe HTML: text escaped, matches in <mark>."""
    text = " ".join(html.unescape(strip_tags(headline or "")).split())
    parts, open_mark = [], False
    for piece in re.split(f"([{MARK_START}{MARK_STOP}])", text):
        if piece == MARK_START and not open_mark:
            parts.append("<mark>")
            open_mark = True
        elif piece == MARK_STOP and open_mark:
            parts.append("</mark>")
            open_mark = False
        elif piece not in (MARK_START, MARK_STOP):
            parts.append(escape(piece))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


# Other databases ---------------------------------------------------------

TERM = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


# Words too common to narrow a plain-word search; dropped unless the query has nothing else.
STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "how", "i", "in", "is"}
    | {"it", "of", "on", "or", "the", "to", "what", "when", "who", "why", "with"}
)


def parse_terms(query: str) -> tuple[list[str], list[str]]:
    """Split a query into wanted and excluded terms; quoted phrases stay whole, common words drop out."""
    wanted: list[str] = []
    excluded: list[str] = []
    for match in TERM.finditer(query):
        negated = bool(match.group(1) or match.group(3))
        term = (match.group(2) or match.group(4) or "").strip(".,;:!?()[]{}'\"").lower()
        if re.search(r"\w", term):
            (excluded if negated else wanted).append(term)
    meaningful = [term for term in wanted if term not in STOP_WORDS]
    return meaningful or wanted, excluded


# Letters that Spanish writes with or without an accent: "multiple" finds "múltiple" and the other way round.
ACCENT_FOLDS = ("aá", "eé", "ií", "oó", "uúü", "nñ")
FOLDED = {letter: f"[{group}]" for group in ACCENT_FOLDS for letter in group}


def _folded(word: str) -> str:
    """Return a regex for the word with accents folded, every other character taken literally."""
    return "".join(FOLDED.get(char, re.escape(char)) for char in word.lower())


def term_pattern(term: str) -> str:
    """Return a regex matching the term at the start of a word, plural or singular, hyphen or space, any accents."""
    words = re.split(r"[\s\-]+", term)
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        words[-1] = last[:-1]
    pattern = r"\b" + r"[\s\-]+".join(_folded(word) for word in words)
    # Short words and abbreviations ("RA", "MS") must match whole words, not "rather" or "symptoms".
    return pattern + r"\b" if len(term) <= 3 else pattern


def _term_q(fields: list[str], term: str) -> Q:
    pattern = term_pattern(term)
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__iregex": pattern})
    return q


def _simple_search(query: str) -> Results:
    wanted, excluded = parse_terms(query)
    expansions = aliases()
    hits: list[Hit] = []
    for model, (titles, summary, body) in FIELDS.items():
        fields = [*titles, summary, body]
        weights = [(titles, 8.0), ((summary,), 2.0), ((body,), 1.0)]
        rows = _live(model).defer(*HEAVY_FIELDS)
        score: Expression = Value(0.0, output_field=FloatField())
        for term in wanted:
            alternatives = (term, *expansions.get(term, ()))
            match = Q()
            for alternative in alternatives:
                match |= _term_q(fields, alternative)
                for names, weight in weights:
                    when = When(_term_q(list(names), alternative), then=Value(weight))
                    score = score + Case(when, default=Value(0.0), output_field=FloatField())
            rows = rows.filter(match)
        for term in excluded:
            rows = rows.exclude(_term_q(fields, term))
        if not wanted:
            continue
        rows = rows.annotate(rank=score).order_by("-rank")[:MAX_RESULTS]
        hits.extend(Hit.of(row, row.rank, escape(row.summary)) for row in rows)
    return Results(query, _merge([hits]))


# Zero results --------------------------------------------------------------


def suggest(query: str, limit: int = 3) -> list[Article | Condition]:
    """Return live pages whose names look like the query (for "did you mean"), closest first."""
    if connection.vendor == "postgresql":
        return _similar_names(query, limit)
    return _close_names(query, limit)


def _similar_names(query: str, limit: int) -> list[Article | Condition]:
    """Return the pages whose names are most like the query by trigram similarity (pg_trgm's ``%``, 0.3).

    Looser than a typo hit (``_similar``), and like it answered from the trigram indexes on the names.
    """
    found = []
    for model, (titles, _, _) in FIELDS.items():
        similar, score = _name_similarity(model, query, "trigram_similar", lambda name: TrigramSimilarity(name, query))
        rows = _live(model).filter(similar).only(*titles, "slug").annotate(similarity=score)
        found.extend(rows.order_by("-similarity")[:limit])
    return sorted(found, key=lambda page: -page.similarity)[:limit]


def _close_names(query: str, limit: int) -> list[Article | Condition]:
    """Return pages whose names are close to words of the query, by difflib over a bounded set of names.

    Without pg_trgm (SQLite, development) the names are compared in Python: the most recently updated
    SUGGESTION_NAMES pages of each kind, so the cost has a ceiling however large the site grows.
    """
    recent = F("last_published_at").desc(nulls_last=True)
    pages: dict[str, Article | Condition] = {}
    for article in _live(Article).only("title", "slug").order_by(recent)[:SUGGESTION_NAMES]:
        pages.setdefault(article.title.lower(), article)
        for word in _words(article.title):
            if len(word) > 4:
                pages.setdefault(word, article)
    conditions = _live(Condition).only("name", "slug", "also_known_as").order_by(recent)
    for condition in conditions[:SUGGESTION_NAMES]:
        for name in (condition.name, *condition.other_names):
            pages.setdefault(name.lower(), condition)
    found = []
    for word in [query.lower(), *_words(query)]:
        for key in difflib.get_close_matches(word, pages, n=limit, cutoff=0.75):
            if pages[key] not in found:
                found.append(pages[key])
    return found[:limit]
