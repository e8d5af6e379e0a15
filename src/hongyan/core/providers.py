"""Provider presets: the servers of well-known mail providers, and a guess for other domains.

The presets live in ``resources/providers.json``, made by ``tools/make_presets.py`` from
Thunderbird's ISP database (ISPDB, Mozilla Public License 2.0, github.com/thunderbird/
autoconfig) plus hand-written entries for providers the ISPDB lists without POP3 (NetEase,
QQ, Sina, Sohu, Aliyun, 139) and the hints (app password, authorisation code) in English and
Chinese. :func:`parse_autoconfig` reads ISPDB ``clientConfig`` files; it is what the script
uses, and could serve a provider's own autoconfig file later.

For a domain with no preset, :func:`guess_servers` tries the usual host names (``pop.D``,
``pop3.D``, ``mail.D``; ``smtp.D``, ``mail.D``) on the secure ports, all in parallel with
short timeouts, and keeps the first in preference order whose server answered like a POP3 or
SMTP server over a verified TLS connection (as Thunderbird's guess requires a good
certificate). The probe is injectable, so tests run it against loopback servers only.
"""

from __future__ import annotations

import json
import socket
import ssl
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from hongyan.core.accounts import POP3_PORTS, SMTP_PORTS, Security
from hongyan.core.errors import HongyanError
from hongyan.core.resources import resource_path
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

Protocol = Literal["pop3", "smtp"]

_SOCKET_TYPES: Mapping[str, Security] = {"SSL": "ssl", "STARTTLS": "starttls", "plain": "none"}
_USERNAMES = {"%EMAILADDRESS%": "address", "%EMAILLOCALPART%": "local"}


@dataclass(frozen=True)
class ServerPreset:
    """One server as a provider documents it."""

    host: str
    port: int
    security: Security
    username: str = "address"  # "address" (whole address) or "local" (the part before @)
    oauth2_only: bool = False  # the provider accepts no password, only an OAuth2 sign-in

    def login_for(self, address: str) -> str:
        return address.partition("@")[0] if self.username == "local" else address


@dataclass(frozen=True)
class Preset:
    """What Hongyan knows about one provider."""

    id: str
    name: str
    domains: tuple[str, ...]
    pop3: ServerPreset | None  # None: the provider offers no POP3 (say so, do not guess)
    smtp: ServerPreset | None
    hint: Mapping[str, str] = field(default_factory=dict)  # language ("en", "zh") → text
    source: str = "ispdb"

    def hint_for(self, language: str) -> str:
        """The hint in ``language`` ("zh_CN" → "zh"), falling back to English."""
        return self.hint.get(language.split("_")[0], self.hint.get("en", ""))


# --------------------------------------------------------------------------------------------
# ISPDB (Thunderbird autoconfig) files


@dataclass(frozen=True)
class AutoconfigProvider:
    """The part of a ``clientConfig`` file Hongyan uses, servers in the file's order."""

    id: str
    name: str
    domains: tuple[str, ...]
    pop3: tuple[ServerPreset, ...]
    smtp: tuple[ServerPreset, ...]


class AutoconfigError(HongyanError):
    """An autoconfig file is not a usable clientConfig."""


def _text(element: ElementTree.Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _server(element: ElementTree.Element) -> ServerPreset | None:
    security = _SOCKET_TYPES.get(_text(element, "socketType"))
    port = _text(element, "port")
    host = _text(element, "hostname")
    username = _USERNAMES.get(_text(element, "username"))
    if security is None or not port.isdigit() or not host or "%" in host or username is None:
        return None  # placeholders (%EMAILDOMAIN% hosts) or unknown forms: not a preset
    methods = {(a.text or "").strip() for a in element.findall("authentication")}
    oauth_only = bool(methods) and methods <= {"OAuth2"}
    return ServerPreset(host, int(port), security, username, oauth_only)


def parse_autoconfig(data: bytes) -> AutoconfigProvider:
    """Read an ISPDB ``clientConfig`` (version 1.1) file.

    Raises:
        AutoconfigError: not XML, or no ``emailProvider`` element.
    """
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise AutoconfigError(
            words(QT_TRANSLATE_NOOP("Core", "not an autoconfig file: {error}"), error=exc)
        ) from None
    provider = root.find("emailProvider")
    if root.tag != "clientConfig" or provider is None:
        raise AutoconfigError(
            words(
                QT_TRANSLATE_NOOP("Core", "not an autoconfig file: no clientConfig/emailProvider")
            )
        )
    incoming = [
        s
        for e in provider.findall("incomingServer")
        if e.get("type") == "pop3" and (s := _server(e)) is not None
    ]
    outgoing = [
        s
        for e in provider.findall("outgoingServer")
        if e.get("type") == "smtp" and (s := _server(e)) is not None
    ]
    return AutoconfigProvider(
        id=provider.get("id", ""),
        name=_text(provider, "displayName") or provider.get("id", ""),
        domains=tuple(d.text.strip().lower() for d in provider.findall("domain") if d.text),
        pop3=tuple(incoming),
        smtp=tuple(outgoing),
    )


def best_server(servers: Iterable[ServerPreset]) -> ServerPreset | None:
    """The most secure choice: implicit TLS, then STARTTLS; plaintext never (plan A1)."""
    ranked = [s for s in servers if s.security != "none"]
    ranked.sort(key=lambda s: 0 if s.security == "ssl" else 1)
    return ranked[0] if ranked else None


# --------------------------------------------------------------------------------------------
# The presets file


def _server_from_json(data: Any) -> ServerPreset | None:
    if data is None:
        return None
    return ServerPreset(
        host=str(data["host"]),
        port=int(data["port"]),
        security=data["security"],
        username=str(data.get("username", "address")),
        oauth2_only=bool(data.get("oauth2_only", False)),
    )


class Presets:
    """All presets, looked up by an address's domain."""

    def __init__(self, presets: Iterable[Preset]) -> None:
        self.presets = list(presets)
        self._by_domain = {d: p for p in self.presets for d in p.domains}

    @classmethod
    def load(cls, path: Path | None = None) -> Presets:
        path = path or resource_path("providers.json")
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            Preset(
                id=entry["id"],
                name=entry["name"],
                domains=tuple(entry["domains"]),
                pop3=_server_from_json(entry.get("pop3")),
                smtp=_server_from_json(entry.get("smtp")),
                hint=dict(entry.get("hint", {})),
                source=entry.get("source", "ispdb"),
            )
            for entry in raw["providers"]
        )

    def lookup(self, address_or_domain: str) -> Preset | None:
        """The preset for ``me@163.com`` or ``163.com`` (case-insensitive), if any."""
        domain = address_or_domain.rpartition("@")[2].strip().lower().rstrip(".")
        return self._by_domain.get(domain)


