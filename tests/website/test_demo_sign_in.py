"""A newcomer runs `make run` and is told, last, how to sign in; README shows the same block."""

import os
import re
import select
import signal
import subprocess
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.databases import copy_sqlite

ROOT = Path(__file__).resolve().parents[2]
RUN_ADDR = "127.0.0.1:8201"


def readme_block() -> str:
    readme = (ROOT / "README.md").read_text()
    return re.search(r"<!-- demo-sign-in -->\n```text\n(.*?)\n```", readme, re.S).group(1)


def test_readme_shows_the_sign_in_block_the_command_prints(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = StringIO()

    call_command("demo_sign_in", url="http://127.0.0.1:8000", stdout=out)

    assert out.getvalue().strip() == readme_block()
    assert "recovery-demo-password" in readme_block()
    assert [line.split()[0] for line in readme_block().splitlines()[1:7]] == [
        "writer",
        "reviewer",
        "revisora",  # the medical reviewer who reads Spanish (issue 30)
        "editor",
        "intake",
        "admin",
    ]


def read_until(process, marker: str, timeout: float) -> str:
    output, deadline = "", time.monotonic() + timeout
    while marker not in output and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536).decode(errors="replace")
            if not chunk:
                break
            output += chunk
    return output


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "python").exists(), reason="make run needs the project's .venv")
def test_make_run_summarises_the_demo_mail_then_prints_the_sign_in_block(tmp_path, migrated_sqlite):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env["PYTHONUNBUFFERED"] = "1"
    # A newcomer's new SQLite database, migrated already (a copy of the test run's): make run's own migrate,
    # which takes seconds on an empty database, has nothing left to do; load_demo fills it as on a first run.
    database = copy_sqlite(migrated_sqlite, tmp_path / "demo.sqlite3")
    env["DATABASE_URL"] = f"sqlite:///{database}"
    env["DJANGO_EMAIL_FILE_PATH"] = str(tmp_path / "mail")  # not the checkout's var/mail/
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"RUN_ADDR={RUN_ADDR}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output = read_until(process, "Quit the server with", timeout=240)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    assert "Quit the server with" in output, output[-3000:]
    assert "AXES" not in output
    assert "Subject: " not in output  # the mail went to files, not the console
    subjects = sum(path.read_text().count("\nSubject: ") for path in (tmp_path / "mail").iterdir())
    assert subjects > 0
    summary = f"{subjects} demo e-mails written to {tmp_path / 'mail'}/ (open them with any text viewer)"
    assert output.count("Sign in to the demo at") == 1  # once, last, with the address it serves on
    block_at = output.rindex("Sign in to the demo at")
    assert output.index(summary) < block_at
    assert output.index(f"Starting development server at http://{RUN_ADDR}/") > block_at
    block = output[block_at:].splitlines()[:8]
    assert block[0] == f"Sign in to the demo at http://{RUN_ADDR}/admin/ as one of:"
    assert block[7].startswith("Password for every account: recovery-demo-password")
