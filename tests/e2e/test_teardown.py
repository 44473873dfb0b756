"""The browser tests' teardown waits for requests the live server is handling, and only for those."""

import threading

from django.core.signals import request_finished, request_started

from tests.e2e.conftest import RequestsInFlight


def test_a_request_in_another_thread_is_in_flight_until_it_finishes_or_its_thread_ends():
    requests = RequestsInFlight()
    started, release = threading.Event(), threading.Event()

    def handle(finish: bool) -> None:
        requests.started()
        started.set()
        release.wait()
        if finish:
            requests.finished()

    server = threading.Thread(target=handle, args=(True,))
    server.start()
    started.wait()
    assert requests.busy()
    release.set()
    server.join()
    assert not requests.busy()

    started.clear()
    release.clear()
    dropped = threading.Thread(target=handle, args=(False,))  # a connection dropped mid-request
    dropped.start()
    started.wait()
    assert requests.busy()
    release.set()
    dropped.join()
    assert not requests.busy()


def test_the_test_clients_own_unfinished_requests_do_not_count():
    requests = RequestsInFlight()
    request_started.connect(requests.started)
    request_finished.connect(requests.finished)
    try:
        request_started.send(sender=None)  # as the test client does for a streamed response never read
        assert not requests.busy()
    finally:
        request_started.disconnect(requests.started)
        request_finished.disconnect(requests.finished)
