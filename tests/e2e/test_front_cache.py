"""Varnish in front of the live site (deploy/varnish/default.vcl), purged by content tags from the worker.

Debian's ``varnish`` and ``varnish-modules`` (xkey) run here as CI installs them beside chromium. Without
varnishd the test skips locally; with REQUIRE_BROWSER=1 or CI set it fails instead, as the browser tests do.
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from editorial import workflow
from tests import factories, workers

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
PORTS = workers.own_ports(range(8500, 8600))  # this worker's share (tests/workers.py)
# How long a publish or an unpublish may take to show through Varnish, the worker's run included.
VISIBLE_WITHIN_SECONDS = 1.0


def free_port() -> int:
    return workers.free_port(PORTS)


def varnishd() -> str:
    executable = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)
    if executable:
        return executable
    if os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
        pytest.fail("varnishd is not installed (apt-get install -y varnish varnish-modules), and CI requires it.")
    pytest.skip("varnishd is not installed (apt-get install -y varnish varnish-modules).")


@pytest.fixture
def front_cache(live_server, settings, tmp_path):
    """Start Varnish with the repository's VCL in front of the live server; purges go to it."""
    executable = varnishd()
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "default.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    process = subprocess.Popen(
        [executable, "-F", "-n", str(tmp_path / "varnish"), "-a", f"127.0.0.1:{port}", "-f", str(vcl)]
        # -j none: run as whoever runs the tests (no jail user, who could not read tmp_path).
        + ["-j", "none", "-s", "malloc,32m", "-p", "default_grace=0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, process)
        settings.SHARED_CACHE_SECONDS = 600
        settings.CACHE_TAG_HEADER = "xkey"
        settings.VARNISH_PURGE_URL = f"http://127.0.0.1:{port}/"
        yield f"http://localhost:{port}"
    finally:
        process.kill()
        process.wait(timeout=10)


def wait_for_port(port: int, process: subprocess.Popen, attempts: int = 200) -> None:
    for _ in range(attempts):
        if process.poll() is not None:
            raise RuntimeError(f"varnishd exited: {process.stderr.read().decode() if process.stderr else ''}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("varnishd did not start listening")


def get(url: str, cookie: str = "") -> tuple[int, str, str]:
    """Return the status, the X-Cache Varnish answered with and the body of a GET through it."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("X-Cache", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache", ""), error.read().decode()


def until(condition, seconds: float = VISIBLE_WITHIN_SECONDS) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` have passed (a bound, not a measurement)."""
    deadline = time.monotonic() + seconds
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def run_worker() -> None:
    call_command("run_worker", "--batch", verbosity=0)


def edit(obj, staff, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    workflow.save_draft(obj, user=staff["writer"])
    return factories.publish(obj, reviewer=staff["reviewer"], editor=staff["editor"])


@pytest.fixture
def staff(transactional_db):
    return {"writer": factories.make_writer(), "reviewer": factories.make_reviewer(), "editor": factories.make_editor()}


def test_a_publish_and_an_unpublish_show_through_varnish_within_a_second(front_cache, staff):
    article = factories.publish(
        factories.make_article(title="Naltrexone at low dose", summary="First summary.", user=staff["writer"]),
        reviewer=staff["reviewer"],
        editor=staff["editor"],
    )
    run_worker()  # the purges of the set-up
    page, listing = front_cache + article.get_absolute_url(), front_cache + "/articles/"
    assert get(page)[1] == "miss" and get(page)[1] == "hit"
    assert get(listing)[1] == "miss" and get(listing)[1] == "hit"

    edit(article, staff, summary="A corrected summary.")
    run_worker()

    assert until(lambda: "A corrected summary." in get(page)[2])
    assert until(lambda: "A corrected summary." in get(listing)[2])

    workflow.unpublish(article, user=staff["editor"])
    run_worker()

    assert until(lambda: get(page)[0] == 404)
    assert until(lambda: "Naltrexone at low dose" not in get(listing)[2])


def test_an_unrelated_page_stays_in_varnish_after_a_publish(front_cache, staff):
    one, other = (
        factories.publish(factories.make_article(title=title, user=staff["writer"]), **reviewed(staff))
        for title in ("Article one", "Article two")
    )
    run_worker()
    other_page = front_cache + other.get_absolute_url()
    get(other_page)

    edit(one, staff, summary="One changed.")
    run_worker()

    assert get(other_page)[1] == "hit"


def test_an_editor_with_a_session_never_gets_a_cached_page(front_cache, staff):
    article = factories.publish(factories.make_article(user=staff["writer"]), **reviewed(staff))
    run_worker()
    page = front_cache + article.get_absolute_url()
    get(page)
    assert get(page)[1] == "hit"  # stored for visitors
    signed_in = Client()
    signed_in.force_login(staff["editor"])
    session = f"sessionid={signed_in.cookies['sessionid'].value}"

    answers = [get(page, cookie=session)[1] for _ in range(2)]

    assert answers == ["pass", "pass"]


def test_the_contact_form_and_search_are_never_stored(front_cache, staff):
    for path in ("/contact/", "/search/?q=naltrexone"):
        answers = [get(front_cache + path)[1] for _ in range(2)]
        assert answers == ["pass", "pass"], path


def reviewed(staff):
    return {"reviewer": staff["reviewer"], "editor": staff["editor"]}
