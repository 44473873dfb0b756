"""Pre-publish checks: each rule with content that passes and content that fails, then the workflow's use of them."""

import datetime
import http.server
import threading

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from editorial import checks, tasks, workflow
from editorial.models import LinkCheck, ReviewEvent
from tests import factories

pytestmark = pytest.mark.django_db

ONE_SOURCE = [{"title": "Pilot trial of low-dose naltrexone", "publisher": "Annals of Neurology", "year": 2010}]
PLAIN = "<p>Rest helps. Walk a little each day. Ask your care team what suits you.</p>"


def found(page, check) -> list[str]:
    return [finding.message for finding in check(checks.as_draft(page))]


# Blocking ----------------------------------------------------------------------


def test_a_body_image_without_alt_text_is_found_and_one_with_alt_text_passes():
    missing = factories.make_article(body='<p>Chart:</p><img src="/media/chart.png"><img src="/media/x.png" alt=" ">')
    described = factories.make_article(body='<img src="/media/chart.png" alt="Pain scores fell over 12 weeks">')

    assert found(missing, checks.images_have_alt_text) == [
        "The image chart.png in the body has no description (alt text).",
        "The image x.png in the body has no description (alt text).",
    ]
    assert found(described, checks.images_have_alt_text) == []


def test_a_hero_image_without_alt_text_is_found():
    article = factories.make_article(hero_image=factories.image_from("articles/hero.jpg", ""))
    described = factories.make_article(
        hero_image=factories.image_from("articles/hero.jpg", "A pharmacist at a counter")
    )

    assert found(article, checks.images_have_alt_text) == ["The hero image has no description (alt text)."]
    assert found(described, checks.images_have_alt_text) == []


def test_a_page_without_sources_is_found():
    assert found(factories.make_condition(sources=[]), checks.has_sources) == ["The page cites no sources."]
    assert found(factories.make_condition(sources=ONE_SOURCE), checks.has_sources) == []


def test_a_citation_marker_past_the_last_source_is_found():
    page = factories.make_article(body="<p>It helped some people.[1] Others not.[2, 3]</p>", sources=ONE_SOURCE)
    cited = factories.make_article(body="<p>It helped some people.[1]</p>", sources=ONE_SOURCE)

    assert found(page, checks.citations_have_sources) == [
        "Citation [2] has no source 2: the page lists 1 source.",
        "Citation [3] has no source 3: the page lists 1 source.",
    ]
    assert found(cited, checks.citations_have_sources) == []


def test_an_internal_link_to_a_page_that_is_not_live_or_no_page_is_found():
    live = factories.make_live_condition(slug="fibromyalgia")
    factories.make_article(slug="ldn-draft")
    page = factories.make_article(
        body=(
            f'<p><a href="{live.get_absolute_url()}">Fibromyalgia</a>, <a href="/articles/ldn-draft/">LDN</a>, '
            '<a href="http://127.0.0.1:8000/articles/gone/">gone</a>, <a href="/no/such/page/">nowhere</a>, '
            '<a href="/contact/">contact us</a>, <a href="https://www.samhsa.gov/">SAMHSA</a>.</p>'
        )
    )

    assert found(page, checks.internal_links_are_live) == [
        "The link to /articles/ldn-draft/ goes to a page that is not live.",
        "The link to /articles/gone/ goes to a page that is not live.",
        "The link to /no/such/page/ goes to no page.",
    ]


def test_a_dose_in_a_section_without_a_citation_is_found_and_a_cited_section_passes():
    page = factories.make_article(
        body=(
            "<p>Most people start low.</p>"
            "<h2>Dosing</h2><p>Doses are usually 1.75 mg to 4.5 mg a day.</p>"
            "<h2>Injection</h2><p>The injection holds 380 mg.[1]</p>"
            "<h2>Liquid</h2><ul><li>Take 5 mL with water.</li></ul>"
        ),
        sources=ONE_SOURCE,
    )

    assert found(page, checks.doses_are_cited) == [
        "The section “Dosing” gives a dose (1.75 mg) but cites no source.",
        "The section “Liquid” gives a dose (5 mL) but cites no source.",
    ]
    assert found(factories.make_article(body="<p>Take 50mcg at night.[1]</p>"), checks.doses_are_cited) == []
    bare = factories.make_article(body="Take 3 mg nightly.<br>Then 4.5 mg.")  # text outside any paragraph counts
    assert found(bare, checks.doses_are_cited) == [
        "The section “Introduction” gives a dose (3 mg) but cites no source."
    ]


