"""The live reusable blocks' texts, as templates read them (``site_blocks.disclaimer.body`` ...).

website offers them to every template, cached under the blocks' content tag (website/site_blocks.py);
a staff preview reads them here, uncached, with the draft in place of its live block.
"""

from pages.models import Block


def read_blocks() -> dict[str, dict[str, str]]:
    """Return the live blocks' texts by kind, in one query."""
    return {
        kind: {"heading": heading, "body": body}
        for kind, heading, body in Block.objects.live().values_list("kind", "heading", "body")
    }
