"""The workflow's promises, checked after every step of random histories (Hypothesis stateful testing).

Random people of every role take random actions on two pages (an article and a condition page): edit, send for
review, request changes, approve, publish now or later, cancel a schedule, unpublish now or later, restore a
revision, periodic re-reviews, a licence running out or being renewed, time passing, the scheduled jobs, a stale
save racing a newer one, and code that tries to write the live copy behind the workflow's back. After every step:

1. what visitors see of each page is a published revision whose exact content (by fingerprint) a licensed reviewer
   approved, and the byline names that reviewer;
2. nobody ever approved a page after having edited or restored it;
3. the live copy changed only in a publish or unpublish step (and live() dropped a page only at its unpublishing time);
4. every step that changed a page's workflow state wrote exactly one ReviewEvent for it, and a refused step none;
5. search finds exactly the pages live() returns;
6. the article's Spanish translation (started, edited, sent, approved and published by random people) is live only
   in a version a licensed reviewer who reads Spanish approved, for that exact content, having never written it;
   never on the English approval.

CI runs the "ci" profile (fixed seed, derandomized, a few minutes at most on both databases); run more with
``HYPOTHESIS_PROFILE=thorough .venv/bin/pytest tests/editorial/test_workflow_state_machine.py``.
"""

import collections
import datetime
import os

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from articles.models import Article
from conditions.models import Condition
from editorial import locks, workflow
from editorial.models import Contributor, LiveContentError, LiveStatus, ReviewEvent, Revision, fingerprint
from tests import factories
from website import search

pytestmark = pytest.mark.django_db(transaction=False)

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("STATE_MACHINE_EXAMPLES", 60)),
    stateful_step_count=50,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=500,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
# The words each page's text may take: its title always names it for search, plus one of these.
TEXTS = ("Dosing starts at 1.5 mg [1].", "Dosing starts at 3 mg [1].", "Take it at bedtime.", "Ask your prescriber.")
ROLES = ("writer", "writer2", "reviewer", "reviewer2", "writer_reviewer", "editor", "editor_reviewer", "superuser")


def anyone_but_mostly(*likely: str):
    """Draw any role, half the time one that usually may act: histories then reach review, publication and beyond."""
    return st.one_of(st.sampled_from(likely), st.sampled_from(ROLES))


WRITERS = anyone_but_mostly("writer", "writer2", "writer_reviewer")
# Who translates, and who may try to approve a translation: a reviewer reading Spanish, a translator who also
# reviews in Spanish (never their own translation), and reviewers who read English only.
TRANSLATORS = st.sampled_from(("writer", "writer2", "translator"))
TRANSLATION_REVIEWERS = st.one_of(
    st.just("revisora"), st.sampled_from(("revisora", "translator", "reviewer", "writer_reviewer", "superuser"))
)
REVIEWERS = anyone_but_mostly("reviewer", "reviewer2", "writer_reviewer", "editor_reviewer", "superuser")
EDITORS = anyone_but_mostly("editor", "editor_reviewer", "superuser")
# How often each action was taken and refused in this run (printed by the test, to see what the histories reach).
TALLY: collections.Counter = collections.Counter()
TRANSITIONS = ("submit", "approve", "request_changes", "publish", "unpublish", "cancel_schedule")


def make_people() -> dict:
    people = {
        "writer": factories.make_writer(),
        "writer2": factories.make_writer(),
        "reviewer": factories.make_reviewer(),
        "reviewer2": factories.make_reviewer(),
        "writer_reviewer": factories.make_reviewer(),
        "editor": factories.make_editor(),
        "editor_reviewer": factories.make_reviewer(),
        "superuser": factories.make_reviewer(),
    }
    people["revisora"] = factories.make_reviewer(languages="en, es")
    people["translator"] = factories.make_reviewer(languages="es")
    people["translator"].groups.add(factories.staff_group(workflow.WRITERS))
    people["writer_reviewer"].groups.add(factories.staff_group(workflow.WRITERS))
    people["editor_reviewer"].groups.add(factories.staff_group(workflow.EDITORS))
    people["superuser"].is_superuser = True
    people["superuser"].save()
    return people


