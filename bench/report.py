"""The one report of `make bench`: each figure as a ratio to a reference measured in the same run, beside its goal.

Pure functions only (no server, no clock), so tests/bench/test_report.py checks them with made-up inputs.
Why each reference: docs/performance.md.
"""

from dataclasses import dataclass

AT_LEAST, AT_MOST = "≥", "≤"


@dataclass
class Figure:
    """One line of the report: what was measured, against what, its value and the goal it is held to."""

    measure: str
    reference: str
    value: float
    # (AT_LEAST or AT_MOST, bound); None: reported without a goal.
    goal: tuple[str, float] | None = None
    # How the value is written: "ratio" (0.52), "times" (6.3×) or "percent" (99.1 %).
    unit: str = "ratio"
    detail: str = ""

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        direction, bound = self.goal
        return self.value >= bound if direction == AT_LEAST else self.value <= bound


def ratio(value: float, reference: float) -> float:
    """Return value / reference, 0 when the reference measured nothing (a failed run shows, it does not crash)."""
    return value / reference if reference else 0.0


def percent(value: float, digits: int = 0) -> str:
    """Return a share as the report writes it: 0.991 -> "99.1 %" (one digit asked)."""
    return f"{value * 100:.{digits}f} %"


def formatted(value: float, unit: str) -> str:
    if unit == "percent":
        return percent(value, 1)
    if unit == "times":
        return f"{value:.1f}×"
    return f"{value:.2f}"


def goal_text(figure: Figure) -> str:
    if figure.goal is None:
        return "—"
    direction, bound = figure.goal
    return f"{direction} {formatted(bound, figure.unit)}"


def verdict(figure: Figure) -> str:
    return {None: "—", True: "pass", False: "MISS"}[figure.met]


def markdown(figures: list[Figure], notes: list[str] = ()) -> str:
    """Return the report as a Markdown table, then its notes (what ran, how busy the machine was) as a list."""
    lines = [
        "| measure | against (same run) | figure | goal | result | detail |",
        "| --- | --- | ---: | ---: | --- | --- |",
    ]
    for figure in figures:
        lines.append(
            f"| {figure.measure} | {figure.reference} | {formatted(figure.value, figure.unit)} "
            f"| {goal_text(figure)} | {verdict(figure)} | {figure.detail} |"
        )
    return "\n".join([*lines, "", *(f"- {note}" for note in notes)]).rstrip() + "\n"


def shares(before: dict[int, int], after: dict[int, int]) -> list[float]:
    """Return each worker's share of the requests served between two counts (by pid), largest first.

    A worker missing from ``before`` started during the run and counts from zero.
    """
    served = [count - before.get(pid, 0) for pid, count in after.items()]
    total = sum(served)
    return sorted((count / total for count in served), reverse=True) if total else []


def idle_fraction(before: tuple[float, float], after: tuple[float, float]) -> float:
    """Return the share of the machine's CPU time left idle between two (idle, total) readings of /proc/stat."""
    elapsed = after[1] - before[1]
    return (after[0] - before[0]) / elapsed if elapsed > 0 else 0.0


def balance_text(worker_shares: list[float], idle: float) -> str:
    """Return the workers' shares and the machine's idle time as the report writes them: "52 % / 48 %; idle 3 %"."""
    each = " / ".join(percent(share) for share in worker_shares) or "no requests"
    return f"{each}; machine idle {percent(idle)}"
