"""A TCP proxy that can cut every connection at once: a database outage without touching the database.

The app servers reach PostgreSQL through it. ``cut()`` closes every open connection in both directions
without a goodbye (in-flight queries and commits lose their answers, as when a server dies) and refuses
new ones until ``restore()``. The machine's PostgreSQL keeps running for everyone else.
"""

import contextlib
import selectors
import socket
import threading


class Proxy:
    def __init__(self, upstream: tuple[str, int], port: int = 0):
        self.upstream = upstream
        self.port = port
        self.listener: socket.socket | None = None
        self.lock = threading.Lock()
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.stopped = threading.Event()

    def __enter__(self) -> "Proxy":
        self.restore()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.cut()

    def restore(self) -> None:
        """Accept connections again."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Drop every connection mid-stream and refuse new ones."""
        with self.lock:
            listener, self.listener = self.listener, None
            pairs, self.pairs = self.pairs, []
        if listener is not None:
            # shutdown() first: close() alone leaves the socket listening for as long as the accepting thread
            # is blocked in accept(), and restore() could not bind the port again.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for client, server in pairs:
            for side in (client, server):
                with contextlib.suppress(OSError):
                    side.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    side.close()  # linger 0: a reset, not a clean close

    def _accept(self, listener: socket.socket) -> None:
        while not self.stopped.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                if self.listener is not listener:
                    client.close()
                    server.close()
                    return
                self.pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, server)
        selector.register(server, selectors.EVENT_READ, client)
        try:
            while True:
                for key, _ in selector.select(timeout=1):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except (OSError, ValueError):
            return
        finally:
            selector.close()
            for side in (client, server):
                with contextlib.suppress(OSError):
                    side.close()
            with self.lock:
                if (client, server) in self.pairs:
                    self.pairs.remove((client, server))
