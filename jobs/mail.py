"""SMTP with an overall deadline per connection (docs/architecture.md, "Background work").

Django's ``EMAIL_TIMEOUT`` bounds each socket read, so a server that drips one byte every few seconds
holds a worker for minutes. Here a watchdog shuts the connection's socket down once
``EMAIL_DEADLINE_SECONDS`` have passed since it was opened (greeting, TLS, login, every message and QUIT
included), and the send fails with ``MailDeadlineExceeded``, which the task's retries handle like any
other mail failure. Django opens one connection per ``EmailMessage.send()``, so that is a deadline per mail.
"""

import contextlib
import smtplib
import socket
import threading
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend


class MailDeadlineExceeded(smtplib.SMTPServerDisconnected):
    """The mail server took longer than EMAIL_DEADLINE_SECONDS in all; the connection was cut."""


# The mixin goes in front of smtplib.SMTP or SMTP_SSL (below): for mypy it is an SMTP connection.
if TYPE_CHECKING:
    SMTPBase = smtplib.SMTP
else:
    SMTPBase = object


class DeadlineMixin(SMTPBase):
    """An smtplib connection that cuts itself at a deadline, whatever phase it is in."""

    def __init__(self, *args, deadline: float, **kwargs):
        self.expired = False
        self.watchdog = threading.Timer(deadline, self.cut)
        self.watchdog.daemon = True
        self.watchdog.start()
        try:
            super().__init__(*args, **kwargs)  # connects and reads the greeting
        except Exception:
            self.watchdog.cancel()
            raise

    def cut(self) -> None:
        """Mark the connection expired and wake whatever read or write is blocked on its socket."""
        self.expired = True
        sock = getattr(self, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)

    def check_deadline(self) -> None:
        if self.expired:
            self.close()
            raise MailDeadlineExceeded("The mail server did not finish within EMAIL_DEADLINE_SECONDS.")

    def getreply(self):
        self.check_deadline()  # cut while connecting, before there was a socket to shut down
        try:
            reply = super().getreply()
        except OSError:
            self.check_deadline()  # a read cut by the watchdog: say why
            raise
        self.check_deadline()  # a partial reply cut by the watchdog is no reply
        return reply

    def send(self, s):
        self.check_deadline()
        try:
            return super().send(s)
        except OSError:
            self.check_deadline()
            raise

    def close(self):
        self.watchdog.cancel()
        super().close()


class DeadlineSMTP(DeadlineMixin, smtplib.SMTP):
    pass


class DeadlineSMTPSSL(DeadlineMixin, smtplib.SMTP_SSL):
    pass


class EmailBackend(SMTPBackend):
    """Django's SMTP backend, with an overall deadline of EMAIL_DEADLINE_SECONDS on each connection."""

    def __init__(self, *args, deadline: float | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline if deadline is not None else settings.EMAIL_DEADLINE_SECONDS

    @property
    def connection_class(self):
        smtp_class = DeadlineSMTPSSL if self.use_ssl else DeadlineSMTP

        def connect(*args, **kwargs):
            return smtp_class(*args, deadline=self.deadline, **kwargs)

        return connect
