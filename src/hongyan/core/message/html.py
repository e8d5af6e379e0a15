"""HTML mail made safe to show: nh3 removes active content, we remove what would fetch anything.

nh3 (the Rust ammonia sanitiser) does the parsing and the allow-listing: no script, forms,
frames, objects, embeds, SVG, ``<meta>``, ``<base>``, ``<link>``, ``<style>``, no event
handlers, and only http/https/mailto links. On top of it an attribute filter removes every URL
that would make a request when the message is shown (``src``, ``srcset``, ``poster``,
``background``, and any ``url()`` in a style attribute) and counts them, so the reader can say
"3 remote images blocked" (Thunderbird's ``disable_remote_image`` default). ``cid:`` images
stay; the view resolves them only to ``image/*`` parts of the same message. Links keep their
target visible in a ``title`` attribute, so a link text cannot hide where it goes, and a link
whose text is itself an address (a URL, a domain, an e-mail address) other than its target is
reported in ``spoofed_links`` (plan G68, Thunderbird's link-spoofing check): the reader warns
and asks before opening it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

__all__ = ["SanitisedHtml", "is_remote_url", "is_spoofed_link", "links", "sanitise_html"]

#: Tags kept (their attributes are limited by :data:`_ATTRIBUTES`); everything else is
#: unwrapped to its text, and the tags in :data:`_DROP_WITH_CONTENT` lose their content too.
_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "blockquote", "br", "caption", "center", "cite", "code",
        "col", "colgroup", "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s",
        "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "tt", "u", "ul",
    }
)  # fmt: skip
_DROP_WITH_CONTENT = frozenset(
    {"script", "style", "title", "svg", "math", "template", "iframe", "object", "embed",
     "applet", "noembed", "noframes", "frameset", "textarea", "select", "head"}
)  # fmt: skip
_LAYOUT = {"align", "valign", "width", "height", "bgcolor", "border", "dir"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"style", "lang", "background", "srcset", "poster"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "border", "align"},
    "font": {"color", "face", "size"},
    "table": _LAYOUT | {"cellpadding", "cellspacing"},
    "td": _LAYOUT | {"colspan", "rowspan", "nowrap"},
    "th": _LAYOUT | {"colspan", "rowspan", "nowrap"},
    "tr": _LAYOUT,
    "tbody": _LAYOUT,
    "div": _LAYOUT,
    "p": _LAYOUT,
    "span": {"dir"},
    "hr": {"width", "size", "align", "color"},
    "ol": {"start", "type"},
    "ul": {"type"},
    "blockquote": {"type"},
}
#: Attributes whose value is fetched when shown; checked by :func:`_filter_attribute`.
_FETCHING = frozenset({"src", "srcset", "poster", "background", "lowsrc", "dynsrc", "data"})
_STYLE_PROPERTIES = frozenset(
    {
        "color", "background-color", "font", "font-family", "font-size", "font-style",
        "font-weight", "text-align", "text-decoration", "text-indent", "text-transform",
        "line-height", "letter-spacing", "vertical-align", "white-space", "width", "height",
        "max-width", "min-width", "margin", "margin-top", "margin-right", "margin-bottom",
        "margin-left", "padding", "padding-top", "padding-right", "padding-bottom",
        "padding-left", "border", "border-top", "border-right", "border-bottom", "border-left",
        "border-color", "border-style", "border-width", "border-collapse", "border-spacing",
        "list-style-type",
    }
)  # fmt: skip
_URL_SCHEMES = frozenset({"http", "https", "mailto", "cid", "data"})
_SAFE_DATA_IMAGE = re.compile(r"^data:image/(png|gif|jpeg|jpg|webp|bmp);base64,[A-Za-z0-9+/=\s]*$")
#: Inline ``data:`` images larger than this (characters) are dropped.
MAX_DATA_URL_CHARS = 2 * 1024 * 1024
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_FETCHES = re.compile(r"url\(|image\(|image-set\(|expression\(|@import|binding|behavior")
_ANCHOR = re.compile(r'<a href="([^"]*)"')
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)(?:</style\s*>|$)", re.IGNORECASE | re.DOTALL)
#: Tags whose fetching attributes are counted (never kept) so the reader can tell what was
#: blocked; the output of that counting pass is thrown away.
_COUNTED_TAGS = _TAGS | {
    "video", "audio", "source", "picture", "link", "input", "body", "iframe", "frame",
    "embed", "object", "image", "track", "table",
}  # fmt: skip


@dataclass
class SanitisedHtml:
    """Safe HTML and what was taken out of it, for the reader's security notes.

    ``remote_images`` are the http/https image sources, kept in the HTML only when remote
    content was allowed; ``cid_refs`` are the Content-IDs the HTML shows; ``spoofed_links``
    are (text shown, real target) of links whose text names another address.
    """

    html: str
    remote_blocked: int = 0
    remote_images: list[str] = field(default_factory=list)
    cid_refs: list[str] = field(default_factory=list)
    spoofed_links: list[tuple[str, str]] = field(default_factory=list)


_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")


def _scheme(url: str) -> str:
    """The URL's scheme in lower case ('' if none), without a URL parser that can raise."""
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else ""


