"""Bad input answered with 400 is an expected fault: the server log gets one line naming the error, no traceback."""

import http.client
import re

from tests.faults.conftest import Server, free_port, site_env


def raw_request(port: int, method: str, path: str, headers: dict, body: bytes = b"") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def test_oversized_post_and_unknown_host_get_400_and_one_log_line_each(demo_database, tmp_path):
    port = free_port()
    with Server(port, site_env(demo_database.url), tmp_path / "gunicorn.log") as server:
        host = {"Host": f"127.0.0.1:{port}"}
        cookie = re.search(r"csrftoken=([^;]+)", raw_request(port, "GET", "/contact/", host).getheader("Set-Cookie"))
        form = {**host, "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie.group(1)}"}
        # Announce a body past DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB); the server answers before it is all sent.
        form["Content-Length"] = str(6 * 1024 * 1024)
        assert raw_request(port, "POST", "/contact/", form, b"message=mmmm").status == 400
        assert raw_request(port, "GET", "/", {"Host": "attacker.example"}).status == 400

    log = server.output()
    assert "Traceback" not in log
    for error in ("RequestDataTooBig", "DisallowedHost"):
        lines = [line for line in log.splitlines() if f"({error})" in line]
        assert len(lines) == 1 and lines[0].startswith(f"django.security.{error}: "), log
