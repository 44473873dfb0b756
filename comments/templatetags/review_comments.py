"""The comments panel of an admin change page, as an inclusion tag so the editorial template needs one line."""

from itertools import groupby

from django import template

from comments.forms import CommentForm, ReplyForm
from comments.models import Comment, may_comment, targets

register = template.Library()


@register.inclusion_tag("comments/admin/panel.html", takes_context=True)
def comments_panel(context, page):
    """Show the page's comment threads grouped by the part of the draft they are about, open ones first."""
    user = context["request"].user
    threads = list(
        Comment.objects.for_page(page).threads().select_related("user", "resolved_by").prefetch_related("replies__user")
    )
    open_threads = [thread for thread in threads if thread.resolved_at is None]
    order = {key: index for index, (key, _) in enumerate(targets(page))}
    open_threads.sort(key=lambda thread: (order.get(thread.target, len(order)), thread.created_at))
    groups = [(key, list(items)) for key, items in groupby(open_threads, key=lambda thread: thread.target)]
    return {
        "page": page,
        "groups": groups,
        "open_count": len(open_threads),
        "resolved": [thread for thread in threads if thread.resolved_at is not None],
        "can_comment": may_comment(page, user),
        "form": CommentForm(targets=targets(page), auto_id="id_comment_%s"),
        "reply_form": ReplyForm(auto_id=False),
        "current_fingerprint": page.draft_fingerprint,
        "csrf_token": context.get("csrf_token"),
        "content_type_id": page.content_type.pk,
    }
