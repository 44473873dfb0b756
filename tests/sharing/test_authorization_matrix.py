"""Who may make and revoke share links, and who may comment, reply and resolve: every role, function and HTTP.

The tables are the specification. A refused POST must leave nothing behind; an allowed one must have its effect.
"""

import pytest
from django.test import Client

from comments.models import Comment, add_comment, may_comment
from sharing.models import ShareLink, create_link, may_share
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "writer", "reviewer", "editor", "intake", "superuser")
MAY_SHARE = {"writer", "editor", "superuser"}
MAY_COMMENT = {"writer", "reviewer", "editor", "superuser"}


def make_role(role):
    if role == "anonymous":
        return None
    if role == "superuser":
        return factories.make_user(is_superuser=True)
    return {
        "writer": factories.make_writer,
        "reviewer": factories.make_reviewer,
        "editor": factories.make_editor,
        "intake": factories.make_intake,
    }[role]()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        factories.login_staff(client, user)
    return client


@pytest.fixture(params=["article", "condition"])
def page(request):
    return factories.make_article() if request.param == "article" else factories.make_condition()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_share(role, page):
    user = make_role(role)

    assert may_share(page, user) is (role in MAY_SHARE)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_comment(role, page):
    user = make_role(role)

    assert may_comment(page, user) is (role in MAY_COMMENT)


@pytest.mark.parametrize("role", ROLES)
def test_making_a_share_link_over_http(role, page):
    client = client_for(make_role(role))

    response = client.post(f"/admin/share-links/{page.content_type.pk}/{page.pk}/", {"days": 7})

    assert ShareLink.objects.exists() is (role in MAY_SHARE)
    if role == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    elif role not in MAY_SHARE:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_revoking_a_share_link_over_http(role, page):
    link, _ = create_link(page, user=factories.make_editor())
    client = client_for(make_role(role))

    client.post(f"/admin/share-links/{link.pk}/revoke/")

    link.refresh_from_db()
    assert (link.revoked_at is not None) is (role in MAY_SHARE)


@pytest.mark.parametrize("role", ROLES)
def test_commenting_over_http(role, page):
    client = client_for(make_role(role))

    response = client.post(f"/admin/review-comments/{page.content_type.pk}/{page.pk}/", {"text": "A remark."})

    assert Comment.objects.exists() is (role in MAY_COMMENT)
    if role == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    elif role not in MAY_COMMENT:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_replying_and_resolving_over_http(role, page):
    thread = add_comment(page, text="Open question.", user=factories.make_reviewer())
    client = client_for(make_role(role))

    client.post(f"/admin/review-comments/{thread.pk}/reply/", {"text": "An answer."})
    client.post(f"/admin/review-comments/{thread.pk}/resolve/")

    thread.refresh_from_db()
    assert thread.replies.exists() is (role in MAY_COMMENT)
    assert (thread.resolved_at is not None) is (role in MAY_COMMENT)


@pytest.mark.parametrize("role", ("writer", "reviewer", "editor", "intake", "superuser"))
def test_share_and_comment_forms_are_offered_only_to_those_allowed(role, page):
    response = client_for(make_role(role)).get(
        f"/admin/{page._meta.app_label}/{page._meta.model_name}/{page.pk}/change/"
    )
    if role == "intake":
        assert response.status_code == 403  # intake staff cannot open the page at all
        return
    html = response.content.decode()

    assert ("Make share link" in html) is (role in MAY_SHARE)
    assert ("Add comment" in html) is (role in MAY_COMMENT)
