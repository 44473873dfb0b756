"""Where a webhook may be sent: public https addresses only (docs/architecture.md, "Partner keys, limits and webhooks").

The worker posts to an address a partner chose, from inside the site's network, so the link checker's rules
apply (editorial/linkcheck.py): the host read strictly, resolved once, every address public, and the connection
pinned to the address that was checked. ``WEBHOOK_ALLOW_LOCAL`` (on with DEBUG, and in tests) also allows plain
http and this machine's loopback addresses, for a receiver on a developer's machine; never other private ones.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from editorial.linkcheck import Hop, NotChecked, is_public_address, plain_host

LOCAL_NAMES = ("localhost",)
# Names that only mean something inside a network: refused before any lookup.
INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".corp")


def allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return is_public_address(ip) or (settings.WEBHOOK_ALLOW_LOCAL and ip.is_loopback)


def checked_host(url: str) -> tuple[str, str, int]:
    """Return (scheme, host, port) of an address a webhook may use; raise NotChecked saying why not."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise NotChecked("This is not a valid web address.") from None
    schemes = ("https", "http") if settings.WEBHOOK_ALLOW_LOCAL else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        raise NotChecked("Use an https:// address.")
    try:
        host = plain_host(parts.netloc, parts.hostname)
    except NotChecked:
        raise NotChecked("Write the host as a plain name or address, without a user name or encoding.") from None
    local = host in LOCAL_NAMES and settings.WEBHOOK_ALLOW_LOCAL
    if (host in LOCAL_NAMES or host.endswith(INTERNAL_SUFFIXES)) and not local:
        raise NotChecked("Use an address on the public internet, not an internal one.")
    try:
        literal = not local and not allowed(str(ipaddress.ip_address(host)))
    except ValueError:
        literal = False  # a name: its addresses are checked each time a delivery is sent
    if literal:
        raise NotChecked("Use an address on the public internet, not an internal one.")
    return parts.scheme, host, port


def refusal(url: str) -> str:
    """Return why a webhook may not use ``url``, or "" when it may (its name is resolved when sending)."""
    try:
        checked_host(url)
    except NotChecked as refused:
        return str(refused)
    return ""


def target(url: str) -> Hop:
    """Return where to send: the host resolved once, each of its addresses allowed; else raise NotChecked."""
    scheme, host, port = checked_host(url)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise NotChecked("The host name could not be looked up.") from None
    addresses = [str(info[4][0]) for info in found]
    if not all(allowed(address) for address in addresses):
        raise NotChecked("The host name leads to an internal address.")
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Hop(scheme, host, port, path, addresses[0])