# Warnings ----------------------------------------------------------------------


def test_reading_grade_above_eight_is_a_warning_and_plain_words_pass():
    hard = factories.make_article(
        body=(
            "<p>Pharmacological antagonism of opioid receptors attenuates the reinforcing properties of exogenous "
            "opioids, consequently diminishing compulsive consumption behaviours among susceptible individuals "
            "experiencing longstanding dependence.</p>"
        )
    )
    easy = factories.make_article(body=PLAIN * 3)

    assert [f.message.split(" (")[0] for f in checks.reading_grade(checks.as_draft(hard))] == [
        f"Reading grade {checks.textstat.flesch_kincaid_grade(checks.plain_text(checks.as_draft(hard))):.1f}"
    ]
    assert checks.reading_grade(checks.as_draft(hard))[0].blocking is False
    assert found(easy, checks.reading_grade) == []


def test_a_sentence_over_thirty_words_is_a_warning():
    long = " ".join(["word"] * 31)
    page = factories.make_article(body=f"<p>Short one. {long.capitalize()}. Another short one.</p>")
    thirty = factories.make_article(body=f"<p>{' '.join(['word'] * 30).capitalize()}.</p>")

    assert [f.message[:30] for f in checks.sentence_length(checks.as_draft(page))] == ["A sentence of 31 words (over 3"]
    assert found(thirty, checks.sentence_length) == []


@pytest.mark.parametrize(
    ("text", "preferred"),
    [
        ("Every addict deserves care.", "person with a substance use disorder"),
        ("Drug abusers are often arrested.", "person who uses drugs, or person with a substance use disorder"),
        ("Substance abuse is common.", "substance use (or substance use disorder)"),
        ("She tested clean last week.", "testing negative / testing positive"),
        ("A dirty urine screen is not a failure.", "testing negative / testing positive"),
        ("He was called a junkie.", "person who uses drugs"),
        ("My father is an alcoholic.", "person with alcohol use disorder"),
        ("Alcoholics can recover.", "person with alcohol use disorder"),
    ],
)
def test_stigmatizing_words_are_warned_with_the_preferred_term(text, preferred):
    findings = checks.person_first_language(checks.as_draft(factories.make_article(body=f"<p>{text}</p>")))

    assert [f.suggestion for f in findings] == [f"Say “{preferred}”."]


def test_person_first_language_and_adjective_uses_pass():
    page = factories.make_article(
        title="Help for people with alcohol use disorder",
        body=(
            "<p>A person with a substance use disorder can recover. Alcoholic drinks and alcoholic liver disease "
            "are different things. Alcoholics Anonymous meets weekly. The Substance Abuse and Mental Health "
            "Services Administration runs a helpline. She is testing negative. Clean the wound. Addiction is "
            "treatable.</p>"
        ),
    )

    assert found(page, checks.person_first_language) == []


def test_a_page_about_opioids_without_the_naloxone_and_988_block_is_warned():
    about = factories.make_article(title="Opioid overdose: the signs", body=PLAIN)
    with_block = factories.make_article(title="Opioid overdose: the signs", body=PLAIN + checks.OVERDOSE_GUIDANCE)
    unrelated = factories.make_article(title="Sleep and fibromyalgia", body=PLAIN)

    assert found(about, checks.overdose_guidance) == [
        "This page is about opioids or overdose but lacks the naloxone and 988 guidance."
    ]
    assert found(with_block, checks.overdose_guidance) == []
    assert found(unrelated, checks.overdose_guidance) == []


