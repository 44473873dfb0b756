"""The contact form walked in Chromium as visitors use it: fast autofill, typos, the limit, the thanks page, Back.

And the intake desk at 1280 px: the queue at a glance, readable phone numbers, a list without sideways scrolling.
"""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from contact.models import ContactRequest, Status
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations, close_quietly, login

pytestmark = pytest.mark.browser
SHOTS = "var/screenshots"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()  # the rate-limit counts of earlier tests live in this process's cache
    yield
    cache.clear()


def fill_valid(page, name: str = "Jordan Example", message: str = "My son wants to start treatment.") -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Phone number").fill("(212) 555-0123")
    page.get_by_label("Phone call").check()
    page.get_by_label("Someone I care about").check()
    page.get_by_label("Anything you would like us to know").fill(message)
    page.locator("#id_consent").check()


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.dataset.errorSummary || ''")


def test_form_filled_by_autofill_and_sent_at_once_reaches_the_queue(live_server, page):
    page.goto(f"{live_server.url}/contact/")
    fill_valid(page)  # well inside the 3 s a person would take: autofill and two taps
    page.get_by_role("button", name="Send message").click()

    page.wait_for_url(f"{live_server.url}/contact/thanks/")
    stored = ContactRequest.objects.get()
    assert (stored.status, stored.sent_fast, stored.spam_reason) == (Status.NEW, True, "")
    assert ContactRequest.objects.queue().count() == 1
    assert stored.reference in page.locator("main").inner_text()


def test_honeypot_is_out_of_reach_of_people_assistive_technology_and_autofill(live_server, page):
    page.goto(f"{live_server.url}/contact/")
    honeypot = page.locator("input[name=extra_details]")

    assert honeypot.get_attribute("autocomplete") == "off"
    assert not honeypot.is_visible()
    assert "Leave this field empty" not in page.locator("form.contact-form").aria_snapshot()
    seen = set()
    page.locator("#id_name").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("() => document.activeElement.name || ''"))
    assert "extra_details" not in seen
    assert {"phone", "email", "consent"} <= seen


def test_empty_form_sent_at_once_gets_a_focused_error_summary_linked_to_each_field(live_server, page):
    page.goto(f"{live_server.url}/contact/")
    page.get_by_label("Phone number").fill("12345")
    page.get_by_role("button", name="Send message").click()

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Error:")
    name = page.locator("#id_name")
    assert name.get_attribute("aria-invalid") == "true"
    assert "id_name_error" in name.get_attribute("aria-describedby")
    assert page.locator("#id_phone").get_attribute("aria-invalid") == "true"
    assert "(required)" in page.locator("label[for=id_name]").inner_text()
    assert "(required)" not in page.locator("label[for=id_email]").inner_text()
    page.screenshot(path=f"{SHOTS}/contact-errors-390.png", full_page=True)
    assert_no_axe_violations(page)

    summary.get_by_role("link", name="Enter your name").click()
    assert focused_id(page) == "id_name"
    summary.get_by_role("link", name="Choose how we should contact you.").click()
    assert focused_id(page) == "id_preferred_contact_0"
    assert ContactRequest.objects.count() == 0
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=f"{SHOTS}/contact-errors-1280.png", full_page=True)


def test_visitor_past_the_limit_is_told_the_truth_given_the_phone_first_and_keeps_their_words(
    live_server, page, settings
):
    settings.CONTACT_RATE_LIMIT = (1, 600)
    page.goto(f"{live_server.url}/contact/")
    page.get_by_role("button", name="Send message").click()  # refused for errors: not counted
    fill_valid(page)
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url(f"{live_server.url}/contact/thanks/")

    page.goto(f"{live_server.url}/contact/")
    fill_valid(page, name="Sam Second", message="Please ring after 6 pm.")
    response = page.expect_response(lambda r: r.request.method == "POST")
    with response as answer:
        page.get_by_role("button", name="Send message").click()

    assert answer.value.status == 429
    main = page.locator("main")
    assert "your message was not sent" in page.get_by_role("heading", level=1).inner_text()
    assert main.locator("a[href^='tel:']").first.inner_text() == "(555) 010-0199"
    assert "answered 24/7" in main.inner_text()
    assert page.get_by_label("Your name").input_value() == "Sam Second"
    assert page.get_by_label("Anything you would like us to know").input_value() == "Please ring after 6 pm."
    assert page.get_by_label("Phone call").is_checked()
    assert ContactRequest.objects.count() == 1
    page.screenshot(path=f"{SHOTS}/contact-limited-390.png", full_page=True)
    assert_no_axe_violations(page)


