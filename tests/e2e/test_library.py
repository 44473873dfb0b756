"""The media library's screens pass axe at phone and desktop widths, as a writer uses them (issue 28)."""

import pytest

from tests import factories
from tests.e2e.conftest import PHONE, assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_library_list_upload_and_change_pages_have_no_axe_violations(desk, live_server):
    used = factories.make_image(title="Two capsules", credit="Illustration: Sample Artist")
    factories.make_article(title="What naltrexone is", hero_image=used)
    factories.make_image(title="Undescribed upload", alt_text="")
    page = desk(factories.make_writer("librarian"))
    screens = [
        "/admin/library/image/",
        "/admin/library/image/?missing=alt",
        "/admin/library/image/upload/",
        f"/admin/library/image/{used.pk}/change/",
    ]

    for viewport in (None, PHONE):  # the desk opens at 1280 px
        if viewport:
            page.set_viewport_size(viewport)
        for path in screens:
            page.goto(live_server.url + path)
            assert_no_axe_violations(page)
    assert "What naltrexone is" in page.content()  # the change page lists where the picture is used
