"""The article admin: staff edit the working draft, and visitors keep the live article until an editor publishes."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.models import ReviewEvent, ReviewState
from tests import factories

pytestmark = pytest.mark.django_db


def post_button(client, article, action, **data):
    return client.post(reverse("admin:articles_article_workflow", args=[article.pk]), {"action": action, **data})


def test_editing_a_live_article_in_the_admin_leaves_the_public_page_alone_until_published(client):
    article = factories.make_live_article(title="Naltrexone", body="<p>Published text.</p>")
    writer, reviewer, editor = factories.make_writer(), factories.make_reviewer(), factories.make_editor()
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    factories.login_staff(client, writer)

    client.post(change_url, factories.admin_change_data(client.get(change_url), body="<p>Revised text.</p>"))
    post_button(client, article, "submit")
    factories.login_staff(client, reviewer)
    article.refresh_from_db()
    post_button(client, article, "approve", fingerprint=article.draft_fingerprint)
    client.logout()

    assert "Published text." in client.get(article.get_absolute_url()).content.decode()

    factories.login_staff(client, editor)
    post_button(client, article, "publish")
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Revised text." in page and "Published text." not in page
    assert reviewer.contributor.display_name in page


def test_article_change_form_shows_the_draft_not_the_live_columns(client):
    article = factories.make_live_article(title="Live title")
    article.title = "Draft title"
    workflow.save_draft(article, user=factories.make_writer())
    factories.login_staff(client, factories.make_writer())

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.context["adminform"].form["title"].value() == "Draft title"
    assert Article.objects.get(pk=article.pk).title == "Live title"


def test_article_list_has_review_filters_and_topic(client):
    factories.make_reviewer(), factories.make_topic()
    factories.login_staff(client, factories.make_editor())

    response = client.get(reverse("admin:articles_article_changelist"))

    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert titles == [
        "language",
        "translation",
        "review state",
        "live status",
        "medical reviewer",
        "medical review due",
        "who worked on it",  # this and the next three: the dashboard cards' sets (editorial/dashboard.py)
        "who approves it",
        "schedule",
        "activity",
        "topic",
    ]


def test_saving_an_approved_article_through_the_admin_voids_the_approval(client):
    article = factories.make_article()
    factories.approve_draft(article)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    factories.login_staff(client, factories.make_writer())

    client.post(change_url, factories.admin_change_data(client.get(change_url), summary="A late edit."))

    assert Article.objects.get(pk=article.pk).review_state == ReviewState.DRAFT


def test_key_takeaways_are_reviewed_in_the_draft_and_its_diff_before_visitors_see_them(client):
    article = factories.make_live_article(key_takeaways="Old point.")
    writer, reviewer, editor = factories.make_writer(), factories.make_reviewer(), factories.make_editor()
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    factories.login_staff(client, writer)

    client.post(change_url, factories.admin_change_data(client.get(change_url), key_takeaways="New point."))

    article.refresh_from_db()
    assert article.draft["fields"]["key_takeaways"] == "New point."
    assert article.key_takeaways == "Old point."
    change_page = client.get(change_url).content.decode()
    diff = change_page[change_page.index('<div class="diff-field">') :]
    assert "<h3>Key takeaways</h3>" in diff and "New point." in diff
    client.logout()
    assert "Old point." in client.get(article.get_absolute_url()).content.decode()

    factories.login_staff(client, writer)
    post_button(client, article, "submit")
    factories.login_staff(client, reviewer)
    article.refresh_from_db()
    post_button(client, article, "approve", fingerprint=article.draft_fingerprint)
    factories.login_staff(client, editor)
    post_button(client, article, "publish")
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "New point." in page and "Old point." not in page


# A body as the WordPress importer stores it, and the same body as CKEditor 5 posts it back untouched.
IMPORTED_BODY = (
    "<p>Low-dose naltrexone is taken at a fraction of the usual dose.<br>\nIt is prescribed off-label.</p>\n"
    '<figure><img width="300" height="200" src="/media/p.jpg" alt="Tablets">\n'
    "<figcaption>As dispensed</figcaption>\n</figure>\n<h2>Who prescribes it</h2>\n"
    "<p>Doctors prescribe it for <b>fibromyalgia</b>.</p>\n\n<p>&nbsp;</p>\n<ul>\n<li><p>Start at 1.5 mg [1]</p></li>\n</ul>"
)
EDITOR_BODY = (
    "<p>Low-dose naltrexone is taken at a fraction of the usual dose.<br>It is prescribed off-label.</p>"
    '<figure class="image"><img src="/media/p.jpg" alt="Tablets" width="300" height="200">'
    "<figcaption>As dispensed</figcaption></figure><h2>Who prescribes it</h2>"
    "<p>Doctors prescribe it for <strong>fibromyalgia</strong>.</p><ul><li>Start at 1.5 mg [1]</li></ul>"
)


def edit_events(article) -> int:
    return ReviewEvent.objects.filter(
        content_type=article.content_type, object_id=article.pk, action=ReviewEvent.Action.EDIT
    ).count()


def approved_import():
    article = factories.make_article(body=IMPORTED_BODY, summary="What it is.\nWho takes it.")
    return factories.approve_draft(article)


def test_saving_the_editors_re_serialisation_of_an_approved_body_records_no_edit_and_keeps_the_approval(client):
    article = approved_import()
    approved, edits = article.approved_fingerprint, edit_events(article)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    factories.login_staff(client, factories.make_editor())

    data = factories.admin_change_data(client.get(change_url), body=EDITOR_BODY, summary="What it is.\r\nWho takes it.")
    response = client.post(change_url, data)

    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.review_state == ReviewState.APPROVED
    assert stored.approved_fingerprint == approved == stored.draft_fingerprint
    assert stored.draft["fields"]["body"] == article.draft["fields"]["body"]  # the approved bytes, kept
    assert edit_events(article) == edits


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("fibromyalgia", "migraine"),  # a changed word
        ("1.5 mg", "4.5 mg"),  # a changed dose
        ('src="/media/p.jpg"', 'src="/media/q.jpg"'),  # a changed image
    ],
)
def test_a_real_change_in_the_re_serialised_body_records_an_edit_and_voids_the_approval(client, old, new):
    article = approved_import()
    edits = edit_events(article)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    factories.login_staff(client, factories.make_editor())

    client.post(change_url, factories.admin_change_data(client.get(change_url), body=EDITOR_BODY.replace(old, new)))

    stored = Article.objects.get(pk=article.pk)
    assert stored.review_state == ReviewState.DRAFT
    assert new in stored.draft["fields"]["body"]
    assert edit_events(article) == edits + 1
