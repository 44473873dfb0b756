"""The review rules of docs/architecture.md ("The workflow"), one by one, through editorial.workflow (and the public page where visitors see them)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from editorial import locks, workflow
from editorial.models import LiveStatus, ReviewEvent, ReviewState, Revision
from tests import factories

pytestmark = pytest.mark.django_db


def edit(obj, user, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    return workflow.save_draft(obj, user=user)


def join(user, group_name):
    user.groups.add(Group.objects.get(name=group_name))


def events_of(obj):
    return list(ReviewEvent.objects.filter(object_id=obj.pk, content_type=obj.content_type).order_by("pk"))


# Rule 1: editing a live page never changes what visitors see ------------------------------


def test_editing_live_page_keeps_visitors_on_published_text_until_approved_draft_is_published(client):
    article = factories.make_live_article(title="Naltrexone uses", body="<p>Published wording.</p>")
    writer = factories.make_writer()

    edit(article, writer, body="<p>Draft wording.</p>", title="Naltrexone uses, revised")
    factories.approve_draft(article)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Published wording." in page and "Draft wording." not in page
    assert Article.objects.get(pk=article.pk).title == "Naltrexone uses"

    workflow.publish(article, user=factories.make_editor())
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Draft wording." in page and "Published wording." not in page


def test_editing_live_page_keeps_live_sources_and_relations_until_published():
    condition = factories.make_live_condition(name="Fibromyalgia")
    article = factories.make_live_article(conditions=[condition], sources=[{"title": "FDA labeling"}])

    article.set_relation("conditions", [])
    article.set_sources([{"title": "SAMHSA guide"}])
    workflow.save_draft(article, user=factories.make_writer())

    stored = Article.objects.get(pk=article.pk)
    assert [s.title for s in stored.sources.all()] == ["FDA labeling"]
    assert list(stored.conditions.all()) == [condition]


# Rule 2: an approval is bound to the exact content reviewed --------------------------------


def test_edit_after_approval_voids_it_and_publishing_says_why():
    article = factories.make_article()
    factories.approve_draft(article)

    edit(article, factories.make_writer(), summary="A late change nobody reviewed.")

    assert article.review_state == ReviewState.DRAFT
    with pytest.raises(workflow.WorkflowError, match="changed after it was approved"):
        workflow.publish(article, user=factories.make_editor())
    assert Article.objects.get(pk=article.pk).live_status == LiveStatus.NONE


def test_publish_refuses_draft_whose_stored_content_no_longer_matches_the_approval():
    article = factories.make_article()
    factories.approve_draft(article)
    # A change that bypassed save_draft (a script, a bad migration) must not slip through either.
    Article.objects.filter(pk=article.pk).update(
        draft={**article.draft, "fields": {**article.draft["fields"], "body": "x"}}
    )

    with pytest.raises(workflow.WorkflowError, match="changed after it was approved"):
        workflow.publish(Article.objects.get(pk=article.pk), user=factories.make_editor())


def test_approve_refuses_when_draft_changed_after_reviewer_opened_it():
    article = factories.make_article()
    workflow.submit(article, user=article.draft_updated_by)
    seen = article.draft_fingerprint

    edit(article, article.draft_updated_by, body="<p>Changed while the reviewer was reading.</p>")

    with pytest.raises(workflow.WorkflowError, match="changed while you were reviewing"):
        workflow.approve(article, user=factories.make_reviewer(), seen_fingerprint=seen)
    assert Article.objects.get(pk=article.pk).review_state == ReviewState.IN_REVIEW


def test_approval_records_the_fingerprint_of_the_reviewed_draft():
    article = factories.make_article()
    factories.approve_draft(article)

    assert article.approved_fingerprint == article.draft_fingerprint != ""


def test_scheduled_publication_is_cancelled_when_the_approved_draft_changes():
    article = factories.make_article()
    factories.approve_draft(article)
    workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(days=1))

    edit(article, factories.make_writer(), title="Changed after scheduling")

    assert article.publish_at is None
    assert "Scheduled publication cancelled" in events_of(article)[-1].note


# Rule 3: who may approve --------------------------------------------------------------------


def test_reviewer_with_expired_licence_can_neither_approve_nor_request_changes():
    article = factories.make_article()
    workflow.submit(article, user=article.draft_updated_by)
    expired = factories.make_reviewer(licence_expiry=timezone.localdate() - datetime.timedelta(days=1))

    with pytest.raises(workflow.WorkflowError, match="current licence"):
        workflow.approve(article, user=expired)
    with pytest.raises(workflow.WorkflowError, match="current licence"):
        workflow.request_changes(article, user=expired, note="Fix the dose.")


def test_licence_expiring_today_still_allows_approval():
    article = factories.make_article()
    workflow.submit(article, user=article.draft_updated_by)

    workflow.approve(article, user=factories.make_reviewer(licence_expiry=timezone.localdate()))

    assert article.review_state == ReviewState.APPROVED


def test_licensed_contributor_outside_the_reviewer_group_cannot_approve():
    article = factories.make_article()
    workflow.submit(article, user=article.draft_updated_by)
    editor = factories.make_editor()
    factories.make_contributor(
        is_medical_reviewer=True,
        licence_number="MD-1",
        licence_expiry=timezone.localdate() + datetime.timedelta(days=9),
        user=editor,
    )

    with pytest.raises(workflow.WorkflowError, match="medical reviewer"):
        workflow.approve(article, user=editor)


def test_reviewer_group_member_without_contributor_profile_cannot_approve():
    article = factories.make_article()
    workflow.submit(article, user=article.draft_updated_by)
    member = factories.make_user(groups=(workflow.MEDICAL_REVIEWERS,))

    with pytest.raises(workflow.WorkflowError, match="current licence"):
        workflow.approve(article, user=member)


def test_reviewer_who_edited_the_draft_in_this_cycle_cannot_approve_it():
    reviewer = factories.make_reviewer()
    join(reviewer, workflow.WRITERS)
    article = factories.make_article()
    edit(article, reviewer, body="<p>The reviewer fixed a dose.</p>")
    workflow.submit(article, user=article.draft_updated_by)

    with pytest.raises(workflow.WorkflowError, match="You edited or restored this content"):
        workflow.approve(article, user=reviewer)
    workflow.request_changes(article, user=reviewer, note="Another reviewer must approve my fix.")
    assert article.review_state == ReviewState.CHANGES_REQUESTED


def test_superuser_who_edited_the_draft_cannot_approve_it_even_with_a_licence():
    admin = factories.make_user(is_superuser=True)
    factories.make_contributor(
        is_medical_reviewer=True,
        licence_number="MD-2",
        licence_expiry=timezone.localdate() + datetime.timedelta(days=9),
        user=admin,
    )
    article = factories.make_article(user=admin)
    workflow.submit(article, user=admin)

    assert "approve" not in workflow.available_actions(article, admin)
    with pytest.raises(workflow.WorkflowError, match="You edited or restored this content"):
        workflow.approve(article, user=admin)


def test_reviewer_who_restored_a_revision_cannot_approve_that_draft():
    reviewer = factories.make_reviewer()
    join(reviewer, workflow.EDITORS)
    article = factories.make_live_article(body="<p>First.</p>")
    edit(article, factories.make_writer(), body="<p>Second.</p>")
    factories.publish(article)

    workflow.restore(article, Revision.objects.get(object_id=article.pk, number=1), user=reviewer)
    workflow.submit(article, user=reviewer)

    with pytest.raises(workflow.WorkflowError, match="You edited or restored this content"):
        workflow.approve(article, user=reviewer)


def test_edits_from_an_earlier_published_cycle_still_stop_a_reviewer_approving_a_later_one():
    reviewer = factories.make_reviewer()
    join(reviewer, workflow.WRITERS)
    article = factories.make_article(user=reviewer)
    factories.publish(article)
    edit(article, factories.make_writer(), body="<p>New cycle, someone else's edit.</p>")
    workflow.submit(article, user=article.draft_updated_by)

    # The new version still carries what they wrote in the first: their words are never theirs to approve.
    assert "approve" not in workflow.available_actions(article, reviewer)
    with pytest.raises(workflow.WorkflowError, match="You edited or restored this content"):
        workflow.approve(article, user=reviewer)
    workflow.approve(article, user=factories.make_reviewer())
    assert article.review_state == ReviewState.APPROVED


def test_request_changes_needs_a_note_saying_what_to_fix():
    article = factories.make_article()
    workflow.submit(article, user=article.draft_updated_by)

    with pytest.raises(workflow.WorkflowError, match="Say what needs to change"):
        workflow.request_changes(article, user=factories.make_reviewer(), note="  ")


def test_request_changes_refuses_a_writer_for_lack_of_licence_not_for_lack_of_note():
    article = factories.make_article()
    workflow.submit(article, user=article.draft_updated_by)

    with pytest.raises(workflow.WorkflowError, match="current licence"):
        workflow.request_changes(article, user=factories.make_writer(), note="")


# Rule 4: only editors publish, unpublish and schedule, only approved drafts ------------------


def test_editor_cannot_publish_a_draft_still_in_review():
    article = factories.make_article()
    workflow.submit(article, user=article.draft_updated_by)

    with pytest.raises(workflow.WorkflowError, match="Only a medically approved draft"):
        workflow.publish(article, user=factories.make_editor())


@pytest.mark.parametrize("role", ["writer", "reviewer"])
def test_writers_and_reviewers_cannot_publish_schedule_or_unpublish(role):
    user = factories.make_writer() if role == "writer" else factories.make_reviewer()
    approved = factories.make_article()
    factories.approve_draft(approved)
    live = factories.make_live_article()

    with pytest.raises(workflow.WorkflowError, match="Only an editor"):
        workflow.publish(approved, user=user)
    with pytest.raises(workflow.WorkflowError, match="Only an editor"):
        workflow.publish(approved, user=user, at=timezone.now() + datetime.timedelta(hours=1))
    with pytest.raises(workflow.WorkflowError, match="Only an editor"):
        workflow.unpublish(live, user=user, at=timezone.now() + datetime.timedelta(hours=1))
    with pytest.raises(workflow.WorkflowError, match="Only an editor"):
        workflow.unpublish(live, user=user)


def test_publishing_refuses_a_slug_another_page_already_uses():
    factories.make_live_article(slug="naltrexone")
    article = factories.make_live_article(slug="naltrexone-uses")
    edit(article, factories.make_writer(), slug="naltrexone")
    factories.approve_draft(article)

    with pytest.raises(workflow.WorkflowError, match="already uses the address"):
        workflow.publish(article, user=factories.make_editor())


def test_unpublished_page_needs_a_new_review_before_going_live_again():
    article = factories.make_live_article()
    editor = factories.make_editor()

    workflow.unpublish(article, user=editor, note="Outdated guidance.")

    assert not Article.objects.live().filter(pk=article.pk).exists()
    assert "publish" not in workflow.available_actions(article, editor)
    factories.publish(article)
    assert Article.objects.live().filter(pk=article.pk).exists()


# Rule 5: events and revisions ---------------------------------------------------------------


def test_every_transition_writes_an_event_with_who_when_from_to_and_note():
    writer, reviewer, editor = factories.make_writer(), factories.make_reviewer(), factories.make_editor()
    article = factories.make_article(user=writer)
    workflow.submit(article, user=writer, note="Ready.")
    workflow.request_changes(article, user=reviewer, note="Cite the FDA label.")
    edit(article, writer, body="<p>Now cited.</p>")
    workflow.submit(article, user=writer)
    workflow.approve(article, user=reviewer, note="Accurate.")
    workflow.publish(article, user=editor)
    workflow.unpublish(article, user=editor, note="Withdrawn.")

    logged = [(e.action, e.user, e.from_state, e.to_state, e.note) for e in events_of(article)]
    assert logged == [
        ("edit", writer, "draft", "draft", ""),
        ("submit", writer, "draft", "in_review", "Ready."),
        ("request_changes", reviewer, "in_review", "changes_requested", "Cite the FDA label."),
        ("edit", writer, "changes_requested", "changes_requested", ""),
        ("submit", writer, "changes_requested", "in_review", ""),
        ("approve", reviewer, "in_review", "approved", "Accurate."),
        ("publish", editor, "approved", "published", ""),
        ("unpublish", editor, "published", "draft", "Withdrawn."),
    ]
    assert all(e.created_at for e in events_of(article))


def test_refused_transition_writes_no_event_and_changes_nothing():
    article = factories.make_article()
    before = len(events_of(article))

    with pytest.raises(workflow.WorkflowError):
        workflow.publish(article, user=factories.make_editor())

    assert len(events_of(article)) == before
    assert Article.objects.get(pk=article.pk).review_state == ReviewState.DRAFT


def test_every_published_version_is_kept_as_a_numbered_revision():
    reviewer = factories.make_reviewer()
    article = factories.make_live_article(body="<p>One.</p>")
    edit(article, factories.make_writer(), body="<p>Two.</p>")
    factories.publish(article, reviewer=reviewer)

    revisions = Revision.objects.filter(object_id=article.pk, content_type=article.content_type).order_by("number")
    assert [r.number for r in revisions] == [1, 2]
    assert [r.snapshot["fields"]["body"] for r in revisions] == ["<p>One.</p>", "<p>Two.</p>"]
    assert revisions[1].approved_by == reviewer.contributor


def test_restoring_a_revision_makes_it_the_draft_needing_review_and_leaves_the_live_page():
    article = factories.make_live_article(body="<p>One.</p>", sources=[{"title": "Old source"}])
    article.body = "<p>Two.</p>"
    article.set_sources([{"title": "New source"}])
    workflow.save_draft(article, user=factories.make_writer())
    factories.publish(article)
    editor = factories.make_editor()

    workflow.restore(article, Revision.objects.get(object_id=article.pk, number=1), user=editor)

    assert article.review_state == ReviewState.DRAFT
    assert article.draft["fields"]["body"] == "<p>One.</p>"
    assert [s["title"] for s in article.draft["sources"]] == ["Old source"]
    assert Article.objects.get(pk=article.pk).body == "<p>Two.</p>"
    assert "publish" not in workflow.available_actions(article, editor)
    last = events_of(article)[-1]
    assert (last.action, last.user, last.note) == ("restore", editor, "Restored revision 1")


def test_restoring_needs_permission_to_edit():
    article = factories.make_live_article()

    with pytest.raises(workflow.WorkflowError, match="permission to edit"):
        workflow.restore(article, Revision.objects.get(object_id=article.pk), user=factories.make_reviewer())


def test_restoring_a_revision_identical_to_the_draft_says_so():
    article = factories.make_live_article()

    with pytest.raises(workflow.WorkflowError, match="already matches revision 1"):
        workflow.restore(article, Revision.objects.get(object_id=article.pk), user=factories.make_editor())


# Rule 6: the reviewer credit and review-due date ---------------------------------------------


def test_live_page_credits_the_reviewer_of_the_live_content_not_of_a_pending_draft(client):
    first, second = factories.make_reviewer(), factories.make_reviewer()
    article = factories.make_article()
    factories.publish(article, reviewer=first)
    edit(article, factories.make_writer(), body="<p>Pending.</p>")
    factories.approve_draft(article, reviewer=second)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Medically reviewed" in page and first.contributor.display_name in page
    assert second.contributor.display_name not in page


def test_review_date_is_the_approval_date_and_separate_from_last_updated(client):
    article = factories.make_article()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 15, tzinfo=datetime.UTC), tick=False):
        factories.approve_draft(article)
    with time_machine.travel(datetime.datetime(2026, 3, 20, 15, tzinfo=datetime.UTC), tick=False):
        workflow.publish(article, user=factories.make_editor())

    article.refresh_from_db()
    assert article.live_reviewed_at.date() == datetime.date(2026, 3, 2)
    assert article.last_published_at.date() == datetime.date(2026, 3, 20)
    assert article.review_due_at == datetime.date(2027, 3, 2)


def test_review_interval_is_set_per_content_type(settings):
    settings.REVIEW_INTERVAL_MONTHS = {"articles.article": 6, "conditions.condition": 24}
    with time_machine.travel(datetime.datetime(2026, 8, 31, 15, tzinfo=datetime.UTC), tick=False):
        article = factories.make_live_article()
        condition = factories.make_live_condition()

    assert article.review_due_at == datetime.date(2027, 2, 28)
    assert condition.review_due_at == datetime.date(2028, 8, 31)


def test_page_says_its_medical_review_is_due_once_the_interval_has_passed(client):
    with time_machine.travel(datetime.datetime(2026, 1, 10, 15, tzinfo=datetime.UTC), tick=False):
        article = factories.make_live_article()

    with time_machine.travel(datetime.datetime(2027, 1, 9, 15, tzinfo=datetime.UTC), tick=False):
        assert "due for its regular medical review" not in client.get(article.get_absolute_url()).content.decode()
    with time_machine.travel(datetime.datetime(2027, 1, 10, 15, tzinfo=datetime.UTC), tick=False):
        assert "due for its regular medical review" in client.get(article.get_absolute_url()).content.decode()


def test_re_reviewing_an_unchanged_page_moves_its_review_due_date():
    with time_machine.travel(datetime.datetime(2026, 1, 10, 15, tzinfo=datetime.UTC), tick=False):
        article = factories.make_live_article()
    with time_machine.travel(datetime.datetime(2027, 2, 1, 15, tzinfo=datetime.UTC), tick=False):
        assert article.review_is_due
        factories.publish(article)
        assert not article.review_is_due
    assert article.review_due_at == datetime.date(2028, 2, 1)


# Rule 7: schedules ---------------------------------------------------------------------------


def test_scheduled_publication_happens_when_due_without_anyone_acting(client):
    article = factories.make_article(title="Scheduled article")
    factories.approve_draft(article)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC), tick=False):
        workflow.publish(
            article, user=factories.make_editor(), at=datetime.datetime(2026, 5, 2, 9, tzinfo=datetime.UTC)
        )

    with time_machine.travel(datetime.datetime(2026, 5, 2, 8, 59, tzinfo=datetime.UTC), tick=False):
        call_command("publish_scheduled")
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(datetime.datetime(2026, 5, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        call_command("publish_scheduled")
        assert client.get(article.get_absolute_url()).status_code == 200

    stored = Article.objects.get(pk=article.pk)
    assert stored.publish_at is None and stored.last_published_at == datetime.datetime(
        2026, 5, 2, 9, tzinfo=datetime.UTC
    )


def test_scheduled_unpublishing_happens_when_due_without_anyone_acting(client):
    article = factories.make_live_article()
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC), tick=False):
        workflow.unpublish(article, user=factories.make_editor(), at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))

    with time_machine.travel(datetime.datetime(2026, 5, 31, 23, 59, tzinfo=datetime.UTC), tick=False):
        call_command("publish_scheduled")
        assert client.get(article.get_absolute_url()).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 6, 1, 0, 1, tzinfo=datetime.UTC), tick=False):
        call_command("publish_scheduled")
        assert client.get(article.get_absolute_url()).status_code == 404


def test_publish_scheduled_is_safe_to_run_repeatedly():
    article = factories.make_article()
    factories.approve_draft(article)
    workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(minutes=5))

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6), tick=False):
        for _ in range(3):
            call_command("publish_scheduled")

    assert Revision.objects.filter(object_id=article.pk, content_type=article.content_type).count() == 1
    assert [e.action for e in events_of(article)].count("publish") == 1


def test_scheduled_publication_of_a_voided_approval_is_cancelled_with_the_reason():
    article = factories.make_article()
    factories.approve_draft(article)
    workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(minutes=5))
    # Stored content drifted without save_draft (which would have cancelled the schedule at once).
    Article.objects.filter(pk=article.pk).update(
        draft={**article.draft, "fields": {**article.draft["fields"], "body": "x"}}
    )

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6), tick=False):
        call_command("publish_scheduled")

    stored = Article.objects.get(pk=article.pk)
    assert stored.live_status == LiveStatus.NONE and stored.publish_at is None
    assert events_of(article)[-1].action == "schedule_cancelled"
    assert "changed after it was approved" in events_of(article)[-1].note


def test_scheduling_needs_a_future_time_and_a_past_time_publishes_now():
    article = factories.make_article()
    factories.approve_draft(article)

    workflow.publish(article, user=factories.make_editor(), at=timezone.now() - datetime.timedelta(minutes=1))

    assert article.live_status == LiveStatus.LIVE


def test_scheduled_publication_notifies_the_writer_and_reviewer(django_capture_on_commit_callbacks, run_tasks):
    writer, reviewer = factories.make_writer(), factories.make_reviewer()
    article = factories.make_article(user=writer)
    factories.approve_draft(article, reviewer=reviewer)
    workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(minutes=5))
    run_tasks()
    mail.outbox.clear()

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled")
        run_tasks()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([writer.email, reviewer.email])


def scheduled_article():
    article = factories.make_article()
    factories.approve_draft(article)
    return workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(days=1))


def test_cancelling_a_scheduled_publication_keeps_the_approval_and_is_recorded():
    article = scheduled_article()
    editor = factories.make_editor()

    workflow.cancel_schedule(article, user=editor, note="Waiting for the FDA update.")

    stored = Article.objects.get(pk=article.pk)
    assert stored.publish_at is None and stored.review_state == ReviewState.APPROVED
    assert stored.approved_fingerprint == stored.draft_fingerprint
    last = events_of(article)[-1]
    assert (last.action, last.user, last.note) == ("schedule_cancelled", editor, "Waiting for the FDA update.")
    assert "publish" in workflow.available_actions(stored, editor)


def test_only_an_editor_cancels_a_scheduled_publication_and_only_when_there_is_one():
    article = scheduled_article()

    with pytest.raises(workflow.WorkflowError, match="Only an editor"):
        workflow.cancel_schedule(article, user=factories.make_writer())
    assert Article.objects.get(pk=article.pk).publish_at is not None
    workflow.cancel_schedule(article, user=factories.make_editor())
    with pytest.raises(workflow.WorkflowError, match="no scheduled publication"):
        workflow.cancel_schedule(article, user=factories.make_editor())


def test_unpublish_now_refuses_a_page_that_is_only_scheduled_to_go_live():
    article = scheduled_article()

    with pytest.raises(workflow.WorkflowError, match="cancel its scheduled publication"):
        workflow.unpublish(article, user=factories.make_editor())
    assert Article.objects.get(pk=article.pk).publish_at is not None


def test_a_review_on_the_31st_falls_due_on_the_last_day_of_a_shorter_month(settings):
    settings.REVIEW_INTERVAL_MONTHS = {"articles.article": 1}
    reviewed = datetime.datetime(2027, 1, 31, 12, tzinfo=datetime.UTC)

    assert workflow.review_due_date(Article(), reviewed) == datetime.date(2027, 2, 28)


# Who may approve: a licensed medical reviewer for medical content, an editor for the rest ------------


def test_editor_approves_a_site_page_that_makes_no_medical_claims_and_it_shows_no_medical_review(client):
    page = factories.make_site_page(kind="about", makes_medical_claims=False)
    editor = factories.make_editor()

    factories.approve_as(page, editor)
    workflow.publish(page, user=editor)

    page.refresh_from_db()
    assert page.is_live and page.live_reviewed_by is None
    assert [event.user for event in events_of(page) if event.action == ReviewEvent.Action.APPROVE] == [editor]
    assert "Medically reviewed" not in client.get("/about/").content.decode()


def test_medical_reviewer_cannot_approve_a_page_that_needs_an_editors_approval():
    page = factories.make_site_page(kind="about", makes_medical_claims=False)
    workflow.submit(page, user=page.draft_updated_by)

    with pytest.raises(workflow.WorkflowError, match="Only an editor can review this content."):
        workflow.approve(page, user=factories.make_reviewer())
    with pytest.raises(workflow.WorkflowError, match="Only an editor can review this content."):
        workflow.request_changes(page, user=factories.make_reviewer(), note="Fix it.")


def test_editor_cannot_approve_a_disclaimer_change_which_needs_a_medical_reviewer():
    block = factories.make_block(kind="disclaimer")
    workflow.submit(block, user=block.draft_updated_by)
    editor = factories.make_editor()

    assert "approve" not in workflow.available_actions(block, editor)
    with pytest.raises(workflow.WorkflowError, match="Only a medical reviewer with a current licence"):
        workflow.approve(block, user=editor)
    workflow.approve(block, user=factories.make_reviewer())
    assert block.review_state == ReviewState.APPROVED


def test_editor_who_edited_a_non_medical_page_cannot_approve_it():
    editor = factories.make_editor()
    page = factories.make_site_page(kind="privacy", makes_medical_claims=False, user=editor)
    workflow.submit(page, user=editor)

    assert "approve" not in workflow.available_actions(page, editor)
    with pytest.raises(workflow.WorkflowError, match="so another editor must approve it"):
        workflow.approve(page, user=editor)
    workflow.approve(page, user=factories.make_editor())
    assert page.review_state == ReviewState.APPROVED


def test_turning_medical_claims_off_in_a_draft_still_needs_a_medical_reviewer_until_it_is_published():
    page = factories.make_site_page(kind="editorial-policy", makes_medical_claims=True)
    factories.publish(page)
    edit(page, factories.make_editor(), makes_medical_claims=False, title="Editorial policy, plainer")
    workflow.submit(page, user=page.draft_updated_by)

    with pytest.raises(workflow.WorkflowError, match="Only a medical reviewer"):
        workflow.approve(page, user=factories.make_editor())
    workflow.approve(page, user=factories.make_reviewer())
    workflow.publish(page, user=factories.make_editor())

    page.refresh_from_db()
    assert page.makes_medical_claims is False and page.needs_medical_review is False


def test_writer_cannot_publish_an_approved_block():
    block = factories.make_block(kind="header_strip")
    factories.approve_as(block, factories.make_editor())

    assert "publish" not in workflow.available_actions(block, block.draft_updated_by)
    with pytest.raises(workflow.WorkflowError, match="Only an editor can publish."):
        workflow.publish(block, user=block.draft_updated_by)


# Public notes on a publication ------------------------------------------------------------------------


def test_a_publish_can_carry_a_dated_note_for_readers_kept_on_its_revision():
    article = factories.make_live_article()
    edit(article, factories.make_writer(), body="<p>The usual starting dose is 3.0 mg [1].</p>")
    factories.approve_draft(article)

    workflow.publish(
        article, user=factories.make_editor(), note="  Corrected the LDN starting dose. ", kind="correction"
    )

    revision = (
        Revision.objects.filter(object_id=article.pk, content_type=article.content_type).order_by("number").last()
    )
    assert (revision.number, revision.public_note, revision.note_kind) == (
        2,
        "Corrected the LDN starting dose.",
        "correction",
    )


@pytest.mark.parametrize(
    ("note", "kind", "message"),
    [
        ("Corrected the dose.", "", "Say whether the note is a correction or an update."),
        ("Corrected the dose.", "erratum", "Say whether the note is a correction or an update."),
        ("", "correction", "Write the note readers will see"),
        ("x" * 301, "update", "Keep the note for readers to 300 characters."),
    ],
)
def test_an_incomplete_note_for_readers_refuses_the_publish_and_nothing_goes_live(note, kind, message):
    article = factories.make_article()
    factories.approve_draft(article)

    with pytest.raises(workflow.WorkflowError, match=message):
        workflow.publish(article, user=factories.make_editor(), note=note, kind=kind)

    article.refresh_from_db()
    assert article.live_status == LiveStatus.NONE and article.review_state == ReviewState.APPROVED


def test_a_note_for_readers_cannot_go_with_a_scheduled_publication():
    article = factories.make_article()
    factories.approve_draft(article)
    later = timezone.now() + datetime.timedelta(days=1)

    with pytest.raises(workflow.WorkflowError, match="goes with a publication now"):
        workflow.publish(article, user=factories.make_editor(), at=later, note="Updated.", kind="update")

    article.refresh_from_db()
    assert article.publish_at is None


# Saving over a newer draft (edit locking's hard check, on the locked row) -------------------------------


def test_a_save_started_from_an_older_draft_than_someone_elses_is_refused_and_stores_nothing():
    article = factories.make_article(title="Original title")
    loaded = Article.objects.get(pk=article.pk).apply_draft()
    started_from = locks.version(loaded)
    sam = factories.make_writer("sam")
    edit(article, sam, summary="Saved meanwhile by Sam.")
    editor = factories.make_editor()
    loaded.title = "Overwriting title"

    with pytest.raises(workflow.StaleDraft, match="sam saved this page at .*, after you opened it"):
        workflow.save_draft(loaded, user=editor, expected_version=started_from)

    stored = Article.objects.get(pk=article.pk)
    assert stored.draft["fields"]["title"] == "Original title"
    assert stored.draft["fields"]["summary"] == "Saved meanwhile by Sam."
    assert [event.user for event in events_of(article)][-1] == sam


def test_a_save_started_from_the_current_draft_or_over_ones_own_newer_save_is_stored():
    article = factories.make_article(title="Original title")
    editor = factories.make_editor()
    started_from = locks.version(article)
    edit(article, editor, summary="Saved in my other tab.")

    workflow.save_draft(article, user=editor, expected_version=started_from)
    article.title = "From the first tab"
    workflow.save_draft(article, user=editor, expected_version=locks.version(article))

    stored = Article.objects.get(pk=article.pk)
    assert stored.draft["fields"]["title"] == "From the first tab"
    assert stored.draft["fields"]["summary"] == "Saved in my other tab."
