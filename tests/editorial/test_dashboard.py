"""The admin home's cards (editorial/dashboard.py) as each role sees them, through the pages a browser asks for."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from conditions.models import Condition
from editorial import workflow
from editorial.models import LiveStatus, ReviewState
from tests import factories

pytestmark = pytest.mark.django_db


def home(client, user):
    factories.login_staff(client, user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response


def cards(client, user) -> dict:
    return {card.title: card for card in home(client, user).context["cards"]}


def titles(card) -> list[str]:
    return [item.obj.title_text for item in card.items]


def listed_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def stored(model, pages, **values):
    factories.set_stored(model.objects.filter(pk__in=[page.pk for page in pages]), **values)


# Which cards each role sees -----------------------------------------------------------------------


WRITER_CARDS = [
    "My drafts",
    "Sent back to me",
    "Translations following an older version",
    "Recent activity on my pages",
]
REVIEWER_CARDS = ["Waiting for my medical review", "Medical reviews due and overdue", "Recent activity on my pages"]
EDITOR_CARDS = [
    "Waiting for an editor's review",
    "Approved, ready to publish or schedule",
    "Scheduled this week",
    "Medical reviews due and overdue",
    "Translations following an older version",
    "Recent activity on my pages",
]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (factories.make_writer, WRITER_CARDS),
        (factories.make_reviewer, REVIEWER_CARDS),
        (factories.make_editor, EDITOR_CARDS),
        (factories.make_intake, []),
    ],
)
def test_each_role_sees_its_own_cards_in_order(client, make, expected):
    assert list(cards(client, make())) == expected


def test_superuser_sees_every_card_the_intake_queue_and_the_app_list_below(client):
    response = home(client, factories.make_user(is_superuser=True))

    html = response.content.decode()
    assert [card.title for card in response.context["cards"]] == [
        "My drafts",
        "Sent back to me",
        "Waiting for my medical review",
        "Waiting for an editor's review",
        "Approved, ready to publish or schedule",
        "Scheduled this week",
        "Medical reviews due and overdue",
        "Translations following an older version",
        "Recent activity on my pages",
    ]
    assert html.index("Intake queue") < html.index("My drafts") < html.index("All content types")
    assert html.index("All content types") < html.index('class="app-articles module"')


def test_intake_staff_see_the_intake_card_and_no_review_cards(client):
    html = home(client, factories.make_intake()).content.decode()

    assert 'class="dashboard-card intake-dashboard"' in html
    assert "My drafts" not in html and "Recent activity" not in html


def test_empty_cards_say_what_would_appear_there(client):
    html = home(client, factories.make_writer()).content.decode()

    assert "Drafts you save appear here until you send them for review." in html
    assert "Drafts a reviewer sends back to you appear here, with the reviewer&#x27;s note." in html
    assert "View all" not in html


# What each card holds -----------------------------------------------------------------------------


def test_writer_cards_hold_their_own_drafts_and_what_was_sent_back_with_the_note(client):
    writer, other, reviewer = factories.make_writer(), factories.make_writer(), factories.make_reviewer()
    for n in range(7):
        factories.make_article(user=writer, title=f"Mine {n}")
    factories.make_article(user=other, title="Someone else's")
    sent_back = factories.make_condition(user=writer, name="Crohn's disease")
    workflow.submit(sent_back, user=writer)
    workflow.request_changes(sent_back, user=reviewer, note="Cite the 2023 guideline.")

    mine = cards(client, writer)

    assert mine["My drafts"].count == 7
    assert titles(mine["My drafts"]) == ["Mine 6", "Mine 5", "Mine 4", "Mine 3", "Mine 2"]  # newest first
    assert titles(mine["Sent back to me"]) == ["Crohn's disease"]
    assert mine["Sent back to me"].items[0].detail == "reviewer's note: “Cite the 2023 guideline.”"
    activity = mine["Recent activity on my pages"]
    assert titles(activity) == ["Crohn's disease"]
    assert [item.detail for item in activity.items] == [f"Requested changes by {reviewer.username}"]


def test_reviewer_sees_drafts_waiting_oldest_first_and_reviews_due_with_their_dates(client):
    today = timezone.localdate()
    for n, days_ago in enumerate((1, 5, 3)):
        with time_machine.travel(timezone.now() - datetime.timedelta(days=days_ago), tick=False):
            article = factories.make_article(title=f"Waiting {n}")
            workflow.submit(article, user=article.draft_updated_by)
    about = factories.make_site_page(kind="about", title="About us", makes_medical_claims=False)
    workflow.submit(about, user=about.draft_updated_by)
    overdue, soon, later = (factories.make_live_condition(name=name) for name in ("Overdue", "Soon", "Later"))
    stored(Condition, [overdue], review_due_at=today - datetime.timedelta(days=2))
    stored(Condition, [soon], review_due_at=today + datetime.timedelta(days=20))
    stored(Condition, [later], review_due_at=today + datetime.timedelta(days=40))

    mine = cards(client, factories.make_reviewer())

    assert titles(mine["Waiting for my medical review"]) == ["Waiting 1", "Waiting 2", "Waiting 0"]
    due = mine["Medical reviews due and overdue"]
    assert titles(due) == ["Overdue", "Soon"]
    assert due.items[0].detail.startswith(f"review overdue since {today - datetime.timedelta(days=2):%b} ")
    assert due.items[1].detail.startswith("review due ")


def test_editor_sees_approved_unscheduled_and_only_this_weeks_schedule(client):
    now = timezone.now()
    ready, this_week, next_month = (factories.make_article(title=t) for t in ("Ready", "This week", "Next month"))
    for article in (ready, this_week, next_month):
        factories.approve_draft(article)
    editor = factories.make_editor()
    workflow.publish(this_week, user=editor, at=now + datetime.timedelta(days=3))
    workflow.publish(next_month, user=editor, at=now + datetime.timedelta(days=30))
    cta = factories.make_block(kind="contact_cta", heading="Call us")
    workflow.submit(cta, user=cta.draft_updated_by)

    mine = cards(client, editor)

    assert titles(mine["Approved, ready to publish or schedule"]) == ["Ready"]
    assert titles(mine["Scheduled this week"]) == ["This week"]
    assert mine["Scheduled this week"].items[0].detail.startswith("goes live ")
    assert titles(mine["Waiting for an editor's review"]) == ["Call us"]


def test_activity_lists_what_others_did_on_my_pages_not_my_own_steps_or_other_pages(client):
    writer, reviewer = factories.make_writer(), factories.make_reviewer()
    mine = factories.make_article(user=writer, title="Mine")
    workflow.submit(mine, user=writer)
    workflow.approve(mine, user=reviewer)
    theirs = factories.make_article(title="Theirs")
    workflow.submit(theirs, user=theirs.draft_updated_by)
    workflow.approve(theirs, user=reviewer)

    activity = cards(client, writer)["Recent activity on my pages"]

    assert (activity.count, titles(activity)) == (1, ["Mine"])
    assert activity.items[0].detail == f"Approved by {reviewer.username}"


def test_open_comment_counts_show_on_the_items(client):
    from comments.models import Comment

    writer = factories.make_writer()
    article = factories.make_article(user=writer, title="Commented")
    Comment.objects.create(
        content_type=article.content_type, object_id=article.pk, user=factories.make_reviewer(), text="Source?"
    )

    item = cards(client, writer)["My drafts"].items[0]

    assert item.open_comments == 1


# Each card's "View all" lands on a list of the same pages ------------------------------------------


def test_each_view_all_link_lands_on_a_list_with_the_cards_count(client):
    now, today = timezone.now(), timezone.localdate()
    boss = factories.make_user(is_superuser=True)
    reviewer = factories.make_reviewer()
    factories.make_article(user=boss, title="Boss draft")
    factories.make_condition(user=boss, name="Boss condition draft")
    factories.make_article(title="Someone else's draft")
    sent_back = factories.make_article(user=boss, title="Sent back")
    workflow.submit(sent_back, user=boss)
    workflow.request_changes(sent_back, user=reviewer, note="Fix it.")
    waiting = factories.make_condition(name="Waiting")
    workflow.submit(waiting, user=waiting.draft_updated_by)
    cta = factories.make_block(kind="contact_cta", heading="Call us")
    workflow.submit(cta, user=cta.draft_updated_by)
    ready = factories.make_article(title="Ready")
    factories.approve_draft(ready)
    scheduled = factories.make_article(title="Scheduled")
    factories.approve_draft(scheduled)
    workflow.publish(scheduled, user=factories.make_editor(), at=now + datetime.timedelta(days=2))
    due = factories.make_live_article(title="Due")
    stored(Article, [due], review_due_at=today)
    factories.make_live_article(title="Not due")

    shown = cards(client, boss)

    expected = {
        "My drafts": {"article": 1, "condition": 1},
        "Sent back to me": {"article": 1},
        "Waiting for my medical review": {"condition": 1},
        "Waiting for an editor's review": {"block": 1},
        "Approved, ready to publish or schedule": {"article": 1},
        "Scheduled this week": {"article": 1},
        "Medical reviews due and overdue": {"article": 1},
        "Translations following an older version": {},
        "Recent activity on my pages": {"article": 1},
    }
    assert {title: {link.label: link.count for link in card.links} for title, card in shown.items()} == expected
    for card in shown.values():
        assert card.count == sum(link.count for link in card.links)
        for link in card.links:
            assert listed_count(client, link.url) == link.count, (card.title, link.url)


def test_view_all_counts_every_page_while_the_card_lists_five(client):
    writer = factories.make_writer()
    for n in range(8):
        factories.make_article(user=writer, title=f"Draft {n}")

    response = home(client, writer)

    card = response.context["cards"][0]
    assert (card.count, len(card.items)) == (8, 5)
    assert ">View all 8</a>" in response.content.decode()
    assert listed_count(client, card.links[0].url) == 8


# A fixed number of queries, whatever the data size ---------------------------------------------------


def seed(per_state: int, writer, reviewer) -> None:
    """Give the writer ``per_state`` articles and conditions in every state a card shows, plus others' activity."""
    now, today = timezone.now(), timezone.localdate()
    for model, make in ((Article, factories.make_article), (Condition, factories.make_condition)):
        pages = [make(user=writer) for _ in range(6 * per_state)]
        drafts, sent_back, waiting, ready, scheduled, due = (
            pages[n * per_state : (n + 1) * per_state] for n in range(6)
        )
        for page in sent_back:
            workflow.submit(page, user=writer)
            workflow.request_changes(page, user=reviewer, note="Cite a newer study.")
        for page in waiting:
            workflow.submit(page, user=writer)
        stored(model, ready, review_state=ReviewState.APPROVED)
        stored(model, scheduled, review_state=ReviewState.APPROVED, publish_at=now + datetime.timedelta(days=2))
        stored(model, due, live_status=LiveStatus.LIVE, review_due_at=today - datetime.timedelta(days=1))