# --------------------------------------------------------------------------------------------
# Guessing the servers of other domains

Probe = Callable[[str, int, Security, Protocol, float], bool]

POP3_CANDIDATES = ("pop", "pop3", "mail")
SMTP_CANDIDATES = ("smtp", "mail")
GUESS_TIMEOUT = 4.0


def probe_server(
    host: str,
    port: int,
    security: Security,
    protocol: Protocol,
    timeout: float,
    *,
    address: tuple[str, int] | None = None,
    context: ssl.SSLContext | None = None,
) -> bool:
    """True when ``host:port`` greets like a POP3 (``+OK``) or SMTP (``220``) server.

    Implicit TLS must verify (system CAs unless ``context`` is given; hostname checked), so a
    server with a bad certificate is not proposed; for STARTTLS only the plaintext greeting
    is read. Nothing is sent but a QUIT. ``address`` connects elsewhere than ``host:port``
    (tests point it at loopback).
    """
    expected = b"+OK" if protocol == "pop3" else b"220"
    try:
        with socket.create_connection(address or (host, port), timeout=timeout) as raw:
            if security == "ssl":
                if context is None:
                    context = ssl.create_default_context()
                    context.minimum_version = ssl.TLSVersion.TLSv1_2
                with context.wrap_socket(raw, server_hostname=host) as tls:
                    greeting = tls.recv(512)
                    tls.sendall(b"QUIT\r\n")
            else:
                greeting = raw.recv(512)
                raw.sendall(b"QUIT\r\n")
    except (OSError, ValueError):
        return False
    return greeting.startswith(expected)


@dataclass(frozen=True)
class Guess:
    """The servers found for a domain (None where nothing answered)."""

    pop3: ServerPreset | None
    smtp: ServerPreset | None


def _candidates(domain: str, protocol: Protocol) -> list[tuple[str, int, Security, Protocol]]:
    names = POP3_CANDIDATES if protocol == "pop3" else SMTP_CANDIDATES
    ports = POP3_PORTS if protocol == "pop3" else SMTP_PORTS
    # Preference order: every host on implicit TLS first, then STARTTLS (RFC 8314 §3).
    order: tuple[Security, ...] = ("ssl", "starttls")
    return [
        (f"{name}.{domain}", ports[security], security, protocol)
        for security in order
        for name in names
    ]


def guess_servers(
    domain: str, *, probe: Probe = probe_server, timeout: float = GUESS_TIMEOUT
) -> Guess:
    """Try the usual host names of ``domain`` in parallel; keep the preferred one that works.

    Every candidate is tried at once (10 connections), so the whole guess takes at most about
    ``timeout`` seconds however many names do not exist.
    """
    domain = domain.rpartition("@")[2].strip().lower().rstrip(".")
    jobs = _candidates(domain, "pop3") + _candidates(domain, "smtp")
    with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="guess") as pool:
        futures = [pool.submit(probe, *job, timeout) for job in jobs]
        answers = [f.result() for f in futures]
    found: dict[Protocol, ServerPreset] = {}
    for (host, port, security, protocol), ok in zip(jobs, answers, strict=True):
        if ok and protocol not in found:
            found[protocol] = ServerPreset(host, port, security)
    return Guess(found.get("pop3"), found.get("smtp"))
