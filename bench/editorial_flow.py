"""The writer -> reviewer -> editor flow in a browser against the site as `make run` starts it; count answers >= 500.

Issue 25: on `make run` (SQLite, the worker writing beside runserver) 2 of about 8 workflow presses answered 503
("database is locked") and the writer's edit was lost. This starts the site the same way on a fresh SQLite file in a
temporary folder (migrate, load_demo, send_demo_mail, then run_worker beside runserver, DJANGO_DEBUG=1), signs the
demo writer, reviewer and editor in through the sign-in pages (password, then the demo's TOTP code), and repeats
ROUNDS times, over the demo's five pages in turn: the writer types into the body and presses "Send for medical
review" (saving first where the page is still scheduled), the reviewer presses "Approve this version", the editor
presses "Publish now" (even rounds) or "Schedule publication" two minutes ahead (odd rounds; the worker publishes).
Every save queues link checks and every publication renditions and cache work, so the worker writes throughout.
Every response >= 500 is printed; the exit status is 1 if there was any, or if a press did not end in its success
message (screenshots of that round go to bench/results/).

Run: ``python bench/editorial_flow.py`` (EDITORIAL_FLOW_ROUNDS=20 by default; EDITORIAL_FLOW_PORT=8207).
"""

import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
ROUNDS = int(os.environ.get("EDITORIAL_FLOW_ROUNDS", "20"))
PORT = int(os.environ.get("EDITORIAL_FLOW_PORT", "8207"))
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = os.environ.get("DEMO_PASSWORD", "recovery-demo-password")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous: a press may wait up to the 30 s busy timeout behind the worker, and that wait is not a failure.
PRESS_TIMEOUT_MS = 60_000
RESULTS = ROOT / "bench" / "results"


