"""`make bench`'s report (bench/report.py): ratios beside goals and the workers' balance, from made-up inputs."""

from bench import report


def test_a_figure_at_least_its_goal_passes_and_one_below_misses():
    passing = report.Figure("article through Varnish", "nginx", report.ratio(60_000, 100_000), (report.AT_LEAST, 0.5))
    missing = report.Figure("article through Varnish", "nginx", report.ratio(40_000, 100_000), (report.AT_LEAST, 0.5))

    assert (passing.value, report.verdict(passing)) == (0.6, "pass")
    assert (missing.value, report.verdict(missing)) == (0.4, "MISS")


def test_a_cpu_ratio_is_held_to_at_most_its_goal_and_written_as_times():
    figure = report.Figure("article, uncached", "1 KB view", report.ratio(9.0, 1.2), (report.AT_MOST, 8), unit="times")

    assert report.formatted(figure.value, figure.unit) == "7.5×"
    assert report.goal_text(figure) == "≤ 8.0×"
    assert report.verdict(figure) == "pass"


def test_a_figure_without_a_goal_is_reported_without_a_verdict():
    figure = report.Figure("Django hit", "same bytes after one Redis GET", 0.83)

    assert (report.goal_text(figure), report.verdict(figure)) == ("—", "—")


def test_a_reference_that_measured_nothing_gives_a_zero_ratio_not_an_error():
    assert report.ratio(100.0, 0.0) == 0.0


def test_the_markdown_table_has_one_row_a_figure_and_the_notes_after_it():
    figures = [
        report.Figure("hit rate after one publish", "5,999 other pages", 0.9983, (report.AT_LEAST, 0.99), "percent"),
        report.Figure(
            "article, uncached", "1 KB view", 9.26, (report.AT_MOST, 8), "times", detail="11.1 against 1.2 ms"
        ),
    ]

    text = report.markdown(figures, ["Load average before: 0.3, 0.2, 0.1."])

    assert text.splitlines() == [
        "| measure | against (same run) | figure | goal | result | detail |",
        "| --- | --- | ---: | ---: | --- | --- |",
        "| hit rate after one publish | 5,999 other pages | 99.8 % | ≥ 99.0 % | pass |  |",
        "| article, uncached | 1 KB view | 9.3× | ≤ 8.0× | MISS | 11.1 against 1.2 ms |",
        "",
        "- Load average before: 0.3, 0.2, 0.1.",
    ]


def test_each_workers_share_counts_only_the_requests_of_the_run():
    before = {101: 500, 102: 20, 103: 0}
    after = {101: 800, 102: 320, 103: 200, 104: 200}  # 104 started during the run

    assert report.shares(before, after) == [0.3, 0.3, 0.2, 0.2]


def test_no_requests_served_gives_no_shares():
    assert report.shares({101: 5}, {101: 5}) == []


def test_idle_time_is_the_idle_share_of_the_cpu_time_that_passed():
    # /proc/stat readings (idle, total) in CPU seconds over both cores: 10 s of wall time, 2.5 s idle.
    assert report.idle_fraction((100.0, 1000.0), (102.5, 1020.0)) == 0.125
    assert report.idle_fraction((100.0, 1000.0), (100.0, 1000.0)) == 0.0


def test_the_balance_reads_each_share_then_the_idle_time():
    assert report.balance_text([0.52, 0.48], 0.031) == "52 % / 48 %; machine idle 3 %"
    assert report.balance_text([], 0.5) == "no requests; machine idle 50 %"
