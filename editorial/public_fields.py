"""Columns the public article and condition pages read; draft, search vector and workflow stay in the database."""

# What a byline and the JSON-LD Person show of a contributor: not the bio or licence.
BYLINE = ("name", "slug", "credentials", "photo", "photo_alt")

# The live page's publication and review facts; the reviewer it names is joined with BYLINE.
REVIEW_FACTS = ("live_status", "first_published_at", "last_published_at", "live_reviewed_at", "review_due_at")

# What a source list and the JSON-LD citations show.
SOURCE = ("position", "title", "publisher", "url", "year", "doi", "pmid")
