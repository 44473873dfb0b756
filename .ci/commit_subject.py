#!/usr/bin/env python3
"""Check commit subjects: at most 72 characters, saying what changed (the why goes in the body).

As a commit-msg hook (.pre-commit-config.yaml): ``commit_subject.py <message file>``.
In `make lint` and CI: ``commit_subject.py --range <rev>..HEAD`` checks every commit in the range.
"""

import subprocess
import sys

LIMIT = 72


def problem(subject: str) -> str | None:
    """Return what is wrong with a commit subject, or None."""
    if not subject.strip():
        return "the subject line is empty"
    if len(subject) > LIMIT:
        return f"the subject is {len(subject)} characters; at most {LIMIT} (put the why in the body)"
    return None


def subject_of(message: str) -> str:
    """Return the first line that is not a git comment."""
    lines = [line for line in message.splitlines() if not line.startswith("#")]
    return lines[0] if lines else ""


def main(args: list[str]) -> int:
    if args[:1] == ["--range"]:
        command = ["git", "log", "--format=%h %s", args[1]]  # git from PATH, a range the developer or CI gives
        log = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603, S607
        commits = [line.split(" ", 1) for line in log.stdout.splitlines()]
    else:
        with open(args[0], encoding="utf-8") as message:
            commits = [("new commit", subject_of(message.read()))]
    failures = [f"{sha}: {problem(subject)}: {subject}" for sha, subject in commits if problem(subject)]
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
