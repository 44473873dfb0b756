"""The share-links panel of an admin change page, as an inclusion tag so the editorial template needs one line."""

from django import template
from django.urls import reverse

from sharing.forms import ShareLinkForm
from sharing.models import ShareLink, may_share
from sharing.views import NEW_LINK_SESSION_KEY

register = template.Library()


@register.inclusion_tag("sharing/admin/panel.html", takes_context=True)
def share_links_panel(context, page):
    """List the page's share links; to writers and editors, offer a new one and show a new link's address once."""
    request = context["request"]
    if not may_share(page, request.user):
        return {"shown": False}
    links = list(
        ShareLink.objects.filter(content_type=page.content_type, object_id=page.pk)
        .select_related("created_by", "revoked_by")
        .prefetch_related("uses")[:20]
    )
    new = request.session.pop(NEW_LINK_SESSION_KEY, None)
    new_url = request.build_absolute_uri(reverse("sharing:draft", args=[new["token"]])) if new else ""
    return {
        "shown": True,
        "page": page,
        "links": [(link, link.refusal(page)) for link in links],
        "new_link": new["link"] if new else None,
        "new_url": new_url,
        "form": ShareLinkForm(auto_id="id_share_%s"),
        "csrf_token": context.get("csrf_token"),
        "content_type_id": page.content_type.pk,
    }
