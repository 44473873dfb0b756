"""Site pages and blocks in the admin, as each role uses it: editing, reviewing and publishing with a note."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from editorial import workflow
from editorial.models import LiveStatus, ReviewState, Revision
from tests import factories
from tests.pages.conftest import text_of

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    return reverse(f"admin:pages_{obj._meta.model_name}_change", args=[obj.pk])


def signed_in(user) -> Client:
    client = Client()
    factories.login_staff(client, user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_crisis_panel_change_goes_from_writer_to_medical_reviewer_to_editor_and_then_shows_everywhere(client):
    writer, reviewer, editor = factories.make_writer(), factories.make_reviewer(), factories.make_editor()
    block = factories.make_block(kind="help_panel", body="<ul><li>Call or text 988.</li></ul>", user=writer)

    # The writer edits in the admin and sends it for review in one press.
    as_writer = signed_in(writer)
    data = factories.admin_change_data(
        as_writer.get(change_url(block)),
        body="<ul><li>Call or text 988, day or night.</li></ul>",
        **{"review-action": "submit"},
    )
    as_writer.post(change_url(block), data)
    block.refresh_from_db()
    assert block.review_state == ReviewState.IN_REVIEW

    # An editor may not approve medical text; a licensed reviewer may.
    as_editor = signed_in(editor)
    response = as_editor.get(change_url(block))
    assert "approve" not in [name for name, _, _ in response.context["buttons"]]
    workflow_url = reverse("admin:pages_block_workflow", args=[block.pk])
    refused = as_editor.post(workflow_url, {"action": "approve", "fingerprint": block.draft_fingerprint})
    assert messages_of(refused) == ["Only a medical reviewer with a current licence can review content."]
    signed_in(reviewer).post(workflow_url, {"action": "approve", "fingerprint": block.draft_fingerprint})
    block.refresh_from_db()
    assert block.review_state == ReviewState.APPROVED

    # The writer cannot publish; the editor can, from the change form.
    assert "publish" not in workflow.available_actions(block, writer)
    data = factories.admin_change_data(as_editor.get(change_url(block)), **{"review-action": "publish"})
    as_editor.post(change_url(block), data)
    block.refresh_from_db()
    assert block.live_status == LiveStatus.LIVE

    for path in ("/", "/articles/", "/conditions/", "/contact/", "/corrections/"):
        assert "Call or text 988, day or night." in text_of(client.get(path)), path


def test_an_editor_publishes_with_a_note_for_readers_from_the_change_form():
    article = factories.make_live_article()
    article.body = "<p>The usual starting dose is 3.0 mg [1].</p>"
    workflow.save_draft(article, user=factories.make_writer())
    factories.approve_draft(article)
    as_editor = signed_in(factories.make_editor())
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = as_editor.get(url)
    assert 'name="review-public_note"' in page.content.decode()

    data = factories.admin_change_data(
        page,
        **{
            "review-action": "publish",
            "review-public_note": "Corrected the LDN starting dose.",
            "review-note_kind": "correction",
        },
    )
    as_editor.post(url, data)

    revision = Revision.objects.filter(object_id=article.pk, content_type=article.content_type).first()
    assert (revision.number, revision.public_note, revision.note_kind) == (
        2,
        "Corrected the LDN starting dose.",
        "correction",
    )


def test_a_note_for_readers_without_its_kind_publishes_nothing_and_says_why():
    article = factories.make_article()
    factories.approve_draft(article)
    as_editor = signed_in(factories.make_editor())
    url = reverse("admin:articles_article_change", args=[article.pk])

    data = factories.admin_change_data(
        as_editor.get(url), **{"review-action": "publish", "review-public_note": "Corrected the dose."}
    )
    response = as_editor.post(url, data)

    article.refresh_from_db()
    assert article.live_status == LiveStatus.NONE
    assert any("correction or an update" in message for message in messages_of(response))


def test_the_publish_note_fields_are_shown_only_to_whoever_may_publish():
    article = factories.make_article()
    factories.approve_draft(article)

    for user, shown in (
        (factories.make_writer(), False),
        (factories.make_reviewer(), False),
        (factories.make_editor(), True),
    ):
        page = signed_in(user).get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
        assert ("public_note" in page) is shown, user


def test_only_editors_may_say_whether_a_site_page_makes_medical_claims():
    writer = factories.make_writer()
    page = factories.make_site_page(kind="about", makes_medical_claims=True, user=writer)
    as_writer = signed_in(writer)

    form = as_writer.get(change_url(page))
    assert "makes_medical_claims" not in form.context["adminform"].form.fields
    data = factories.admin_change_data(form, summary="New summary.")
    data.pop("makes_medical_claims", None)
    as_writer.post(change_url(page), {**data, "makes_medical_claims": ""})
    page.refresh_from_db()
    assert page.makes_medical_claims is True and page.apply_draft().summary == "New summary."

    as_editor = signed_in(factories.make_editor())
    form = as_editor.get(change_url(page))
    assert "makes_medical_claims" in form.context["adminform"].form.fields
    data = factories.admin_change_data(form)
    data.pop("makes_medical_claims")
    as_editor.post(change_url(page), data)
    page.refresh_from_db()
    assert page.makes_medical_claims is False


# Who may approve what, through the admin's workflow view ---------------------------------------------

ROLES = ("writer", "reviewer", "editor")
APPROVERS = {
    ("block", "disclaimer"): {"reviewer"},
    ("block", "help_panel"): {"reviewer"},
    ("block", "contact_cta"): {"editor"},
    ("block", "header_strip"): {"editor"},
    ("page", "medical"): {"reviewer"},
    ("page", "not medical"): {"editor"},
}


def in_review(model: str, variant: str):
    if model == "block":
        obj = factories.make_block(kind=variant)
    else:
        obj = factories.make_site_page(kind="about", makes_medical_claims=variant == "medical")
    return workflow.submit(obj, user=obj.draft_updated_by)


@pytest.mark.parametrize(("model", "variant"), list(APPROVERS))
@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix_of_approving_site_pages_and_blocks(model, variant, role):
    obj = in_review(model, variant)
    user = {"writer": factories.make_writer, "reviewer": factories.make_reviewer, "editor": factories.make_editor}[
        role
    ]()
    allowed = role in APPROVERS[(model, variant)]
    assert ("approve" in workflow.available_actions(obj, user)) is allowed

    url = reverse(f"admin:pages_{obj._meta.model_name}_workflow", args=[obj.pk])
    signed_in(user).post(url, {"action": "approve", "fingerprint": obj.draft_fingerprint})

    obj.refresh_from_db()
    assert (obj.review_state == ReviewState.APPROVED) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix_of_publishing_a_site_page_with_a_note(role):
    page = factories.make_site_page(kind="about", makes_medical_claims=False)
    factories.approve_as(page, factories.make_editor())
    user = {"writer": factories.make_writer, "reviewer": factories.make_reviewer, "editor": factories.make_editor}[
        role
    ]()

    url = reverse("admin:pages_sitepage_workflow", args=[page.pk])
    signed_in(user).post(url, {"action": "publish", "public_note": "Clearer wording.", "note_kind": "update"})

    page.refresh_from_db()
    assert page.is_live is (role == "editor")
    notes = Revision.objects.filter(object_id=page.pk, content_type=page.content_type).values_list(
        "public_note", flat=True
    )
    assert list(notes) == (["Clearer wording."] if role == "editor" else [])


def test_blocks_take_no_note_for_readers_as_they_have_no_page_to_show_it_on():
    block = factories.make_block(kind="contact_cta")
    factories.approve_as(block, factories.make_editor())

    response = signed_in(factories.make_editor()).get(change_url(block))

    assert "publish" in [name for name, _, _ in response.context["buttons"]]
    assert "public_note" not in response.content.decode()
    assert "Cite a source" not in response.content.decode()


def test_a_visitor_and_a_password_only_session_cannot_reach_the_pages_admin():
    page = factories.make_site_page()
    url = change_url(page)

    assert Client().get(url).status_code == 302
    password_only = Client()
    password_only.force_login(factories.make_editor())
    assert password_only.get(url).status_code in (302, 403)


def test_drafts_without_medical_claims_wait_in_the_editors_queue_not_the_medical_reviewers(client):
    for obj in (
        factories.make_site_page(kind="about", title="About draft", makes_medical_claims=False),
        factories.make_block(kind="contact_cta", heading="CTA draft"),
        factories.make_block(kind="disclaimer", heading="Disclaimer draft"),
    ):
        workflow.submit(obj, user=obj.draft_updated_by)

    def queues_of(user):
        response = signed_in(user).get(reverse("admin:index"))
        return {card.title: [item.obj.title_text for item in card.items] for card in response.context["cards"]}

    assert queues_of(factories.make_reviewer())["Waiting for my medical review"] == ["Disclaimer draft"]
    editors = queues_of(factories.make_editor())["Waiting for an editor's review"]
    assert sorted(editors) == ["About draft", "CTA draft"]
