"""Every workflow action x every role x every state: through available_actions and through the admin's HTTP POSTs.

The table below is the specification; both paths must agree with it. A refused POST
must leave the page exactly as it was; an allowed one must have its effect.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import LiveStatus, ReviewEvent, ReviewState, Revision
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "writer", "reviewer", "expired_reviewer", "editor", "intake", "superuser")
STATES = (
    "draft",
    "in_review",
    "changes_requested",
    "approved",
    "scheduled",
    "live",
    "live_with_draft",
    "live_with_approved_draft",
    "unpublished",
)

NOTHING = dict.fromkeys(STATES, "")
# Editors (and superusers, who count as members of every group but hold no licensed reviewer profile).
EDITOR = {
    "draft": "save_draft submit",
    "in_review": "save_draft",
    "changes_requested": "save_draft submit",
    "approved": "save_draft publish",
    "scheduled": "save_draft publish unpublish cancel_schedule",
    "live": "save_draft submit unpublish",
    "live_with_draft": "save_draft submit unpublish",
    "live_with_approved_draft": "save_draft publish unpublish",
    "unpublished": "save_draft submit",
}
EXPECTED = {
    "anonymous": NOTHING,
    "intake": NOTHING,
    "expired_reviewer": NOTHING,
    "reviewer": {**NOTHING, "in_review": "approve request_changes"},
    "writer": {
        "draft": "save_draft submit",
        "in_review": "save_draft",
        "changes_requested": "save_draft submit",
        "approved": "save_draft",
        "scheduled": "save_draft",
        "live": "save_draft submit",
        "live_with_draft": "save_draft submit",
        "live_with_approved_draft": "save_draft",
        "unpublished": "save_draft submit",
    },
    "editor": EDITOR,
    "superuser": EDITOR,
}


def make_role(role):
    if role == "anonymous":
        return None
    if role == "expired_reviewer":
        return factories.make_reviewer(licence_expiry=timezone.localdate() - datetime.timedelta(days=1))
    if role == "superuser":
        return factories.make_user(is_superuser=True)
    return {
        "writer": factories.make_writer,
        "reviewer": factories.make_reviewer,
        "editor": factories.make_editor,
        "intake": factories.make_intake,
    }[role]()


def make_state(state) -> Article:
    """Return an article in ``state``, written, reviewed and published by people other than the role under test."""
    if state.startswith("live") or state == "unpublished":
        article = factories.make_live_article()
        if state == "unpublished":
            workflow.unpublish(article, user=factories.make_editor())
        if state in ("live_with_draft", "live_with_approved_draft"):
            article.summary = "A pending change to the live page."
            workflow.save_draft(article, user=factories.make_writer())
        if state == "live_with_approved_draft":
            factories.approve_draft(article)
        return article
    article = factories.make_article()
    if state in ("in_review", "changes_requested"):
        workflow.submit(article, user=article.draft_updated_by)
    if state == "changes_requested":
        workflow.request_changes(article, user=factories.make_reviewer(), note="Cite a source.")
    if state in ("approved", "scheduled"):
        factories.approve_draft(article)
    if state == "scheduled":
        workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(days=1))
    return article


CASES = [(role, state) for role in ROLES for state in STATES]


@pytest.mark.parametrize(("role", "state"), CASES)
def test_available_actions_match_the_authorization_table(role, state):
    user, article = make_role(role), make_state(state)

    assert workflow.available_actions(article, user) == set(EXPECTED[role][state].split())


# Through the admin ----------------------------------------------------------------------------

# Each button the admin posts, and the workflow action that must allow it.
BUTTONS = {
    "submit": "submit",
    "approve": "approve",
    "request_changes": "request_changes",
    "publish": "publish",
    "schedule": "publish",
    "unpublish": "unpublish",
    "schedule_unpublish": "unpublish",
    "schedule_cancelled": "cancel_schedule",
}
SCHEDULING = ("schedule", "schedule_unpublish")


def allowed_buttons(role, state) -> list[str]:
    actions = EXPECTED[role][state].split()
    allowed = [button for button, action in BUTTONS.items() if action in actions]
    # "Unpublish now" needs a live page: a page only scheduled to go live can be given an end time instead.
    return [button for button in allowed if button != "unpublish" or state.startswith("live")]


TOMORROW = "2099-01-01T09:00"


def took_effect(button, article) -> bool:
    return {
        "submit": article.review_state == ReviewState.IN_REVIEW,
        "approve": article.review_state == ReviewState.APPROVED,
        "request_changes": article.review_state == ReviewState.CHANGES_REQUESTED,
        "publish": article.live_status == LiveStatus.LIVE and article.review_state == ReviewState.PUBLISHED,
        "schedule": article.publish_at is not None and article.publish_at.year == 2099,
        "unpublish": article.live_status != LiveStatus.LIVE and article.publish_at is None,
        "schedule_unpublish": article.unpublish_at is not None and article.unpublish_at.year == 2099,
        "schedule_cancelled": article.publish_at is None and article.review_state == ReviewState.APPROVED,
    }[button]


def state_of(article) -> tuple:
    article.refresh_from_db()
    events = ReviewEvent.objects.filter(content_type=article.content_type, object_id=article.pk).count()
    return (article.review_state, article.live_status, article.publish_at, article.unpublish_at, article.draft, events)


def client_for(client, user):
    if user is not None:
        factories.login_staff(client, user)
    return client


def post_button(client, article, button):
    data = {"action": button, "note": "Checked against the FDA label.", "fingerprint": article.draft_fingerprint}
    if button in SCHEDULING:
        data["when"] = TOMORROW
    return client.post(reverse("admin:articles_article_workflow", args=[article.pk]), data)


@pytest.mark.parametrize(("role", "state"), CASES)
def test_admin_workflow_buttons_obey_the_authorization_table(client, role, state):
    user = make_role(role)
    client = client_for(client, user)
    allowed = allowed_buttons(role, state)
    refused = [button for button in BUTTONS if button not in allowed]

    # Refused buttons change nothing, so they can all be tried on one page.
    article = make_state(state)
    before = state_of(article)
    for button in refused:
        response = post_button(client, article, button)
        assert state_of(article) == before, f"{button} was refused but changed the page"
        assert response.status_code in (302, 403), button
        if role == "anonymous":
            assert response["Location"].startswith(reverse("admin:login"))
    for button in allowed:
        article = make_state(state)
        response = post_button(client, article, button)
        state_of(article)
        assert took_effect(button, article), f"{button} was allowed but had no effect ({response.status_code})"


@pytest.mark.parametrize(("role", "state"), CASES)
def test_admin_change_form_saves_the_draft_only_for_those_allowed_to_edit(client, admin_client, role, state):
    user, article = make_role(role), make_state(state)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    data = factories.admin_change_data(admin_client.get(change_url), summary="Edited through the admin.")
    allowed = "save_draft" in EXPECTED[role][state].split()
    before = state_of(article)

    response = client_for(client, user).post(change_url, data)

    if allowed:
        assert response.status_code == 302, response.context and response.context["adminform"].form.errors
        article.refresh_from_db()
        assert article.draft["fields"]["summary"] == "Edited through the admin."
    else:
        assert response.status_code in (302, 403)
        assert state_of(article) == before


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_a_password_only_session_reaches_no_admin_page_nor_preview_nor_upload(client, role):
    """The two-factor gate: with the password alone every staff view is closed, whatever the role."""
    from django.apps import apps
    from django.contrib import admin

    user, article = make_role(role), make_state("live_with_draft")
    factories.make_totp_device(user)
    client.force_login(user)  # a password sign-in without the second step
    pages = ["/admin/", "/admin/password_change/", reverse("articles:preview", args=[article.pk])]
    for model in filter(admin.site.is_registered, apps.get_models()):
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    pages.append(reverse("admin:articles_article_change", args=[article.pk]))
    before = state_of(article)

    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/sign-in/verify/"), url
    for url, data in [
        (reverse("admin:articles_article_workflow", args=[article.pk]), {"action": "publish"}),
        (reverse("ck_editor_5_upload_file"), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert state_of(article) == before


# Four eyes at re-review -----------------------------------------------------------------------


def assert_approve_button_refused(client, user, article) -> None:
    """Post the Approve button as ``user`` through the admin and check that nothing changed."""
    before = state_of(article)
    response = client_for(client, user).post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"action": "approve", "fingerprint": article.draft_fingerprint},
    )
    assert response.status_code == 302 and state_of(article) == before


def test_whoever_ever_changed_a_page_never_approves_any_of_its_periodic_re_reviews(client):
    writer_reviewer = factories.make_reviewer()
    writer_reviewer.groups.add(*factories.make_writer().groups.all())
    article = factories.make_live_article()  # written, approved and published by other people
    # The reviewer changes the live page, then takes the change back: the page is unchanged again.
    article.summary = "A change the reviewer made and took back."
    workflow.save_draft(article, user=writer_reviewer)
    workflow.restore(article, Revision.objects.get(object_id=article.pk), user=writer_reviewer)
    workflow.submit(article, user=writer_reviewer, note="Periodic review.")
    assert article.draft == Revision.objects.get(object_id=article.pk).snapshot

    assert "approve" not in workflow.available_actions(article, writer_reviewer)
    assert_approve_button_refused(client, writer_reviewer, article)

    second_reviewer = factories.make_reviewer("second-reviewer")
    workflow.approve(article, user=second_reviewer)
    workflow.publish(article, user=factories.make_editor())
    # Their hands are in the page's history: no later periodic review is theirs, the second and third included
    # (the second was once let through, because a cycle without them had been approved by someone else).
    for _ in range(3):
        workflow.submit(article, user=writer_reviewer, note="Periodic review.")
        assert "approve" not in workflow.available_actions(article, writer_reviewer)
        assert_approve_button_refused(client, writer_reviewer, article)
        with pytest.raises(workflow.WorkflowError, match="You edited or restored this content"):
            workflow.approve(article, user=writer_reviewer)
        workflow.approve(article, user=second_reviewer)
        workflow.publish(article, user=factories.make_editor())


def test_the_writer_of_a_published_page_never_approves_its_unchanged_periodic_re_review(client):
    writer_reviewer = factories.make_reviewer("writes-and-reviews")
    writer_reviewer.groups.add(*factories.make_writer().groups.all())
    article = factories.make_article(user=writer_reviewer)  # written by them
    article.summary = "What they wrote."
    workflow.save_draft(article, user=writer_reviewer)
    workflow.submit(article, user=writer_reviewer)
    workflow.approve(article, user=factories.make_reviewer("other-reviewer"))
    workflow.publish(article, user=factories.make_editor())

    workflow.submit(article, user=writer_reviewer, note="Periodic review, nothing changed.")

    assert "approve" not in workflow.available_actions(article, writer_reviewer)
    assert_approve_button_refused(client, writer_reviewer, article)
    with pytest.raises(workflow.WorkflowError, match="another medical reviewer must approve it"):
        workflow.approve(article, user=writer_reviewer)
    assert "approve" in workflow.available_actions(article, factories.make_reviewer("fresh-eyes"))
