"""Mail servers for tests, on this machine: one that accepts and never answers, and a real SMTP sink."""

import contextlib
import socket
import threading

from aiosmtpd.controller import Controller

from tests import workers

PORTS = workers.own_ports(range(8300, 8400))  # this worker's share (tests/workers.py)


def free_port() -> int:
    return workers.free_port(PORTS)


@contextlib.contextmanager
def silent_server():
    """Yield the port of a server whose kernel accepts connections that nobody ever reads or answers."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", free_port()))
    listener.listen(64)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


class Sink:
    """Keeps every message it is given, as the envelope and raw text an SMTP server receives."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's handler name)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@contextlib.contextmanager
def smtp_sink():
    """Yield (port, sink) of a real SMTP server that keeps what it receives."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, sink
    finally:
        controller.stop()


@contextlib.contextmanager
def dripping_server(every: float = 1.0, lifetime: float = 15.0):
    """Yield (port, connected) of a server that answers each connection one byte of greeting every ``every`` s.

    ``connected`` is set once a client is being dripped on. Every connection is closed after ``lifetime``
    seconds, or when the block ends, so a client that never gives up is still released.
    """
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", free_port()))
    listener.listen(8)
    listener.settimeout(0.2)
    stop, connected = threading.Event(), threading.Event()

    def drip(conn):
        with conn:
            for _ in range(int(lifetime / every)):
                try:
                    conn.sendall(b"2")  # "220 ..." that never gets further than its first bytes
                except OSError:
                    return  # the client hung up
                connected.set()
                if stop.wait(every):
                    return

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield listener.getsockname()[1], connected
    finally:
        stop.set()
        acceptor.join()
        listener.close()
