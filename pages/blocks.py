"""The live reusable blocks' texts, as templates read them (``site_blocks.disclaimer.body`` ...).

website offers them to every template, cached under the blocks' content tag (website/site_blocks.py);
a staff preview reads them here, uncached, with the draft in place of its live block.
"""

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When

from pages.models import Block


def read_blocks(language: str | None = None) -> dict[str, dict[str, str]]:
    """Return the live blocks' texts by kind in ``language`` (the default one if None), in one query.

    A kind without a live translation shows its live block in the default language: a reviewed English
    disclaimer rather than none (docs/architecture.md, "Languages").
    """
    language = language or settings.LANGUAGE_CODE
    live = Block.objects.live(settings.LANGUAGE_CODE)
    if language != settings.LANGUAGE_CODE:
        live = live | Block.objects.live(language)
    # The requested language is read last, so its text replaces the default one of the same kind.
    rows = live.annotate(
        wanted=Case(When(Q(language=language), then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("wanted")
    return {
        kind: {"heading": heading, "body": body} for kind, heading, body in rows.values_list("kind", "heading", "body")
    }
