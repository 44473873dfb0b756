"""Columns the public article and condition pages read; draft, search vector and workflow stay in the database."""

# What a byline and the JSON-LD Person show of a contributor: not the bio, photo or licence.
BYLINE = ("name", "slug", "credentials")

# The live page's publication and review facts, with the reviewer it names.
REVIEWED_CONTENT = (
    "live_status",
    "first_published_at",
    "last_published_at",
    "live_reviewed_at",
    "review_due_at",
    *(f"live_reviewed_by__{field}" for field in BYLINE),
)