def test_the_standard_guidance_block_passes_every_check_itself():
    page = factories.make_article(title="Opioid overdose", body=checks.OVERDOSE_GUIDANCE, sources=ONE_SOURCE)

    assert checks.run(page) == []


# Outside links: checked in the background against a local server -------------------------


class StatusHandler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.server.requests.append(self.path)
        self.send_response(200 if self.path == "/ok" else 404 if self.path == "/missing" else 500)
        self.end_headers()

    def do_GET(self):
        self.do_HEAD()

    def log_message(self, *args):
        pass


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requests = []  # the paths it was asked for
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def local_server():
    """A link target on this machine, started with the link checker still refusing private addresses."""
    servers = []

    def start(handler):
        servers.append(serve(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def link_server(local_server, settings):
    settings.LINK_CHECK_PRIVATE_NETWORKS = True  # the test's server is on this machine
    return f"http://127.0.0.1:{local_server(StatusHandler).server_port}"


def test_outside_links_answering_4xx_or_5xx_are_warned_after_the_background_check(link_server, run_tasks):
    page = factories.make_article(
        body=f'<p><a href="{link_server}/ok">fine</a> <a href="{link_server}/missing">gone</a></p>',
        sources=[{"title": "Broken study link", "url": f"{link_server}/broken"}],
    )

    assert found(page, checks.broken_external_links) == []  # nothing checked yet, and nothing fetched now
    tasks.queue_link_checks(checks.external_urls(checks.as_draft(page)))
    run_tasks()

    today = timezone.localdate().isoformat()
    assert found(page, checks.broken_external_links) == [
        f"{link_server}/broken: the site had an error (500) when checked on {today}.",
        f"{link_server}/missing: the page was not found (404) when checked on {today}.",
    ]
    assert LinkCheck.objects.get(url=f"{link_server}/ok").status == 200


def test_an_address_that_does_not_answer_is_recorded_with_why_and_never_said_to_have_answered(settings):
    settings.LINK_CHECK_PRIVATE_NETWORKS = True
    page = factories.make_article(body='<p><a href="http://127.0.0.1:9/">nobody listens</a></p>')
    tasks.check_links.call(["http://127.0.0.1:9/"])

    result = LinkCheck.objects.get()
    assert result.status is None and result.error and result.is_broken
    [finding] = found(page, checks.broken_external_links)
    checked = f"when checked on {timezone.localdate()}"
    assert finding == f"http://127.0.0.1:9/ could not be opened {checked}: the site refused the connection."


def test_a_link_to_a_private_address_is_flagged_for_visitors_who_cannot_open_it():
    page = factories.make_article(body='<p><a href="http://10.0.0.5/intranet/">our notes</a></p>')
    tasks.check_links.call(["http://10.0.0.5/intranet/"])

    assert found(page, checks.broken_external_links) == [
        "http://10.0.0.5/intranet/ is not a public address: visitors cannot open it, so it was not checked."
    ]


def test_a_malformed_source_address_is_flagged_as_not_a_web_address():
    page = factories.make_article(sources=[{"title": "A study", "url": "http://example.com:99999/"}])
    tasks.check_links.call(["http://example.com:99999/"])

    assert found(page, checks.broken_external_links) == [
        "http://example.com:99999/ is not a valid web address, so it was not checked."
    ]


def test_links_checked_within_a_day_are_not_queued_again(link_server):
    url = f"{link_server}/ok"
    LinkCheck.objects.create(url=url, status=200, checked_at=timezone.now() - datetime.timedelta(hours=2))
    LinkCheck.objects.create(
        url=f"{link_server}/old", status=200, checked_at=timezone.now() - datetime.timedelta(days=2)
    )

    assert tasks.unchecked_urls([url, f"{link_server}/old", f"{link_server}/new"]) == [
        f"{link_server}/old",
        f"{link_server}/new",
    ]


def test_site_links_are_not_outside_links():
    page = factories.make_article(body='<p><a href="http://127.0.0.1:8000/contact/">us</a> <a href="/x/">x</a></p>')

    assert checks.external_urls(checks.as_draft(page)) == []


# The workflow re-runs the blocking checks --------------------------------------------------


def test_submit_refuses_with_the_list_of_what_to_fix():
    page = factories.make_article(body='<p>Take 3 mg.</p><img src="/media/a.png">', sources=[])

    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.submit(page, user=page.draft_updated_by)

    assert str(refused.value) == (
        "This draft cannot be sent for medical review until these are fixed: "
        "1. The image a.png in the body has no description (alt text). Describe what a reader needs to know. "
        "2. The page cites no sources. Add the studies or guidance it rests on. "
        "3. The section “Introduction” gives a dose (3 mg) but cites no source. "
        "Add a citation marker such as [1] for the dose."
    )
    page.refresh_from_db()
    assert page.review_state == "draft"


def test_publish_refuses_when_a_linked_page_went_off_the_site_after_approval():
    target = factories.make_live_condition(slug="crohns-disease")
    page = factories.make_article(body=f'<p><a href="{target.get_absolute_url()}">Crohn\'s</a></p>')
    factories.approve_draft(page)
    workflow.unpublish(target, user=factories.make_editor())

    with pytest.raises(workflow.WorkflowError, match="cannot be published until these are fixed: 1. The link to"):
        workflow.publish(page, user=factories.make_editor())


def test_a_scheduled_publication_whose_draft_now_fails_a_check_is_cancelled_with_the_reason():
    target = factories.make_live_condition(slug="ms")
    page = factories.make_article(body=f'<p><a href="{target.get_absolute_url()}">MS</a></p>')
    factories.approve_draft(page)
    workflow.publish(page, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(hours=1))
    workflow.unpublish(target, user=factories.make_editor())

    workflow.apply_due_schedules(type(page), now=timezone.now() + datetime.timedelta(hours=2))

    page.refresh_from_db()
    assert not page.is_live and page.publish_at is None
    event = ReviewEvent.objects.filter(object_id=page.pk, action="schedule_cancelled").get()
    assert "The link to /conditions/ms/ goes to a page that is not live." in event.note


def test_the_approval_records_the_warnings_the_reviewer_approved_despite():
    page = factories.make_article(body="<p>Every addict deserves care.</p>")

    factories.approve_draft(page)

    event = ReviewEvent.objects.get(object_id=page.pk, action="approve")
    assert [finding["check"] for finding in event.findings] == ["person_first_language"]
    assert event.findings[0]["suggestion"] == "Say “person with a substance use disorder”."


# Through the admin -------------------------------------------------------------------------


def change_url(page) -> str:
    return reverse(f"admin:{page._meta.app_label}_{page._meta.model_name}_change", args=[page.pk])


def test_the_change_page_shows_the_checks_panel_with_blocking_findings_and_warnings(client):
    writer = factories.make_writer()
    page = factories.make_article(user=writer, body="<p>Take 3 mg at bedtime.</p><p>Every addict matters.</p>")
    factories.login_staff(client, writer)

    response = client.get(change_url(page))

    html = response.content.decode()
    assert 'aria-labelledby="checks-panel-title"' in html
    assert "Must be fixed before review and publishing (1)" in html
    assert "The section “Introduction” gives a dose (3 mg) but cites no source." in html
    assert "Worth a second look (1)" in html
    assert "“addict” (addict) can stigmatize readers." in html and "Say “person with a substance use disorder”." in html


def test_sending_for_review_from_the_admin_is_refused_with_what_to_fix(client):
    writer = factories.make_writer()
    page = factories.make_article(user=writer, sources=[])
    factories.login_staff(client, writer)
    shown = client.get(change_url(page))

    response = client.post(
        change_url(page),
        factories.admin_change_data(
            shown, **{"review-action": "submit", "review-fingerprint": shown.context["original"].draft_fingerprint}
        ),
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "This draft cannot be sent for medical review until these are fixed: "
        "1. The page cites no sources. Add the studies or guidance it rests on."
    ]
    page.refresh_from_db()
    assert page.review_state == "draft"


def test_the_insert_button_saves_the_edits_then_appends_the_naloxone_and_988_guidance(client):
    writer = factories.make_writer()
    page = factories.make_article(user=writer, title="Opioid overdose", body=PLAIN)
    factories.login_staff(client, writer)
    shown = client.get(change_url(page))
    assert 'name="_insert_guidance"' in shown.content.decode()

    data = factories.admin_change_data(shown, summary="Edited before inserting.", _insert_guidance="1")
    response = client.post(change_url(page), data, follow=True)

    page.refresh_from_db()
    page.apply_draft()
    assert page.summary == "Edited before inserting."
    assert page.body.startswith(PLAIN) and page.body.endswith("free and confidential, day and night.</p>")
    assert "naloxone (Narcan)" in page.body and "call or text 988" in page.body
    assert "The naloxone and 988 guidance was added at the end of the body." in [
        str(m) for m in response.context["messages"]
    ]
    assert 'name="_insert_guidance"' not in response.content.decode()  # the warning is gone


def test_a_reviewer_who_may_only_read_gets_no_insert_button(client):
    page = factories.make_article(title="Opioid overdose", body=PLAIN)
    workflow.submit(page, user=page.draft_updated_by)
    factories.login_staff(client, factories.make_reviewer())

    html = client.get(change_url(page)).content.decode()

    assert "lacks the naloxone and 988 guidance" in html and 'name="_insert_guidance"' not in html


def test_saving_the_change_form_queues_the_link_check_without_fetching_anything(client, link_server):
    writer = factories.make_writer()
    page = factories.make_article(user=writer)
    factories.login_staff(client, writer)
    shown = client.get(change_url(page))

    client.post(
        change_url(page), factories.admin_change_data(shown, body=f'<p><a href="{link_server}/missing">x</a></p>')
    )

    assert LinkCheck.objects.count() == 0
    queued = DBTaskResult.objects.filter(task_path="editorial.tasks.check_links")
    assert [task.args_kwargs["args"] for task in queued] == [[[f"{link_server}/missing"]]]
    assert "1 outside link not checked yet" in client.get(change_url(page)).content.decode()


def test_the_daily_job_queues_every_pages_outside_links_not_checked_in_the_last_day(link_server, run_tasks):
    factories.make_live_article(body=f'<p><a href="{link_server}/missing">a</a> <a href="{link_server}/ok">b</a></p>')
    factories.make_condition(sources=[{"title": "Guidance", "url": f"{link_server}/broken"}])
    LinkCheck.objects.create(url=f"{link_server}/ok", status=200, checked_at=timezone.now())

    tasks.check_site_links.call()
    run_tasks()

    checked = dict(LinkCheck.objects.values_list("url", "status"))
    assert checked == {f"{link_server}/ok": 200, f"{link_server}/missing": 404, f"{link_server}/broken": 500}


def test_the_review_history_shows_the_warnings_kept_with_an_approval(client):
    page = factories.make_article(body="<p>Every addict deserves care.</p>")
    factories.approve_draft(page)
    factories.login_staff(client, factories.make_editor())

    html = client.get(change_url(page)).content.decode()

    assert "Check warnings at the time (1)" in html
    assert "<li>“addict” (addict) can stigmatize readers.</li>" in html


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (403, "the site refused the request (403)"),
        (404, "the page was not found (404)"),
        (410, "the page has been removed (410)"),
        (503, "the site had an error (503)"),
        (418, "the site answered with an error (418)"),
    ],
)
def test_a_broken_link_says_what_the_status_means(status, words):
    url = "https://clinic.example/page"
    page = factories.make_article(body=f'<p><a href="{url}">a page</a></p>')
    LinkCheck.objects.create(url=url, status=status, checked_at=timezone.now())

    assert found(page, checks.broken_external_links) == [f"{url}: {words} when checked on {timezone.localdate()}."]
