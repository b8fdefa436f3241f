"""What the preview changes on its way through, so that an app written for ``/`` works under
``/preview/<run-id>/`` on Fieldguide's own origin, and neither side's cookies reach the other.

Pure functions of headers and bytes; ``preview`` does the HTTP.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from http.cookies import CookieError, Morsel, SimpleCookie
from urllib.parse import urlsplit

# RFC 9110 7.6.1, and what proxies commonly treat alike.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# Never forwarded to a service: the launch token is Fieldguide's secret, and the rest the
# proxy sets itself (the length only when a body goes along).
REQUEST_DROPPED = HOP_BY_HOP | {
    "host",
    "cookie",
    "x-fieldguide-token",
    "accept-encoding",
    "content-length",
}
# Set by the proxy itself, or by Fieldguide's middleware after it.
RESPONSE_DROPPED = HOP_BY_HOP | {
    "set-cookie",
    "content-length",
    "content-security-policy",
    "x-frame-options",
    "server",
    "date",
}
MORSEL_ATTRIBUTES = ("expires", "max-age", "secure", "httponly", "samesite", "comment")
HTML_TYPES = ("text/html", "application/xhtml+xml")
# A root-relative URL in an attribute: href="/x", src='/x', action=/x; not //host nor \\host,
# nor one already under the preview (an app that knows its prefix, as FORCE_SCRIPT_NAME).
# The match starts at "=" and looks back for the name, so the search runs in C from one "="
# to the next: about 0.25 ms for a 100 kB page, where scanning for the names took 1.4 ms.
# (A space before the "=", rare in HTML, is not recognised.)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster")
ROOT_RELATIVE = "(=(?i:%s)\\s*[\"']?)/(?![/\\\\]|%s)"
MAX_CARRY = 64 * 1024  # an unfinished tag kept for the next chunk, at most


def cookie_prefix(run_id: int) -> str:
    """The service's cookies are kept in the browser under this prefix: they can never
    overwrite Fieldguide's own (``csrftoken``, the session), nor another preview's."""
    return f"preview{run_id}_"


def service_cookie_header(header: str, run_id: int) -> str:
    """The ``Cookie`` header for the service: only its own cookies, under their own names.
    Fieldguide's session and CSRF cookies (and anything else) stay behind."""
    prefix = cookie_prefix(run_id)
    kept = []
    for pair in header.split(";"):
        name, sep, value = pair.strip().partition("=")
        if sep and name.startswith(prefix) and len(name) > len(prefix):
            kept.append(f"{name[len(prefix) :]}={value}")
    return "; ".join(kept)


def request_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The browser's headers as the service should get them."""
    named_by_connection = set()
    forwarded = {}
    for name, value in headers:
        lower = name.lower()
        if lower == "connection":
            named_by_connection |= {token.strip().lower() for token in value.split(",")}
        elif lower not in REQUEST_DROPPED:
            forwarded[name] = value
    return {k: v for k, v in forwarded.items() if k.lower() not in named_by_connection}


def response_cookies(set_cookie: str, run_id: int) -> list[tuple[str, Morsel[str]]]:
    """One ``Set-Cookie`` of the service's, renamed with the prefix and confined to the run's
    path (its ``Path`` kept under it); ``Domain`` is dropped. Unreadable ones are dropped."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(set_cookie)
    except CookieError:
        return []
    base = f"/preview/{run_id}/"
    cookies = []
    for name, morsel in jar.items():
        renamed: Morsel[str] = Morsel()
        renamed.set(cookie_prefix(run_id) + name, morsel.value, morsel.coded_value)
        for attribute in MORSEL_ATTRIBUTES:
            if morsel[attribute]:
                renamed[attribute] = morsel[attribute]
        renamed["path"] = base + (morsel["path"] or "/").lstrip("/")
        cookies.append((renamed.key, renamed))
    return cookies


def location(value: str, run_id: int, port: int) -> str:
    """A redirect's target, moved under the preview when it points into the service: a
    root-relative path, or an absolute URL of the service's own address."""
    base = f"/preview/{run_id}"
    if value.startswith("/") and not value.startswith(("//", "/\\")):
        return value if value.startswith(base + "/") else base + value
    parts = urlsplit(value)
    if (
        parts.scheme == "http"
        and parts.hostname in ("127.0.0.1", "localhost")
        and (parts.port == port)
    ):
        return base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return value


def is_html(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def content_security_policy(service_policy: str | None) -> str:
    """The preview's policy: the service's pages may use inline code (ordinary apps do), but
    still load nothing from off this machine; only Fieldguide's pages may frame them. A
    policy of the service's own is kept beside it (both apply), less its frame-ancestors."""
    ours = (
        "default-src 'self' data: blob: 'unsafe-inline' 'unsafe-eval'; "
        "frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
    if not service_policy:
        return ours
    kept = [
        directive.strip()
        for directive in service_policy.split(";")
        if directive.strip() and directive.split()[0].lower() != "frame-ancestors"
    ]
    return f"{ours}, {'; '.join(kept)}" if kept else ours


@lru_cache(maxsize=64)
def _root_relative(run_id: int) -> re.Pattern[bytes]:
    names = "|".join(rf"(?<=\s{name}=)" for name in URL_ATTRIBUTES)
    prefix = re.escape(f"preview/{run_id}/")
    return re.compile((ROOT_RELATIVE % (names, prefix)).encode())


class HtmlRewriter:
    """Prefixes root-relative ``href``/``src``/``action``/``formaction``/``poster`` values
    in a stream of HTML. A tag split between chunks is held back until it is whole."""

    def __init__(self, run_id: int) -> None:
        self.pattern = _root_relative(run_id)
        self.prefix = f"/preview/{run_id}/".encode()
        self.carry = b""

    def _rewrite(self, data: bytes) -> bytes:
        # split() keeps the captured "=…" between the pieces; the "/" after it is replaced.
        # (Faster than sub() with a template, which calls back into Python on each match.)
        parts = self.pattern.split(data)
        parts[1::2] = [head + self.prefix for head in parts[1::2]]
        return b"".join(parts)

    def feed(self, data: bytes) -> bytes:
        data = self.carry + data
        self.carry = b""
        start = data.rfind(b"<")
        if start != -1 and data.find(b">", start) == -1 and len(data) - start <= MAX_CARRY:
            data, self.carry = data[:start], data[start:]
        return self._rewrite(data)

    def finish(self) -> bytes:
        rest, self.carry = self.carry, b""
        return self._rewrite(rest)
