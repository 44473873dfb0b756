"""What the workflow's screens read of review comments, supplied by the comments app at start-up.

A comment is about a ``ReviewedContent``, so comments sits above editorial and editorial may not import it
(docs/architecture.md, "Layers"). Yet the staff queues count each page's open threads and the request-changes
form lists them: ``CommentsConfig.ready`` registers its answers here, as a plug-in registers with its host.
Until it has (comments not installed), no page has open comments.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editorial.models import ReviewedContent


@dataclass(frozen=True)
class CommentSource:
    # By page id, how many threads are open on these pages of one model (one query).
    open_counts: Callable[[list["ReviewedContent"]], dict[tuple[int, int], int]]
    # The page's open threads as (id, label) choices.
    open_threads: Callable[["ReviewedContent"], list[tuple[int, str]]]
    # The page's open comments among these ids, each quoted for a note.
    quoted: Callable[["ReviewedContent", list[int]], list[str]]


NO_COMMENTS = CommentSource(open_counts=lambda pages: {}, open_threads=lambda page: [], quoted=lambda page, ids: [])
registered: list[CommentSource] = []


def register(source: CommentSource) -> None:
    """Make ``source`` the one editorial reads (a second registration replaces the first)."""
    registered[:] = [source]


def source() -> CommentSource:
    return registered[0] if registered else NO_COMMENTS
