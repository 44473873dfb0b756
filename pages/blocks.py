"""The live reusable blocks' texts, as templates read them (``site_blocks.disclaimer.body`` ...).

website offers them to every template, cached under the blocks' content tag (website/site_blocks.py);
a staff preview reads them here, uncached, with the draft in place of its live block.
"""

from django.utils.translation import get_language

from pages.models import Block


def read_blocks(language: str | None = None) -> dict[str, dict[str, str]]:
    """Return the live blocks' texts by kind in the language (the reader's by default), in one query.

    A kind with no live block in that language is missing, so the template shows its built-in text, translated:
    an English block's words never appear on a Spanish page.
    """
    rows = Block.objects.live(language or get_language()).values_list("kind", "heading", "body")
    return {kind: {"heading": heading, "body": body} for kind, heading, body in rows}