def environment(folder: Path) -> dict[str, str]:
    """Return `make run`'s environment (DJANGO_DEBUG=1), on a fresh SQLite file with mail and media in folder."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_EMAIL_FILE_PATH=str(folder / "mail"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        # No REDIS_URL: the embedded default has none.
        REDIS_URL="",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def start(env: dict, log, *args: str) -> subprocess.Popen:
    """Start a long-running manage.py command in its own process group (runserver's reloader has a child)."""
    return subprocess.Popen(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    """Stop a process group this script started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_for_server(deadline_seconds: float = 60) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{BASE}/healthz/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer on {BASE} within {deadline_seconds:.0f} s.")


def port_is_free() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) != 0


def demo_code(env: dict) -> str:
    """Return the demo accounts' current sign-in code, as `make demo-code` prints it."""
    result = subprocess.run(
        [PYTHON, "manage.py", "demo_code"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def sign_in(page, username: str, env: dict) -> None:
    page.goto(f"{BASE}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/sign-in/verify/**")
    page.fill("#id_code", demo_code(env))
    page.click("#code-form input[type=submit]")
    page.wait_for_url(f"{BASE}/admin/")


def change_pages(page) -> list[str]:
    """Return the change pages of the demo's article and condition pages, read from the admin's lists."""
    urls = []
    for listing in ("/admin/articles/article/", "/admin/conditions/condition/"):
        page.goto(f"{BASE}{listing}")
        urls += [
            BASE + href
            for href in page.locator("#result_list a[href*='/change/']").evaluate_all(
                "a => a.map(e => e.getAttribute('href'))"
            )
        ]
    return urls


def press(page, button: str, expected: str) -> str:
    """Press a review button and return the message shown; fail unless it is a success saying `expected`."""
    page.get_by_role("button", name=button, exact=True).click()
    message = page.locator(".messagelist li").first
    message.wait_for(timeout=PRESS_TIMEOUT_MS)
    text = message.inner_text()
    if expected not in text or "error" in (message.get_attribute("class") or ""):
        raise RuntimeError(f"{button!r}: {text!r}")
    return text


def schedule_time() -> str:
    """A datetime-local value two minutes ahead in the site's time zone (the worker publishes each minute)."""
    now = datetime.datetime.now(zoneinfo.ZoneInfo("America/New_York"))
    return (now + datetime.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M")


def one_round(number: int, url: str, writer, reviewer, editor) -> None:
    writer.goto(url)
    body = writer.locator(".ck-editor__editable").first
    body.click()
    body.press("Control+End")
    body.press_sequentially(f" Checked again in round {number}.")
    if not writer.locator("#id_review-note").count():
        # Approved and scheduled (an odd round's page the worker has not published yet): no review button until
        # the edit is saved, which voids the approval and the schedule, as the page warns.
        writer.locator("input[name=_continue]").first.click()
        writer.locator(".messagelist li").first.wait_for(timeout=PRESS_TIMEOUT_MS)
    writer.fill("#id_review-note", f"Round {number}: ready for review.")
    press(writer, "Send for medical review", "Sent for medical review")

    reviewer.goto(url)
    press(reviewer, "Approve this version", "Approved")

    editor.goto(url)
    if number % 2 == 0:
        press(editor, "Publish now", "Published")
    else:
        editor.fill("#id_review-when", schedule_time())
        press(editor, "Schedule publication", "Scheduled to go live")


def save_screenshots(number: int, pages: dict) -> None:
    """Keep what each person saw when a round failed, in bench/results/ (not committed)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    for username, page in pages.items():
        page.screenshot(path=str(RESULTS / f"editorial-flow-round-{number}-{username}.png"), full_page=True)


def walk(env: dict) -> tuple[list[str], list[str]]:
    """Run the rounds; return the responses >= 500 and the presses that failed."""
    from playwright.sync_api import sync_playwright

    server_errors, failures = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        pages = {}
        for username in ("writer", "reviewer", "editor"):
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.on(
                "response",
                lambda response, who=username: (
                    server_errors.append(f"{who}: {response.status} {response.request.method} {response.url}")
                    if response.status >= 500
                    else None
                ),
            )
            for attempt in range(1, 4):  # as a person would, sign in again after a failed try
                try:
                    sign_in(page, username, env)
                    break
                except Exception as error:  # recorded and reported
                    failures.append(f"{username}'s sign-in, try {attempt}: {str(error).splitlines()[0]}")
            pages[username] = page
        urls = list(dict.fromkeys(change_pages(pages["editor"])))
        print(f"Pages walked in turn: {', '.join(urls)}", flush=True)
        for number in range(1, ROUNDS + 1):
            started = time.monotonic()
            try:
                one_round(number, urls[(number - 1) % len(urls)], pages["writer"], pages["reviewer"], pages["editor"])
                outcome = "ok"
            except Exception as error:  # recorded and reported; the next round goes on
                outcome = f"failed: {str(error).splitlines()[0]}"
                failures.append(f"round {number}: {outcome}")
                save_screenshots(number, pages)
            print(f"round {number:2d}: {outcome} ({time.monotonic() - started:.1f} s)", flush=True)
        browser.close()
    return server_errors, failures


def main() -> int:
    if not shutil.which("chromium"):
        raise SystemExit("Debian's chromium is needed (apt-get install chromium).")
    if not port_is_free():
        raise SystemExit(f"Port {PORT} is in use: set EDITORIAL_FLOW_PORT.")
    with tempfile.TemporaryDirectory(prefix="editorial-flow-") as tmp:
        folder = Path(tmp)
        env = environment(folder)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        manage(env, "send_demo_mail")
        with open(folder / "server.log", "w") as log:
            worker = start(env, log, "run_worker")
            server = start(env, log, "runserver", f"127.0.0.1:{PORT}")
            try:
                wait_for_server()
                server_errors, failures = walk(env)
            finally:
                stop(server)
                stop(worker)
        log_text = (folder / "server.log").read_text(errors="replace")
        locked = log_text.count("database is locked") + log_text.count("Database unavailable")
        mails = sum(path.read_text(errors="replace").count("\nSubject: ") for path in (folder / "mail").iterdir())
    print(f"{ROUNDS} rounds, {len(failures)} failed; {len(server_errors)} responses >= 500")
    print(f"{mails} e-mails written by the worker and the server; database errors in the logs: {locked}")
    for line in server_errors + failures:
        print(f"  {line}")
    return 1 if server_errors or failures else 0


if __name__ == "__main__":
    sys.exit(main())
