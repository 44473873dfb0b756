"""Ask an outside address for its status, connecting only where it checked (docs/architecture.md, "Outside links").

The worker fetches what staff typed, from inside the site's network. Each hop's host is read once, strictly,
resolved once, every answer must be on the public internet, and the connection goes to the address that was
checked: no second DNS lookup a rebinding name could answer differently, no URL library reading the host
another way than the check did.
"""

import functools
import http.client
import ipaddress
import re
import socket
import ssl
import string
from typing import NamedTuple
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

from editorial.models import LinkCheck

TIMEOUT = 10
HEADERS = {"User-Agent": "RecoverySite-LinkCheck/1.0", "Accept": "text/html,*/*"}
REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5

# One DNS label after IDNA encoding; underscores are not valid host names but some real sites use them.
LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
# A last label that URL parsers and resolvers read as (part of) an IPv4 number: 127.1, 0x7f.1, 2130706433.
NUMBER = re.compile(r"[0-9]+|0x[0-9a-f]*")
# IPv6 blocks that carry an IPv4 address. NAT64's well-known prefix is how an IPv6-only network (DNS64) reaches
# every public IPv4 site, so it is judged by the address it carries, like an IPv4-mapped one. The others are
# deprecated (IPv4-compatible), local by definition (64:ff9b:1::/48) or tunnels (6to4, Teredo) no site publishes.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
REFUSED_V6 = [ipaddress.ip_network(block) for block in ("::/96", "64:ff9b:1::/48", "2002::/16", "2001::/32")]
# Why a redirect was not followed, by why its target would not be checked as a link of its own.
REDIRECT_REFUSED = {
    LinkCheck.NOT_PUBLIC: "redirected to an address that is not public",
    LinkCheck.NOT_VALID: "redirected to an address that is not valid",
}


def reason(error: Exception) -> str:
    """Say why an address did not answer in words a writer can act on, never an errno (kept as LinkCheck.error)."""
    if isinstance(error, socket.gaierror):
        if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
            return "the domain does not exist"
        return "the domain could not be looked up"
    if isinstance(error, ssl.SSLCertVerificationError):
        return "its security certificate is not valid"
    if isinstance(error, ssl.SSLError):
        return "a secure connection could not be made"
    if isinstance(error, TimeoutError):
        return f"the address did not answer within {TIMEOUT} seconds"
    if isinstance(error, ConnectionRefusedError):
        return "the site refused the connection"
    if isinstance(error, ConnectionResetError):  # http.client.RemoteDisconnected too
        return "the site closed the connection without answering"
    if isinstance(error, http.client.HTTPException):
        return "the site's answer was not a valid web page"
    return "the address could not be reached"


class NotChecked(Exception):
    """The checker will not fetch the address; the message is the LinkCheck error."""


class Hop(NamedTuple):
    scheme: str
    host: str  # as the Host header and the TLS server name say it
    port: int
    path: str
    address: str  # the checked address the connection goes to


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Return whether the address is on the public internet; an IPv6 address carrying an IPv4 one is judged by it."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped or address in NAT64:
            address = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        elif any(address in block for block in REFUSED_V6):
            return False
    # is_global alone counts multicast (224.0.0.1, ff0e::1) and some reserved blocks as global.
    local = address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified
    return address.is_global and not (local or address.is_multicast or address.is_reserved)


