"""A partner's webhook receiver on this machine: an http.server thread that answers what the test says."""

import http.server
import threading

from tests import workers

PORTS = workers.own_ports(range(8400, 8500))  # this worker's share (tests/workers.py)
# Ports given to receivers not yet closed: a receiver not started yet (a partner who is down) holds its port too.
TAKEN: set[int] = set()


def free_port() -> int:
    port = workers.free_port(PORTS, skip=TAKEN)
    TAKEN.add(port)
    return port


class Receiver:
    """Keeps every request it is sent (headers and body) and answers each with ``status`` (and ``location``).

    Made with a port and not started, it is a partner whose server is down: connections are refused.
    """

    def __init__(self, status: int = 200, location: str = "") -> None:
        self.port = free_port()
        self.status, self.location = status, location
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.server: http.server.HTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/recovery"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.received.append((dict(self.headers.items()), body))
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        http.server.HTTPServer.allow_reuse_address = True
        self.server = http.server.HTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def close(self) -> None:
        self.stop()
        TAKEN.discard(self.port)
