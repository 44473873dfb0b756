"""The link checker connects only to the address it checked, however the link spells or resolves its host."""

import http.server
import ipaddress
import socket
import ssl
import subprocess
import threading
from types import SimpleNamespace

import pytest

from editorial import linkcheck, tasks
from editorial.models import LinkCheck

pytestmark = pytest.mark.django_db

NOT_PUBLIC = "not a public address: not checked"
NOT_VALID = "not a valid web address: not checked"


class Site(http.server.BaseHTTPRequestHandler):
    """A stand-in for a site on the internet: answers 200, or a redirect where the test set one."""

    def do_HEAD(self):
        self.server.requests.append((self.path, self.headers["Host"]))
        location = self.server.redirects.get(self.path)
        self.send_response(302 if location else 200)
        if location:
            self.send_header("Location", location)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


class SiteServer(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6
    daemon_threads = True


def accepted(listener: socket.socket) -> int:
    """Return how many connections reached the listener: the kernel queued them, no thread races the test."""
    listener.setblocking(False)
    count = 0
    while True:
        try:
            connection, _ = listener.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def start_site(tls: ssl.SSLContext | None = None) -> tuple[SiteServer, socket.socket]:
    """Start a site on [::1] and a silent listener on 127.0.0.1 at the same free port."""
    for _ in range(10):
        site = SiteServer(("::1", 0), Site)
        try:
            inside = socket.create_server(("127.0.0.1", site.server_address[1]))
            break
        except OSError:  # the port is taken on 127.0.0.1: try another
            site.server_close()
    if tls:
        site.socket = tls.wrap_socket(site.socket, server_side=True)
    site.requests, site.redirects = [], {}
    threading.Thread(target=site.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return site, inside


@pytest.fixture
def local(monkeypatch):
    """The site on [::1] (what the checker may fetch, where a test says so) and the site's own network, 127.0.0.1."""
    monkeypatch.setattr(linkcheck, "TIMEOUT", 2)  # a silent listener that was reached fails the test quickly
    site, inside = start_site()
    yield SimpleNamespace(site=site, inside=inside, port=site.server_address[1])
    site.shutdown()
    site.server_close()
    inside.close()


@pytest.fixture
def public_site(monkeypatch):
    """Count [::1], and only it, as an address on the public internet."""
    monkeypatch.setattr(linkcheck, "is_public_address", lambda address: address == ipaddress.ip_address("::1"))


def answer(address: str, port: int) -> tuple:
    """Return one getaddrinfo answer for the address."""
    if ":" in address:
        return (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
    return (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))


@pytest.fixture
def dns(monkeypatch):
    """Answer made-up names with the addresses a test sets ("a b": both at once), in turn, the last one repeated."""
    answers, lookups = {}, []
    resolve = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return resolve(host, port, *args, **kwargs)
        lookups.append(host)
        turn = answers[host][min(lookups.count(host), len(answers[host])) - 1]
        return [answer(address, int(port)) for address in turn.split()]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return SimpleNamespace(answers=answers, lookups=lookups)


def results() -> dict[str, tuple[int | None, str]]:
    return {check.url: (check.status, check.error) for check in LinkCheck.objects.all()}


LOCAL_SPELLINGS = [
    "http://127.0.0.1:{port}/",
    "http://%31%32%37.0.0.1:{port}/",  # percent-encoded: the URL library decodes it before connecting
    "http://2130706433:{port}/",  # one decimal integer
    "http://0x7f000001:{port}/",  # one hex integer
    "http://0x7f.1:{port}/",  # hex and short
    "http://0177.0.0.1:{port}/",  # octal
    "http://127.1:{port}/",  # short
    "http://0.0.0.0:{port}/",  # unspecified: Linux connects it to this machine
    "http://127.0.0.1.:{port}/",  # trailing dot
    "http://localhost:{port}/",
    "http://localhost.:{port}/",
    "http://rebind.example:{port}/",  # a name that resolves to 127.0.0.1
    "http://user@127.0.0.1:{port}/",  # userinfo
    "http://example.com@127.0.0.1:{port}/",
    "http://127.0.0.1:{port}\\@example.com/",  # backslash: parsers disagree on which host this is
    "http://[::1]:{port}/",
    "http://[::]:{port}/",
    "http://[::1%25lo]:{port}/",  # zone index
    "http://[::ffff:127.0.0.1]:{port}/",  # IPv4-mapped
    "http://[::127.0.0.1]:{port}/",  # IPv4-compatible
    "http://[64:ff9b::7f00:1]:{port}/",  # NAT64
    "http://[64:ff9b:1::7f00:1]:{port}/",  # local-use NAT64
    "http://[2002:7f00:1::]:{port}/",  # 6to4
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:{port}/",  # Teredo, client 127.0.0.1
    "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
]


@pytest.mark.parametrize("spelling", LOCAL_SPELLINGS)
def test_no_spelling_of_a_local_address_is_fetched(spelling, local, dns):
    dns.answers["rebind.example"] = ["127.0.0.1"]
    url = spelling.format(port=local.port)

    tasks.check_links.call([url])

    assert accepted(local.inside) == 0 and local.site.requests == []
    assert results() == {url: (None, NOT_PUBLIC)}


ODD_SPELLINGS = [
    "http://%31%32%37.0.0.1:{port}/",
    "http://%6c%6fcalhost:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f000001:{port}/",
    "http://0x7f.1:{port}/",
    "http://0177.0.0.1:{port}/",
    "http://127.1:{port}/",
    "http://127.0.0.1.:{port}/",
    "http://localhost.:{port}/",
    "http://user@127.0.0.1:{port}/",
    "http://user@[::1]:{port}/",
    "http://127.0.0.1\\@[::1]:{port}/",
    "http://[::1%25lo]:{port}/",
]


@pytest.mark.parametrize("spelling", ODD_SPELLINGS)
def test_a_host_spelt_other_than_plainly_is_refused_even_where_every_address_would_pass(spelling, local, monkeypatch):
    monkeypatch.setattr(linkcheck, "is_public_address", lambda address: True)
    url = spelling.format(port=local.port)

    tasks.check_links.call([url])

    assert accepted(local.inside) == 0 and local.site.requests == []
    assert results() == {url: (None, NOT_PUBLIC)}


def test_a_name_is_fetched_from_the_address_it_was_checked_at_when_its_dns_answer_changes(local, dns, public_site):
    dns.answers["rebind.example"] = ["::1", "127.0.0.1"]  # public when checked, this machine when asked again
    url = f"http://rebind.example:{local.port}/ok"

    tasks.check_links.call([url])

    assert dns.lookups == ["rebind.example"]
    assert accepted(local.inside) == 0
    assert local.site.requests == [("/ok", f"rebind.example:{local.port}")]  # the name, as its server expects
    assert results() == {url: (200, "")}


def test_a_name_with_a_private_address_among_its_public_ones_is_refused(local, dns, public_site):
    dns.answers["mixed.example"] = ["::1 127.0.0.1"]
    url = f"http://mixed.example:{local.port}/ok"

    tasks.check_links.call([url])

    assert accepted(local.inside) == 0 and local.site.requests == []
    assert results() == {url: (None, NOT_PUBLIC)}


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/ok",
        "http://%31%32%37.0.0.1:{port}/ok",
        "http://localhost:{port}/ok",
        "http://rebind.example:{port}/ok",
        "http://[::ffff:127.0.0.1]:{port}/ok",
    ],
)
def test_a_public_page_cannot_redirect_the_checker_to_the_sites_own_network(target, local, dns, public_site):
    dns.answers["rebind.example"] = ["127.0.0.1"]
    local.site.redirects["/moved"] = target.format(port=local.port)
    url = f"http://[::1]:{local.port}/moved"

    tasks.check_links.call([url])

    assert accepted(local.inside) == 0
    assert [path for path, host in local.site.requests] == ["/moved"]
    assert results() == {url: (None, "redirected to an address that is not public")}