def queries_for_home(client, user) -> int:
    client.get(reverse("admin:index"))  # first view: caches of content types and permissions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    # The session is read from the database, or from Redis first when REDIS_URL is set: not the page's cost.
    return len([query for query in queries.captured_queries if "django_session" not in query["sql"]])


# Pinned after reading each query. Every role pays the same base: user, second factor, permissions and
# the admin index's own (its app list, the group checks, recent actions). Then, per role: one aggregate count per
# content type the person may see, one query per card and content type with pages in that card for its first
# items, one for the open comment counts of all items and (writers) one for the reviewers' notes.
PINNED = {"writer": 26, "reviewer": 22, "editor": 25, "superuser": 20}


@pytest.mark.parametrize("role", ["writer", "reviewer", "editor", "superuser"])
def test_the_admin_home_takes_the_same_number_of_queries_for_2_and_20_pages_per_state(client, role):
    writer, reviewer = factories.make_writer(), factories.make_reviewer()
    viewer = {
        "writer": writer,
        "reviewer": reviewer,
        "editor": factories.make_editor(),
        "superuser": factories.make_user(is_superuser=True),
    }[role]
    factories.login_staff(client, viewer)
    about = factories.make_site_page(kind="about", makes_medical_claims=False)  # one only: a kind is unique
    workflow.submit(about, user=writer)
    seed(2, writer, reviewer)
    small = queries_for_home(client, viewer)

    seed(18, writer, reviewer)
    large = queries_for_home(client, viewer)

    assert small == large == PINNED[role]
