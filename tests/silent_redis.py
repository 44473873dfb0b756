"""A hung Redis for tests: a port that accepts connections and never answers, counting the calls that waited."""

import contextlib
import socket


class SilentRedis:
    """A port that accepts connections and never answers: a hung Redis, counting the calls that waited on it.

    Each Redis call the site makes against it opens a connection, sends its command and waits for its socket
    timeout; the client then drops the connection, so each accepted connection is one call that waited. They
    are counted by draining the accept queue (the kernel completes each connection before the client sends),
    so the count after a response holds every wait that response caused: no clock, no thread.
    """

    def __init__(self, port: int = 0) -> None:
        """Listen on ``port`` (0: one the system picks)."""
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(128)
        self.listener.setblocking(False)
        self.held: list[socket.socket] = []
        self.port = self.listener.getsockname()[1]

    def waits(self) -> int:
        """Return how many calls waited on this port since the last time this was asked."""
        before = len(self.held)
        with contextlib.suppress(BlockingIOError):
            while True:
                self.held.append(self.listener.accept()[0])
        return len(self.held) - before

    def close(self) -> None:
        for connection in self.held:
            connection.close()
        self.listener.close()