def test_redirects_between_public_addresses_are_followed(local, public_site):
    local.site.redirects["/moved"] = "/ok"
    url = f"http://[::1]:{local.port}/moved"

    tasks.check_links.call([url])

    assert [path for path, host in local.site.requests] == ["/moved", "/ok"]
    assert results() == {url: (200, "")}


def test_malformed_links_get_their_own_result_and_the_rest_of_the_batch_is_checked(local, public_site):
    first, last = f"http://[::1]:{local.port}/ok", f"http://[::1]:{local.port}/ok?again"
    malformed = ["http://[::1/", "http://example.com:99999/", "http://example.com:port/", "http:///no-host"]

    too_long = "http://example.com/" + "a" * 500  # no row can hold it: skipped (PostgreSQL would fail the batch)

    tasks.check_links.call([first, *malformed, "http://host\\@example.com/", too_long, last])

    assert results() == {
        first: (200, ""),
        **{url: (None, NOT_VALID) for url in malformed},
        "http://host\\@example.com/": (None, NOT_PUBLIC),
        last: (200, ""),
    }
    assert [path for path, host in local.site.requests] == ["/ok", "/ok?again"]


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for pinned.example."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem", "-days", "2", "-subj", "/CN=pinned.example"]
        + ["-addext", "subjectAltName=DNS:pinned.example"],
        check=True,
        capture_output=True,
    )
    return tmp_path / "cert.pem", tmp_path / "key.pem"