def test_thanks_page_gives_a_reference_and_hours_and_back_never_offers_to_resubmit(live_server, page):
    page.goto(f"{live_server.url}/contact/")
    fill_valid(page)
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url(f"{live_server.url}/contact/thanks/")

    stored = ContactRequest.objects.get()
    main = page.locator("main").inner_text()
    assert f"Your reference is {stored.reference}" in main
    assert page.locator(".reference").inner_text() == stored.reference != str(stored.pk)
    assert "answered 24/7" in main
    page.screenshot(path=f"{SHOTS}/contact-thanks-390.png", full_page=True)
    assert_no_axe_violations(page)

    page.go_back()
    assert page.url == f"{live_server.url}/contact/"
    assert page.get_by_role("heading", level=1).inner_text() == "Contact our admissions team"
    assert page.get_by_label("Your name").input_value() in ("", "Jordan Example")
    page.get_by_label("Your name").fill("Jordan Example")
    page.get_by_label("Anything you would like us to know").fill("One more thing: he is 17.")
    page.locator("#id_consent").check()
    page.get_by_label("Phone call").check()
    page.get_by_label("Someone I care about").check()
    page.get_by_label("Phone number").fill("(212) 555-0123")
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url(f"{live_server.url}/contact/thanks/")
    assert ContactRequest.objects.queue().count() == 2  # a fresh form after Back: a new request, not a replay


def test_intake_staff_see_their_queue_at_a_glance_and_the_list_fits_1280_px(live_server, browser):
    today = timezone.localdate()
    factories.make_intake("ines")
    factories.make_contact_request(name="Alexandria Montgomery-Featherstonehaugh", is_urgent=True, sent_fast=True)
    factories.make_contact_request(phone="+442079460958", follow_up_on=today)
    factories.make_contact_request(status=Status.CONTACTED, follow_up_on=today - datetime.timedelta(days=1))
    staff = browser.new_context(viewport=DESKTOP).new_page()

    login(staff, live_server, "ines")
    queue = staff.locator(".intake-dashboard")
    links = [" ".join(text.split()) for text in queue.get_by_role("link").all_inner_texts()]
    assert links == [
        "2 New",
        "1 Urgent and open",
        "3 Open and unassigned",
        "1 Follow-ups due today",
        "1 Follow-ups overdue",
    ]
    staff.screenshot(path=f"{SHOTS}/intake-home-1280.png", full_page=True)
    assert_no_axe_violations(staff)

    queue.get_by_role("link", name="1 Urgent and open").click()
    staff.wait_for_url("**/?status=open&is_urgent__exact=1")
    staff.locator("#result_list").wait_for()
    assert staff.locator("#result_list tbody tr").count() == 1
    staff.goto(f"{live_server.url}/admin/contact/contactrequest/")
    assert staff.locator("a[href='tel:+12125550123']").first.inner_text() == "(212) 555-0123"
    assert staff.locator("a[href='tel:+442079460958']").inner_text() == "+44 20 7946 0958"
    staff.screenshot(path=f"{SHOTS}/intake-list-1280.png", full_page=True)
    overflow = staff.evaluate(
        "() => { const r = document.querySelector('#changelist .results');"
        " return [r.scrollWidth, r.clientWidth, document.documentElement.scrollWidth]; }"
    )
    assert overflow[0] <= overflow[1] and overflow[2] <= DESKTOP["width"], overflow
    staff.screenshot(path=f"{SHOTS}/intake-list-1280.png", full_page=True)
    staff.set_viewport_size(PHONE)
    staff.screenshot(path=f"{SHOTS}/intake-list-390.png", full_page=True)
    close_quietly(staff.context)


def test_back_after_fixing_errors_and_sending_never_offers_to_resubmit(live_server, page):
    page.goto(f"{live_server.url}/contact/")
    page.get_by_label("Your name").fill("Jordan Example")
    page.get_by_role("button", name="Send message").click()  # no way to reach them: errors
    assert page.locator("[data-error-summary]").is_visible()
    assert page.get_by_label("Your name").input_value() == "Jordan Example"
    fill_valid(page)
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url(f"{live_server.url}/contact/thanks/")

    page.go_back()  # raises net::ERR_CACHE_MISS if the browser would have to post the form again

    assert page.url == f"{live_server.url}/contact/"
    assert page.get_by_role("heading", level=1).inner_text() == "Contact our admissions team"
    assert ContactRequest.objects.count() == 1
