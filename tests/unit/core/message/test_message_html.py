"""HTML sanitising: every rule with a hostile example (plan D36, D37, D38)."""

from __future__ import annotations

import pytest

from hongyan.core.message.html import is_remote_url, sanitise_html

CANARY = "http://127.0.0.1:9/"


def clean(markup: str) -> str:
    return sanitise_html(markup).html


class TestActiveContent:
    """plan D36: nothing that runs, submits or navigates survives."""

    @pytest.mark.parametrize(
        "markup",
        [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=http://127.0.0.1:9/x.js></SCRIPT>",
            "<svg><script>alert(1)</script></svg>",
            "<iframe src='http://127.0.0.1:9/'></iframe>",
            "<object data='http://127.0.0.1:9/o'></object>",
            "<embed src='http://127.0.0.1:9/e'>",
            "<meta http-equiv=refresh content='0;url=http://127.0.0.1:9/'>",
            "<base href='http://127.0.0.1:9/'>",
            "<form action='http://127.0.0.1:9/' method=post><input name=a value=secret></form>",
            "<link rel=stylesheet href='http://127.0.0.1:9/s.css'>",
        ],
    )
    def test_removed(self, markup: str) -> None:
        result = clean(markup + "<p>kept</p>")
        assert "127.0.0.1" not in result
        for word in ("script", "iframe", "object", "embed", "meta", "base", "form", "link", "svg"):
            assert f"<{word}" not in result.lower()
        assert "<p>kept</p>" in result

    def test_event_handlers_removed(self) -> None:
        result = clean('<p onclick="x()" onmouseover=y()>a</p><img src=cid:a onerror=z()>')
        assert "on" not in result.replace("</p>", "").replace("noopener", "")

    @pytest.mark.parametrize(
        "href",
        ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x", "file:///etc/passwd",
         "data:text/html,<script>x</script>", "vbscript:x", "jar:file:///x!/"],
    )  # fmt: skip
    def test_dangerous_links_lose_their_target(self, href: str) -> None:
        result = clean(f'<a href="{href}">click</a>')
        assert "href" not in result
        assert "click" in result

    def test_links_show_their_real_target(self) -> None:
        result = clean('<a href="http://evil.example/login">https://bank.example</a>')
        assert 'title="http://evil.example/login"' in result
        assert 'href="http://evil.example/login"' in result
        assert 'rel="noopener noreferrer"' in result


class TestRemoteContent:
    """plan D37: everything that would fetch is removed by default, and counted."""

    @pytest.mark.parametrize(
        "markup",
        [
            f'<img src="{CANARY}p.gif">',
            f'<img srcset="{CANARY}a.png 1x, {CANARY}b.png 2x">',
            '<img src="//127.0.0.1:9/p.gif">',
            f'<video poster="{CANARY}p.png"></video>',
            f'<table background="{CANARY}bg.png"><tr><td>x</td></tr></table>',
            f'<p style="background:url({CANARY}a)">x</p>',
            f"<p style=\"background-image:u\\72l('{CANARY}a')\">x</p>",
            f"<style>@import url({CANARY}i.css);</style>",
            f"<style>@font-face {{font-family:x; src:url({CANARY}f.woff)}}</style>",
            f"<style>input[value^=a]{{background:url({CANARY}?a)}}</style>",
            f'<link rel=stylesheet href="{CANARY}s.css">',
        ],
    )
    def test_blocked_and_counted(self, markup: str) -> None:
        result = sanitise_html(markup)
        assert "127.0.0.1" not in result.html
        assert result.remote_blocked >= 1

    def test_style_without_urls_is_kept(self) -> None:
        result = sanitise_html('<p style="color: red; font-weight: bold">x</p>')
        assert "color:red;font-weight:bold" in result.html
        assert result.remote_blocked == 0

    def test_cid_and_small_data_images_are_kept(self) -> None:
        result = sanitise_html('<img src="cid:logo@x"><img src="data:image/png;base64,iVBO">')
        assert 'src="cid:logo@x"' in result.html
        assert "data:image/png" in result.html
        assert result.cid_refs == ["logo@x"]
        assert result.remote_blocked == 0

    @pytest.mark.parametrize("url", ["http://[bad/p.gif", "//[::1/x", "http://a@[b/c"])
    def test_urls_that_break_url_parsers_are_dropped(self, url: str) -> None:
        """plan D37: a URL that makes urlsplit raise must not slip through the filter."""
        result = sanitise_html(f'<img src="{url}"><a href="{url}">x</a>')
        assert "[" not in result.html  # dropped (by nh3's own URL check or by the filter)

    def test_non_image_data_urls_are_removed(self) -> None:
        """plan D38: a data: URL must not smuggle HTML or script."""
        result = clean('<img src="data:text/html;base64,PHNjcmlwdD4=">')
        assert "data:" not in result

    def test_load_remote_keeps_image_sources_only(self) -> None:
        markup = f'<img src="{CANARY}p.gif"><p style="background:url({CANARY}b)">x</p>'
        result = sanitise_html(markup, allow_remote=True)
        assert f'src="{CANARY}p.gif"' in result.html
        assert "url(" not in result.html
        assert result.remote_images == [f"{CANARY}p.gif"]

    def test_remote_images_are_listed_when_blocked(self) -> None:
        result = sanitise_html(f'<img src="{CANARY}a.gif"><img src="{CANARY}b.gif">')
        assert result.remote_blocked == 2
        assert result.remote_images == [f"{CANARY}a.gif", f"{CANARY}b.gif"]

    def test_efail_unclosed_attribute_stays_in_its_part(self) -> None:
        """plan D38a: an unclosed src in one part cannot reach text of another part."""
        part1 = sanitise_html(f'<img src="{CANARY}?')
        assert "127.0.0.1" not in part1.html

    @pytest.mark.parametrize(
        ("url", "remote"),
        [("http://x/", True), ("HTTPS://x", True), ("//x/y", True), ("ftp://x", True),
         ("cid:a", False), ("data:image/png;base64,", False), ("mailto:a@b", False)],
    )  # fmt: skip
    def test_is_remote_url(self, url: str, remote: bool) -> None:
        assert is_remote_url(url) is remote