@pytest.fixture
def tls_site(certificate, monkeypatch):
    """An https site on [::1] whose certificate the checker trusts, for pinned.example only."""
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(*certificate)
    client_side = ssl.create_default_context(cafile=certificate[0])
    monkeypatch.setattr(linkcheck, "tls_context", lambda: client_side)
    monkeypatch.setattr(linkcheck, "TIMEOUT", 2)
    site, inside = start_site(tls=server_side)
    yield SimpleNamespace(site=site, inside=inside, port=site.server_address[1])
    site.shutdown()
    site.server_close()
    inside.close()


def test_an_https_link_is_fetched_from_the_checked_address_with_its_certificate_verified_for_the_name(
    tls_site, dns, public_site
):
    dns.answers["pinned.example"] = ["::1", "127.0.0.1"]
    dns.answers["other.example"] = ["::1"]
    pinned, other = f"https://pinned.example:{tls_site.port}/ok", f"https://other.example:{tls_site.port}/ok"

    tasks.check_links.call([pinned, other])

    assert accepted(tls_site.inside) == 0
    assert tls_site.site.requests == [("/ok", f"pinned.example:{tls_site.port}")]
    assert results()[other] == (None, "its security certificate is not valid")


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.215.14", True),
        ("2606:4700::1111", True),
        ("::ffff:93.184.215.14", True),  # IPv4-mapped: judged by the IPv4 address it carries
        ("64:ff9b::5db8:d70e", True),  # NAT64 (DNS64 on an IPv6-only network): likewise
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of the metadata address
        ("::93.184.215.14", False),  # IPv4-compatible: deprecated, never a site's address
        ("2002:5db8:d70e::", False),  # 6to4
        ("224.0.0.1", False),  # multicast, which is_global alone lets through
        ("ff0e::1", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("240.0.0.1", False),  # reserved
        ("fd00::1", False),
        ("fe80::1", False),
    ],
)
def test_only_addresses_on_the_public_internet_count_as_public(address, public):
    assert linkcheck.is_public_address(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "the domain does not exist"),
        (
            socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"),
            "the domain could not be looked up",
        ),
        (TimeoutError("timed out"), "the address did not answer within 10 seconds"),
        (ConnectionRefusedError(111, "Connection refused"), "the site refused the connection"),
        (ConnectionResetError(104, "Connection reset by peer"), "the site closed the connection without answering"),
        (ssl.SSLCertVerificationError(1, "certificate verify failed"), "its security certificate is not valid"),
        (OSError(101, "Network is unreachable"), "the address could not be reached"),
    ],
)
def test_why_an_address_did_not_answer_is_said_in_words_not_an_errno(error, words):
    assert linkcheck.reason(error) == words


def test_a_name_that_does_not_resolve_is_recorded_as_a_domain_that_does_not_exist(monkeypatch):
    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "[Errno -2] Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    tasks.check_links.call(["https://no-such-clinic.example/"])

    assert results() == {"https://no-such-clinic.example/": (None, "the domain does not exist")}
