"""Share links: the public page an outside reviewer opens, and the staff views that make and revoke links."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from comments.models import add_comment, targets
from comments.views import panel_url, reviewed_page
from editorial.drafts import Draft
from editorial.models import ReviewedContent
from jobs.delivery import enqueue
from sharing.forms import GuestCommentForm, ShareLinkForm
from sharing.models import (
    MAX_COMMENTS_PER_LINK,
    ShareLink,
    ShareLinkUse,
    SharingError,
    create_link,
    hash_token,
    may_share,
    revoke,
)
from sharing.tasks import mail_outside_comment

# The session key under which a new link's token waits to be shown once on the change page.
NEW_LINK_SESSION_KEY = "sharing:new-token"
# Why a comment was not stored when the link itself still works: it has brought as many as it accepts.
FULL = "full"


def private(response):
    """Keep a shared page out of search engines, and its secret address out of other sites' Referer headers.

    "same-origin", not "no-referrer": with no referrer at all browsers send ``Origin: null`` on the comment
    form's POST, which Django's CSRF check rightly refuses.
    """
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _log(request, link: ShareLink, outcome: str, detail: str = "") -> None:
    ShareLinkUse.objects.create(
        link=link, address=request.META.get("REMOTE_ADDR") or None, outcome=outcome, detail=detail
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def shared_draft(request, token):
    """Show the shared draft as visitors would see it, with a "not published" banner and a comment form."""
    # The link, its content type and how many comments it has brought, in one query: the page's budget is 8.
    links = ShareLink.objects.select_related("content_type").annotate(
        comments_left=Count("uses", filter=Q(uses__outcome=ShareLinkUse.Outcome.COMMENTED))
    )
    link = get_object_or_404(links, token_hash=hash_token(token))
    # A share link is made for a reviewed page; model_class() is None once the page's app is gone.
    model = cast(type[ReviewedContent] | None, link.content_type.model_class())
    page = model.objects.filter(pk=link.object_id).first() if model else None
    refusal = link.refusal(page)
    if refusal or model is None or page is None:  # no page is always a refusal (GONE)
        return _gone(request, link, refusal)
    choices = targets(page)
    form = GuestCommentForm(request.POST or None, targets=choices)
    full = link.comments_left >= MAX_COMMENTS_PER_LINK  # type: ignore[attr-defined]  # annotated on `links` above
    if request.method == "POST" and not full and form.is_valid():
        refusal = _store_comment(request, link, model, form.cleaned_data)
        if not refusal:
            return redirect(reverse("sharing:draft", args=[token]) + "?sent=1#comment")
        if refusal != FULL:
            return _gone(request, link, refusal)
        full = True
    _log(request, link, ShareLinkUse.Outcome.SHOWN)
    opts = model._meta
    context = {
        str(opts.model_name): Draft(page),
        "object": Draft(page),
        "preview": True,
        "shared": link,
        "comment_form": form,
        "comments_full": full,
        "comment_sent": request.GET.get("sent") == "1",
    }
    template = f"{opts.app_label}/{opts.model_name}_detail.html"
    return private(
        TemplateResponse(request, template, context, status=429 if full and request.method == "POST" else 200)
    )


def _gone(request, link: ShareLink, refusal: str):
    """Answer 410 with a page saying why the link no longer works, and log the refused use."""
    _log(request, link, ShareLinkUse.Outcome.REFUSED, refusal)
    context = {"reason": ShareLink.Refusal(refusal).label, "noindex": True}
    return private(TemplateResponse(request, "sharing/gone.html", context, status=410))


def _store_comment(request, link: ShareLink, model, data: dict) -> str:
    """Store an outside comment with its use and its mail, under the link's row lock; return "" or why not.

    The checks above ran unlocked, so they are made again on the locked row: concurrent posts then count
    and store one at a time (the bound holds), and revoke(), which locks the same row, commits either
    before a post's check (refused) or after its comment (stored before the link was withdrawn).
    """
    with transaction.atomic():  # the comment, its log entry and its mail to the team, or none of them
        link = ShareLink.objects.select_for_update().get(pk=link.pk)
        page = model.objects.filter(pk=link.object_id).first()
        refusal = link.refusal(page)
        if refusal:
            return refusal
        if link.uses.filter(outcome=ShareLinkUse.Outcome.COMMENTED).count() >= MAX_COMMENTS_PER_LINK:
            return FULL
        comment = add_comment(page, text=data["text"], target=data["target"], guest_name=data["name"])
        _log(request, link, ShareLinkUse.Outcome.COMMENTED)
        enqueue(mail_outside_comment, link.pk, comment.pk)
    return ""


@require_POST
def create(request, content_type_id, object_id):
    """Make a share link for the page's current draft and show its address once, on the change page."""
    page = reviewed_page(content_type_id, object_id)
    if not may_share(page, request.user):
        raise PermissionDenied
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"No link was made: {form.error_text()}")
        return redirect(panel_url(page, "share-links"))
    try:
        link, token = create_link(page, user=request.user, **form.cleaned_data)
    except SharingError as error:
        messages.error(request, f"No link was made: {error}")
    else:
        request.session[NEW_LINK_SESSION_KEY] = {"link": link.pk, "token": token}
        messages.success(request, "Share link made. Copy it now: it is shown only once.")
    return redirect(panel_url(page, "share-links"))


@require_POST
def revoke_link(request, pk):
    """Withdraw a share link; it answers 410 from now on."""
    link = get_object_or_404(ShareLink, pk=pk)
    page = reviewed_page(link.content_type_id, link.object_id)
    if not may_share(page, request.user):
        raise PermissionDenied
    revoke(link, user=request.user)
    messages.success(request, "Share link revoked. Anyone opening it now is told it was withdrawn.")
    return redirect(panel_url(page, "share-links"))
