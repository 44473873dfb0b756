"""A visitor asks for help on a phone; an intake staff member finds the request, takes it and closes it."""

import pytest

from contact.models import ContactRequest, ContactView, Status
from tests import factories
from tests.e2e.conftest import DESKTOP, assert_no_axe_violations, close_quietly, login

pytestmark = pytest.mark.browser


def test_visitor_asks_for_help_on_a_phone_and_intake_staff_close_the_request(live_server, page, browser, settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0  # a script types faster than the time-trap allows a person to
    factories.make_intake("ines")

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Talk to admissions").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Contact our admissions team"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send message").click()
    assert page.get_by_role("alert").is_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Your name").fill("Jordan Example")
    page.get_by_label("Phone number").fill("(212) 555-0123")
    page.get_by_label("Phone call").check()
    page.get_by_label("Someone I care about").check()
    page.get_by_label("Anything you would like us to know").fill("My son wants to start treatment.")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Send message").click()

    page.wait_for_url(f"{live_server.url}/contact/thanks/")
    assert "call you" in page.locator("main").inner_text()
    assert page.locator("main a[href='tel:988']").count() == 1
    assert_no_axe_violations(page)
    assert page.console_errors == []
    request = ContactRequest.objects.get()

    staff = browser.new_context(viewport=DESKTOP).new_page()
    login(staff, live_server, "ines")
    staff.goto(f"{live_server.url}/admin/contact/contactrequest/")
    staff.get_by_role("textbox").first.fill("Jordan")
    staff.keyboard.press("Enter")
    staff.get_by_role("link", name="Jordan Example").click()
    assert "My son wants to start treatment." in staff.locator("#content").inner_text()
    staff.get_by_label("Owner").select_option(label="ines")
    staff.get_by_label("Status").select_option(label="Closed")
    staff.get_by_label("Outcome").select_option(label="Admitted")
    staff.locator("textarea[name='notes-0-text']").fill("Called back; admitted on Monday.")
    staff.get_by_role("button", name="Save", exact=True).click()

    assert "was changed successfully" in staff.locator(".messagelist").inner_text()
    request.refresh_from_db()
    assert (request.status, request.outcome, request.owner.username) == (Status.CLOSED, "admitted", "ines")
    assert request.notes.get().author.username == "ines"
    assert ContactView.objects.filter(request=request, user__username="ines").exists()
    close_quietly(staff.context)