def is_remote_url(url: str) -> bool:
    """Whether showing ``url`` would make a network request (http, https, ftp, //host ...)."""
    url = url.strip().lower()
    if url.startswith("//") or url.startswith("\\\\"):
        return True
    scheme = url.split(":", 1)[0] if ":" in url else ""
    return scheme not in ("", "cid", "data", "mailto", "about")


def _css_plain(value: str) -> str:
    """A style value with comments and escapes undone, for inspection only."""

    def unescape(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code < 0x110000 else ""
        return match.group(2)

    return re.sub(r"\s+", "", _CSS_ESCAPE.sub(unescape, _CSS_COMMENT.sub("", value))).lower()


class _Filter:
    """The nh3 attribute filter of one sanitising run; it counts what it blocks.

    ``local`` maps the URLs of images the message carries (their Content-Location, resolved
    against ``base``) to the Content-ID they are shown by.
    """

    def __init__(
        self, allow_remote: bool, local: Mapping[str, str] | None = None, base: str = ""
    ) -> None:
        self.allow_remote = allow_remote
        self.local = local or {}
        self.base = base
        self.blocked: list[str] = []
        self.allowed_remote: list[str] = []
        self.remote_images: list[str] = []
        self.cids: list[str] = []

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        """nh3's attribute filter: the value to keep, or ``None`` to drop the attribute.

        It must never raise: an exception inside the filter is swallowed by nh3 and the
        attribute's fate would be nh3's, not ours. Anything unexpected drops the attribute.
        """
        try:
            return self._check(tag, attribute, value)
        except Exception:
            if is_remote_url(value):
                self.blocked.append(value[:500])
            return None

    def _check(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute == "style":
            return self._style(value)
        if attribute == "href":
            return self._href(value)
        if attribute in _FETCHING:
            return self._fetching(tag, attribute, value)
        return value

    def _style(self, value: str) -> str | None:
        plain = _css_plain(value)
        if _CSS_FETCHES.search(plain):
            if "http" in plain or "//" in plain:
                self.blocked.append(value[:200])
            return None
        return value

    def _href(self, value: str) -> str | None:
        return value if _scheme(value) in ("http", "https", "mailto") else None

    def _fetching(self, tag: str, attribute: str, value: str) -> str | None:
        url = value.strip()
        if tag == "img" and attribute == "src":
            carried = self._carried(url)
            if carried is not None:
                self.cids.append(carried)
                return f"cid:{carried}"
            lowered = url.lower()
            if lowered.startswith("cid:"):
                self.cids.append(url[4:].strip("<>"))
                return url
            if lowered.startswith("data:"):
                ok = len(url) <= MAX_DATA_URL_CHARS and _SAFE_DATA_IMAGE.match(url)
                return url if ok else None
            if _scheme(url) in ("http", "https"):
                self.remote_images.append(url[:2000])
                if self.allow_remote:
                    self.allowed_remote.append(url)
                    return url
        if is_remote_url(url) or attribute == "srcset":
            self.blocked.append(url[:500])
        return None

    def _carried(self, url: str) -> str | None:
        """The Content-ID of the message's own image at ``url`` (RFC 2557), if any."""
        if not self.local:
            return None
        found = self.local.get(url)
        if found is None:
            with contextlib.suppress(ValueError):
                found = self.local.get(urljoin(self.base, url))
        return found


def _title_links(markup: str) -> str:
    """Give every link a ``title`` holding its real target (nh3 output is well-formed)."""
    return _ANCHOR.sub(lambda m: f'<a href="{m.group(1)}" title="{m.group(1)}"', markup)


def sanitise_html(
    markup: str,
    *,
    allow_remote: bool = False,
    local_images: Mapping[str, str] | None = None,
    base: str = "",
) -> SanitisedHtml:
    """Return ``markup`` without active content and, unless allowed, without remote content.

    Args:
        markup: the decoded HTML of one MIME part (each part is its own document, so an
            unclosed attribute in one part cannot swallow the next: EFAIL, plan D38).
        allow_remote: keep http/https image sources (the user chose "load remote content").
            Style ``url()`` and ``srcset`` are removed even then.
        local_images: URL -> Content-ID of images the message itself carries under a
            Content-Location (MHTML, RFC 2557); an ``<img>`` naming one shows it by that
            ``cid:`` and is not remote.
        base: the URL relative references of ``markup`` are resolved against.
    """
    import nh3

    check = _Filter(allow_remote, local_images, base)
    clean = nh3.clean(
        markup,
        tags=set(_TAGS),
        clean_content_tags=set(_DROP_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in _ATTRIBUTES.items()},
        attribute_filter=check,
        strip_comments=True,
        link_rel="noopener noreferrer",
        url_schemes=set(_URL_SCHEMES),
        filter_style_properties=set(_STYLE_PROPERTIES),
    )
    blocked = _count_remote(markup, _Filter(False, local_images, base)) - len(check.allowed_remote)
    spoofed = [(text, href) for text, href in links(clean) if is_spoofed_link(text, href)]
    return SanitisedHtml(
        html=_title_links(clean),
        remote_blocked=max(blocked, len(check.blocked)),
        remote_images=check.remote_images,
        cid_refs=check.cids,
        spoofed_links=list(dict.fromkeys(spoofed))[:MAX_SPOOFED_LINKS],
    )


def _count_remote(markup: str, counter: _Filter) -> int:
    """How many remote fetches ``markup`` asks for, on any tag and in any ``<style>`` block
    (``counter`` counts them, knowing the images the message carries itself)."""
    import nh3

    nh3.clean(
        markup,
        tags=set(_COUNTED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={"*": set(_FETCHING) | {"style"}, "link": {"href"}},
        attribute_filter=lambda tag, attr, value: counter(
            tag, "src" if attr == "href" else attr, value
        ),
    )
    styles = sum(
        1
        for block in _STYLE_BLOCK.findall(markup)
        if _CSS_FETCHES.search(plain := _css_plain(block)) and ("http" in plain or "//" in plain)
    )
    return len(counter.blocked) + styles


#: Spoofed links reported for one message (each one is a note for the reader).
MAX_SPOOFED_LINKS = 20
#: Links looked at in one document.
MAX_LINKS = 2000


class _Links(HTMLParser):
    """Collects (text, href) of the links of sanitised HTML (well-formed: nh3's output)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and len(self.found) < MAX_LINKS:
            self._href = dict(attrs).get("href") or None
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.found.append((" ".join("".join(self._text).split()), self._href))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


def links(markup: str) -> list[tuple[str, str]]:
    """The (text, target) of each link of sanitised ``markup``, in order."""
    parser = _Links()
    parser.feed(markup)
    parser.close()
    return parser.found


_EMAIL = re.compile(r"[^@\s<>()\[\]\\,;:\"]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)
_WITH_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_BARE_HOST = re.compile(r"(?:[^\s/.:@]+\.)+([^\s/.:@0-9]{2,})(?::\d+)?(?:[/?#]\S*)?", re.IGNORECASE)
#: Last labels that make a bare ``name.ext`` a file name, not a domain (``readme.txt``).
_FILE_EXTENSIONS = frozenset(
    {"txt", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "csv", "htm", "html", "jpg",
     "jpeg", "png", "gif", "exe", "eml", "msg", "rar", "7z", "tar", "gz", "json", "xml", "py"}
)  # fmt: skip


def _shown_address(text: str) -> tuple[str, str] | None:
    """What an address-like link text names: ``("host", host)``, ``("mail", address)`` or
    None when the text is not an address (``Click here``, ``version 2.0``, ``readme.txt``)."""
    text = text.strip().strip("<>\"'").rstrip(".,;:!?)")
    if not text or any(ch.isspace() for ch in text):
        return None
    if _EMAIL.fullmatch(text):
        return ("mail", text.lower())
    if _WITH_SCHEME.match(text):
        return _host_of(text)
    bare = _BARE_HOST.fullmatch(text)
    if bare and (text.lower().startswith("www.") or bare.group(1).lower() not in _FILE_EXTENSIONS):
        return _host_of("http://" + text)
    return None


def _host_of(url: str) -> tuple[str, str] | None:
    """``("host", host)`` of a web address, ``("mail", address)`` of a mailto: one."""
    try:
        if url[:7].lower() == "mailto:":
            address = unquote(url[7:].split("?", 1)[0]).strip()
            return ("mail", address.lower()) if address else None
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return ("host", _ascii_host(host)) if host else None


def _ascii_host(host: str) -> str:
    """``host`` in lower-case ASCII (an IDN as its punycode), without a leading ``www.``."""
    host = host.lower().rstrip(".")
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    return host[4:] if host.startswith("www.") else host


def is_spoofed_link(text: str, target: str) -> bool:
    """Whether a link showing ``text`` hides that it goes to ``target``.

    Only a text that is itself an address counts ("Click here" names nothing). A shown host
    matches its target's host, a subdomain of it, or a parent domain of it
    (``bank.example`` → ``secure.bank.example``); ``bank.example.evil.example`` does not.
    """
    shown = _shown_address(text)
    if shown is None:
        return False
    real = _host_of(target)
    if real is None or real[0] != shown[0]:
        return True
    if shown[0] == "mail":
        return shown[1] != real[1]
    a, b = sorted((shown[1], real[1]), key=len)  # a: the shorter
    return not (a == b or ("." in a and b.endswith("." + a)))