def plain_host(netloc: str, host: str) -> str:
    """Return the host in ASCII if it is a plain DNS name or IP literal; raise NotChecked for any other spelling.

    URL libraries and resolvers read "%31%32%37.0.0.1", "2130706433", "0x7f.1", "a\\@b" or "user@host" in ways
    a plain reading does not: only a host everybody reads the same way is checked as the one that is fetched.
    """
    if any(char in netloc for char in "@%\\"):
        raise NotChecked(LinkCheck.NOT_PUBLIC)
    if netloc.startswith("["):
        try:
            return str(ipaddress.IPv6Address(host))
        except ValueError:
            raise NotChecked(LinkCheck.NOT_PUBLIC) from None
    try:
        return str(ipaddress.IPv4Address(host))  # four decimal parts, no leading zeros
    except ValueError:
        pass  # not an IPv4 literal: a name
    try:
        name = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise NotChecked(LinkCheck.NOT_PUBLIC) from None
    labels = name.split(".")  # a trailing dot leaves an empty label, refused
    if len(name) > 253 or not all(LABEL.fullmatch(label) for label in labels) or NUMBER.fullmatch(labels[-1]):
        raise NotChecked(LinkCheck.NOT_PUBLIC)
    return name


def resolve(host: str, port: int) -> str:
    """Return the address to connect to: the host's first, provided every address it resolves to is public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise NotChecked(reason(error)) from None
    addresses = [str(info[4][0]) for info in found]  # the address is a str for the IPv4 and IPv6 families
    # A name with one private answer among public ones is refused: it is somebody's way in.
    public = all(is_public_address(ipaddress.ip_address(address)) for address in addresses)
    if not (public or settings.LINK_CHECK_PRIVATE_NETWORKS):
        raise NotChecked(LinkCheck.NOT_PUBLIC)
    return addresses[0]


def hop(url: str) -> Hop:
    """Return where ``url`` is fetched from: host read strictly, resolved once, checked; else raise NotChecked."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise NotChecked(LinkCheck.NOT_VALID) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotChecked(LinkCheck.NOT_VALID)
    host = plain_host(parts.netloc, parts.hostname)
    # Percent-encode what a browser would (spaces, non-ASCII); what is already encoded is left alone.
    path = quote(parts.path or "/", safe=string.punctuation)
    if parts.query:
        path += "?" + quote(parts.query, safe=string.punctuation)
    return Hop(parts.scheme, host, port, path, resolve(host, port))


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to the address that was checked, whatever the name resolves to by now."""

    def __init__(self, target: Hop) -> None:
        super().__init__(target.host, target.port, timeout=TIMEOUT)
        self.pinned = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.pinned, self.port), self.timeout)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Return the system's certificate checks, loaded once for every https link."""
    return ssl.create_default_context()


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to the checked address, its certificate verified for the name in the link."""

    def __init__(self, target: Hop) -> None:
        super().__init__(target.host, target.port, timeout=TIMEOUT, context=tls_context())
        self.pinned = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self.pinned, self.port), self.timeout)
        self.sock = tls_context().wrap_socket(sock, server_hostname=self.host)


def ask(target: Hop, method: str) -> tuple[int, str]:
    """Return the status and Location header one request answers."""
    connection = (PinnedHTTPSConnection if target.scheme == "https" else PinnedHTTPConnection)(target)
    try:
        connection.request(method, target.path, headers=HEADERS)
        response = connection.getresponse()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def final_status(url: str, method: str) -> int:
    """Return the status ``url`` answers after its redirects, each hop checked and pinned like the first."""
    for count in range(MAX_REDIRECTS + 1):
        try:
            target = hop(url)
        except NotChecked as refused:
            if count:
                raise NotChecked(REDIRECT_REFUSED.get(str(refused), str(refused))) from None
            raise
        status, location = ask(target, method)
        if status not in REDIRECTS or not location:
            return status
        url = urljoin(url, location)
    raise NotChecked("too many redirects")


def link_status(url: str) -> tuple[int | None, str]:
    """Return (HTTP status, "") for what ``url`` answers, or (None, why) when it is not asked or does not answer."""
    try:
        status = final_status(url, "HEAD")
        if status in (403, 405, 501):
            status = final_status(url, "GET")  # some servers refuse HEAD only: ask again with GET
    except NotChecked as refused:
        return None, str(refused)
    except (OSError, http.client.HTTPException, ValueError) as error:
        return None, reason(error)
    return status, ""
