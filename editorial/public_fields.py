"""Columns the public article and condition pages read; draft, search vector and workflow stay in the database."""

# What a page shows of a library picture (hero, portrait, card thumbnail), read by a join: its file, what it says to
# readers, its size and focal point; not its provenance or who uploaded it.
IMAGE = (
    "file",
    "alt_text",
    "decorative",
    "decorative_reason",
    "caption",
    "credit",
    "width",
    "height",
    "focal_x",
    "focal_y",
    "size",
)


def image_columns(relation: str) -> tuple[str, ...]:
    """Return the ``only()`` names of the picture joined through ``relation`` (with ``select_related(relation)``)."""
    return (relation, *(f"{relation}__{name}" for name in IMAGE))


# What a byline and the JSON-LD Person show of a contributor: not the bio or licence; the portrait is joined.
BYLINE = ("name", "slug", "credentials", *image_columns("photo"))

# The live page's publication and review facts; the reviewer it names is joined with BYLINE.
REVIEW_FACTS = ("live_status", "first_published_at", "last_published_at", "live_reviewed_at", "review_due_at")

# Which language a page is in and which page and version it translates: its address, alternates and notice.
LANGUAGE = ("language", "translation_of", "source_revision")

# What a source list and the JSON-LD citations show.
SOURCE = ("position", "title", "publisher", "url", "year", "doi", "pmid")

# What a live article or condition page shows, and no workflow columns. The body and key takeaways are loaded
# with it although a page whose version-keyed fragments are cached does not read them: deferring them would
# cost a query on every miss.
PAGE_TEXT = (
    "summary",
    "body",
    "key_takeaways",
    "meta_description",
    *image_columns("hero_image"),
    *REVIEW_FACTS,
    *LANGUAGE,
)
ARTICLE_PAGE = ("title", "slug", *PAGE_TEXT, "topic__name", "topic__slug")
CONDITION_PAGE = ("name", "slug", "also_known_as", *PAGE_TEXT)

# The reviewer a live page names, joined to it with its portrait; the page's hero picture is joined too.
REVIEWER = tuple(f"live_reviewed_by__{name}" for name in BYLINE)
PAGE_JOINS = ("live_reviewed_by__photo", "hero_image")

# What an article card shows: topic, title, summary, reviewer's name, date and thumbnail; read with its joins.
# Here rather than in articles, because condition pages list article cards too and conditions never imports
# articles (docs/architecture.md, "Layers").
ARTICLE_CARD_JOINS = ("topic", "live_reviewed_by", "hero_image")
ARTICLE_CARD = (
    "language",
    "title",
    "slug",
    "summary",
    *image_columns("hero_image"),
    "last_published_at",
    "topic__name",
    "live_reviewed_by__name",
    "live_reviewed_by__credentials",
)