def visible(page) -> tuple:
    """Return what visitors see of the page as stored: whether and until when it is live, and its live copy.

    The columns of a page that is not live mirror its draft for the admin; visitors see none of them.
    """
    stored = type(page).objects.get(pk=page.pk)
    if stored.live_status != LiveStatus.LIVE:
        return (stored.live_status, stored.unpublish_at)
    return (
        stored.live_status,
        stored.unpublish_at,
        fingerprint(stored.snapshot()),
        stored.live_reviewed_by_id,
        stored.last_published_at,
    )


def workflow_state(page) -> tuple:
    stored = type(page).objects.get(pk=page.pk)
    return (
        stored.review_state,
        stored.live_status,
        stored.draft_fingerprint,
        stored.approved_fingerprint,
        stored.publish_at,
        stored.unpublish_at,
    )


def event_count(page) -> int:
    return ReviewEvent.objects.filter(content_type=page.content_type, object_id=page.pk).count()


class WorkflowMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.clock = time_machine.travel(START, tick=False)
        self.traveller = self.clock.start()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.people = make_people()
        self.pages = []
        # The oracle: who ever changed each page, and which fingerprints a licensed reviewer approved, by whom.
        self.changed_by: dict[tuple, set] = {}
        self.approvals: dict[tuple, set] = {}

    @initialize(
        author=st.sampled_from(("writer", "writer_reviewer")),
        start=st.sampled_from(("draft", "in review", "approved", "scheduled", "live", "live with a draft in review")),
        translated=st.booleans(),
    )
    def start_the_article_somewhere(self, author, start, translated):
        """Write both pages (by a writer, or a writer who also reviews), and start the article at a random point
        of its life, so short histories reach the later transitions."""
        writer = self.people[author]
        self.pages = [
            factories.make_article(title="Naltrexone article", body=f"<p>{TEXTS[0]}</p>", user=writer),
            factories.make_condition(name="Naltrexone condition", body=f"<h2>Use</h2><p>{TEXTS[0]}</p>", user=writer),
        ]
        self.changed_by = {self.key(page): {writer.pk} for page in self.pages}
        article, reviewer, editor = self.pages[0], self.people["reviewer"], self.people["editor"]
        if start == "draft":
            return
        if start == "in review":
            workflow.submit(article, user=writer)
            return
        factories.approve_draft(article, reviewer=reviewer)
        self.approvals[self.key(article), article.draft_fingerprint] = {reviewer.contributor.pk}
        if start == "approved":
            return
        if start == "scheduled":
            workflow.publish(article, user=editor, at=START + datetime.timedelta(minutes=30))
            return
        workflow.publish(article, user=editor)
        if start == "live with a draft in review":
            article.apply_draft().body = f"<p>{TEXTS[1]}</p>"
            workflow.save_draft(article, user=self.people["writer2"])
            self.changed_by[self.key(article)].add(self.people["writer2"].pk)
            workflow.submit(article, user=self.people["writer2"])
        if translated:
            self.start_translation("translator")
        self.visible_before = {}

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        self.clock.stop()

    # Helpers -------------------------------------------------------------------

    @staticmethod
    def key(page) -> tuple:
        return (page._meta.label, page.pk)

    def fresh(self, index: int):
        page = self.pages[index]
        return type(page).objects.get(pk=page.pk).apply_draft()

    def act(self, index: int, role: str, name: str, call, *, writes_live: bool = False, rule_name: str = "") -> bool:
        """Run one transition and check what it may have changed; return whether it was allowed."""
        page = self.fresh(index)
        user = self.people[role]
        offered = workflow.available_actions(page, user)
        before_state, before_events, before_visible = workflow_state(page), event_count(page), visible(page)
        try:
            call(page, user)
        except workflow.WorkflowError:
            TALLY[f"refused {name}"] += 1
            assert workflow_state(page) == before_state and event_count(page) == before_events
            assert visible(page) == before_visible
            return False
        TALLY[f"did {name}"] += 1
        assert name in offered, f"{name} succeeded for {role} though available_actions did not offer it"
        changed = workflow_state(page) != before_state
        assert event_count(page) - before_events == (1 if changed else 0), f"{name} wrote the wrong number of events"
        if not writes_live:
            assert visible(page) == before_visible, f"{name} changed what visitors see"
        return True

    # Rules ---------------------------------------------------------------------

    # Changing the draft is one rule with three ways (a plain edit, a restore, two people racing), so that edits,
    # each of which voids an approval, do not crowd out the later transitions.
    @rule(index=st.integers(0, 1), how=st.sampled_from(("edit", "restore", "race")), data=st.data())
    def change_the_draft(self, index, how, data):
        if how == "edit":
            self.edit(index, data.draw(WRITERS), data.draw(st.sampled_from(TEXTS)))
        elif how == "restore":
            self.restore(index, data.draw(WRITERS), data)
        else:
            texts = data.draw(st.tuples(st.sampled_from(TEXTS), st.sampled_from(TEXTS)))
            self.racing_saves(index, data.draw(WRITERS), data.draw(WRITERS), texts)

    def edit(self, index, role, text):
        def call(page, user):
            page.body = f"<h2>Use</h2><p>{text}</p>"
            workflow.save_draft(page, user=user)

        before = self.fresh(index).draft_fingerprint
        if self.act(index, role, "save_draft", call) and self.fresh(index).draft_fingerprint != before:
            self.changed_by[self.key(self.pages[index])].add(self.people[role].pk)

    def racing_saves(self, index, first, second, texts):
        """Two people open the same version; once the second has stored a change, the first's save is refused."""
        opened = self.fresh(index)
        loaded = locks.version(opened)
        self.traveller.shift(datetime.timedelta(seconds=1))  # a person's save comes a moment later
        self.edit(index, second, texts[1])
        newer = locks.version(self.fresh(index)) != loaded and first != second

        def call(page, user):
            page.body = f"<h2>Use</h2><p>{texts[0]}</p>"
            workflow.save_draft(page, user=user, expected_version=loaded)

        before = self.fresh(index).draft_fingerprint
        stored = self.act(index, first, "save_draft", call)
        assert not (stored and newer), f"{first}'s save replaced {second}'s newer draft"
        if stored and self.fresh(index).draft_fingerprint != before:
            self.changed_by[self.key(self.pages[index])].add(self.people[first].pk)

    def restore(self, index, role, data):
        page = self.pages[index]
        revisions = list(Revision.objects.filter(content_type=page.content_type, object_id=page.pk))
        if not revisions:
            return
        revision = data.draw(st.sampled_from(revisions))
        if self.act(index, role, "save_draft", lambda p, u: workflow.restore(p, revision, user=u)):
            self.changed_by[self.key(page)].add(self.people[role].pk)

    @rule(index=st.integers(0, 1), role=WRITERS)
    def submit(self, index, role):
        self.act(index, role, "submit", lambda p, u: workflow.submit(p, user=u))

    @rule(index=st.integers(0, 1), role=REVIEWERS)
    def approve(self, index, role):
        page = self.fresh(index)
        user = self.people[role]
        contributor = Contributor.objects.filter(user=user).first()
        licensed = bool(contributor and contributor.has_current_licence())
        had_a_hand = user.pk in self.changed_by[self.key(page)]
        if self.act(index, role, "approve", lambda p, u: workflow.approve(p, user=u)):
            assert licensed, f"{role} approved without a current licence"
            assert not had_a_hand, f"{role} approved a page they had edited or restored"
            self.approvals.setdefault((self.key(page), page.draft_fingerprint), set()).add(contributor.pk)

    @rule(index=st.integers(0, 1), role=st.sampled_from(ROLES))
    def request_changes(self, index, role):
        self.act(index, role, "request_changes", lambda p, u: workflow.request_changes(p, user=u, note="Fix it."))

    # ``minutes``: None acts now, a number schedules the publication (or the unpublishing) that far ahead.
    @rule(index=st.integers(0, 1), role=EDITORS, minutes=st.none() | st.integers(1, 90))
    def publish(self, index, role, minutes):
        at = timezone.now() + datetime.timedelta(minutes=minutes) if minutes else None
        self.act(index, role, "publish", lambda p, u: workflow.publish(p, user=u, at=at), writes_live=at is None)

    @rule(index=st.integers(0, 1), role=EDITORS)
    def cancel_schedule(self, index, role):
        self.act(index, role, "cancel_schedule", lambda p, u: workflow.cancel_schedule(p, user=u))

    @rule(index=st.integers(0, 1), role=anyone_but_mostly("editor"), minutes=st.none() | st.integers(1, 90))
    def unpublish(self, index, role, minutes):
        at = timezone.now() + datetime.timedelta(minutes=minutes) if minutes else None
        self.act(index, role, "unpublish", lambda p, u: workflow.unpublish(p, user=u, at=at), writes_live=True)

    # The article's Spanish translation: self.pages[2] once started -----------------------------------------------

    @rule(role=TRANSLATORS)
    def start_translation(self, role):
        if len(self.pages) > 2:
            return
        article, user = self.fresh(0), self.people[role]
        try:
            translation = workflow.start_translation(article, "es", user=user)
        except workflow.WorkflowError:
            TALLY["refused start_translation"] += 1
            assert not Article.objects.filter(translation_of=article).exists()
            return
        TALLY["did start_translation"] += 1
        assert article.live_status == LiveStatus.LIVE, "a page that is not live was translated"
        assert translation.live_status == LiveStatus.NONE
        self.pages.append(translation)
        self.changed_by[self.key(translation)] = {user.pk}
        translation.apply_draft().title = "Artículo sobre la naltrexona"
        workflow.save_draft(translation, user=user)

    @rule(role=TRANSLATORS, text=st.sampled_from(TEXTS))
    def edit_translation(self, role, text):
        if len(self.pages) > 2:
            self.edit(2, role, text)

    # One rule takes the translation through its review (each step may be refused), so that histories reach a live
    # translation as often as a live page.
    @rule(writer=TRANSLATORS, reviewer=TRANSLATION_REVIEWERS, editor=EDITORS)
    def translation_through_review(self, writer, reviewer, editor):
        if len(self.pages) < 3:
            return
        self.act(2, writer, "submit", lambda p, u: workflow.submit(p, user=u))
        page, user = self.fresh(2), self.people[reviewer]
        contributor = Contributor.objects.filter(user=user).first()
        qualified = bool(contributor and contributor.has_current_licence() and contributor.reads("es"))
        had_a_hand = user.pk in self.changed_by[self.key(page)]
        if self.act(2, reviewer, "approve", lambda p, u: workflow.approve(p, user=u)):
            TALLY["approved a translation"] += 1
            assert qualified, f"{reviewer} approved a Spanish text without a licence or without reading Spanish"
            assert not had_a_hand, f"{reviewer} approved a translation they had written"
            self.approvals.setdefault((self.key(page), page.draft_fingerprint), set()).add(contributor.pk)
        if self.act(2, editor, "publish", lambda p, u: workflow.publish(p, user=u), writes_live=True):
            TALLY["published a translation"] += 1

    @rule(minutes=st.integers(1, 120))
    def time_passes(self, minutes):
        before = [page in type(page).objects.live() for page in self.pages]
        self.traveller.shift(datetime.timedelta(minutes=minutes))
        for page, was_live in zip(self.pages, before, strict=True):
            stored = type(page).objects.get(pk=page.pk)
            if was_live and stored not in type(page).objects.live():
                assert stored.unpublish_at and stored.unpublish_at <= timezone.now(), "a page vanished before its time"

    @rule()
    def run_scheduled_jobs(self):
        before = [(workflow_state(page), event_count(page)) for page in self.pages]
        done = [line for model in (Article, Condition) for line in workflow.apply_due_schedules(model)]
        for page, (state, events) in zip(self.pages, before, strict=True):
            # One run may make two transitions of a page: a publication and an unpublishing both past due.
            transitions = sum(1 for line in done if str(page) in line)
            written = event_count(page) - events
            assert written == transitions, f"the scheduled jobs made {transitions} changes and wrote {written} events"
            assert (transitions > 0) == (workflow_state(page) != state), "a scheduled job changed a page unreported"

    @rule(who=st.sampled_from(("reviewer", "reviewer2", "writer_reviewer", "superuser")), days=st.integers(-3, 60))
    def licence_changes(self, who, days):
        # A licence runs out (days < 0) or is renewed, mostly renewed; not a transition of any page.
        Contributor.objects.filter(user=self.people[who]).update(
            licence_expiry=timezone.localdate() + datetime.timedelta(days=days)
        )

    @rule(index=st.integers(0, 1), text=st.sampled_from(TEXTS), how=st.sampled_from(("save", "update", "sources")))
    def write_behind_the_workflows_back(self, index, text, how):
        page = self.fresh(index)
        before_visible, before_events = visible(page), event_count(page)
        try:
            with transaction.atomic():
                if how == "save":
                    page.body = f"<p>Behind the back: {text}</p>"
                    page.save()
                elif how == "update":
                    type(page).objects.filter(pk=page.pk).update(body=f"<p>{text}</p>", live_status=LiveStatus.LIVE)
                else:
                    page.sources.all().delete()
        except LiveContentError:
            pass
        assert event_count(page) == before_events
        if before_visible[0] == LiveStatus.LIVE or how == "update":
            assert visible(page) == before_visible, f"a {how} outside the workflow changed what visitors see"

    # Invariants ------------------------------------------------------------------

    @invariant()
    def visitors_see_only_approved_content_with_its_reviewer(self):
        for page in self.pages:
            stored = type(page).objects.get(pk=page.pk)
            if stored.live_status != LiveStatus.LIVE:
                continue
            revision = Revision.objects.filter(content_type=page.content_type, object_id=page.pk).first()
            assert revision is not None
            assert fingerprint(stored.snapshot()) == revision.fingerprint, "the live copy is not a published revision"
            approvers = self.approvals.get((self.key(page), revision.fingerprint), set())
            assert revision.approved_by_id in approvers, "the live revision was not approved by a licensed reviewer"
            assert stored.live_reviewed_by_id == revision.approved_by_id

    @invariant()
    def nobody_approved_after_changing_the_page(self):
        for page in self.pages:
            events = list(ReviewEvent.objects.filter(content_type=page.content_type, object_id=page.pk).order_by("pk"))
            changers = set()
            for event in events:
                if event.action in workflow.CONTENT_CHANGES:
                    changers.add(event.user_id)
                if event.action == ReviewEvent.Action.APPROVE:
                    assert event.user_id not in changers

    @invariant()
    def a_live_translation_was_approved_in_its_language_never_by_the_english_approval(self):
        for page in self.pages[2:]:
            stored = type(page).objects.get(pk=page.pk)
            if stored.live_status != LiveStatus.LIVE:
                continue
            revision = Revision.objects.filter(content_type=page.content_type, object_id=page.pk).first()
            approver = Contributor.objects.get(pk=revision.approved_by_id)
            assert approver.reads("es"), "a live translation was approved by a reviewer who does not read it"
            assert approver.user_id not in self.changed_by[self.key(page)], "a translator approved their translation"
            english = {fingerprint for (key, fingerprint) in self.approvals if key == self.key(self.pages[0])}
            assert revision.fingerprint not in english, "a translation went live on the English approval"
            assert stored.source_revision.object_id == self.pages[0].pk

    @invariant()
    def search_finds_exactly_the_live_pages(self):
        live = {(type(page), page.pk) for page in self.pages if page in type(page).objects.live()}
        found = {(hit.model, hit.pk) for hit in search.find("naltrexone").hits}
        assert found == live


def test_the_workflow_keeps_its_promises_over_random_histories():
    profile = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    run_state_machine_as_test(WorkflowMachine, settings=settings.get_profile(profile))
    print(sorted(TALLY.items()))
