"""What the account wizard asks of the engine: which servers a domain has, and whether the
settings work.

The servers come from the provider presets when the domain is known (with the provider's hint,
such as 163's authorisation code), else from probing the usual host names in a worker. The
test logs in to both servers without fetching or sending anything and reports each step as a
sentence; a certificate that does not verify is handed back for the user to judge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from hongyan.core import pop3, providers, smtp, tls
from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.errors import HongyanError
from hongyan.core.secrets import Kind, Secret
from hongyan.gui.i18n import core_text
from hongyan.gui.tasks import TaskControl


@dataclass(frozen=True)
class ServerGuess:
    """Servers to propose for an address, and what to tell the user about the provider."""

    pop3: ServerSettings
    smtp: ServerSettings
    hint: str = ""
    known: bool = False  # from the presets (True) or a plain guess by name (False)
    no_pop3: bool = False  # the provider offers no POP3 at all


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(".") or "example.com"


def _settings(preset: providers.ServerPreset, address: str) -> ServerSettings:
    return ServerSettings(preset.host, preset.port, preset.security, preset.login_for(address))


def preset_servers(address: str, language: str) -> ServerGuess:
    """The servers of ``address``'s provider from the presets, else the usual names."""
    domain = _domain(address)
    preset = providers.Presets.load().lookup(domain)
    pop3 = ServerSettings(f"pop.{domain}", 995, "ssl", address)
    smtp_server = ServerSettings(f"smtp.{domain}", 465, "ssl", address)
    if preset is None:
        return ServerGuess(pop3, smtp_server)
    return ServerGuess(
        _settings(preset.pop3, address) if preset.pop3 else pop3,
        _settings(preset.smtp, address) if preset.smtp else smtp_server,
        preset.hint_for(language),
        known=True,
        no_pop3=preset.pop3 is None,
    )


def probe_servers(address: str, control: TaskControl) -> ServerGuess | None:
    """Probe the usual host names of an unknown domain (worker); None when nothing answered."""
    found = providers.guess_servers(_domain(address))
    if found.pop3 is None and found.smtp is None:
        return None
    fallback = preset_servers(address, "en")
    return ServerGuess(
        _settings(found.pop3, address) if found.pop3 else fallback.pop3,
        _settings(found.smtp, address) if found.smtp else fallback.smtp,
    )


@dataclass
class CertificateQuestion:
    """One certificate to decide on, and the servers of the account that showed it.

    POP3 and SMTP on one host usually show the same certificate: the user is asked once,
    and accepting it pins it for both.
    """

    problem: tls.CertificateNotTrusted
    kinds: list[Kind] = field(default_factory=list)
    endpoints: list[str] = field(default_factory=list)


@dataclass
class CheckOutcome:
    """The result of a connection test: sentences, what works, certificates to decide on.

    ``ok`` means mail can be received (POP3 logged in); ``smtp_ok`` says whether sending
    works too. An account that can only receive today (its SMTP server is down, or the user
    sends from elsewhere) can still be saved.
    """

    lines: list[str] = field(default_factory=list)
    ok: bool = False
    smtp_ok: bool = False
    certificates: list[CertificateQuestion] = field(default_factory=list)

    def ask_about(self, kind: Kind, problem: tls.CertificateNotTrusted) -> None:
        """Add ``problem`` to the questions, to an earlier one for the same certificate."""
        fingerprint = problem.info.sha256 if problem.info is not None else None
        for question in self.certificates:
            known = question.problem.info
            if fingerprint is not None and known is not None and known.sha256 == fingerprint:
                question.kinds.append(kind)
                if problem.endpoint not in question.endpoints:
                    question.endpoints.append(problem.endpoint)
                return
        self.certificates.append(CertificateQuestion(problem, [kind], [problem.endpoint]))


def check_account(
    account: Account,
    pop3_secret: Secret,
    smtp_secret: Secret | None,
    control: TaskControl,
) -> CheckOutcome:
    """Log in to the POP3 and the SMTP server of ``account`` (worker thread), as ``hongyan
    account test`` does; nothing is fetched or sent.

    A certificate that does not verify stops that server's test before any password is sent;
    the other server is still tried, so one question covers a certificate both share.
    """
    outcome = CheckOutcome()
    steps: tuple[tuple[Kind, Callable[[], object]], ...] = (
        ("pop3", lambda: pop3.check_login(account, pop3_secret)),
        ("smtp", lambda: smtp.check_login(account, smtp_secret if account.smtp_auth else None)),
    )
    works: dict[Kind, bool] = {}
    for kind, step in steps:
        if control.cancelled:
            break
        server = account.pop3 if kind == "pop3" else account.smtp
        try:
            line = core_text(step())
        except tls.CertificateNotTrusted as problem:
            outcome.ask_about(kind, problem)
            line = core_text(problem)
        except HongyanError as exc:
            line = core_text(exc)
        except OSError as exc:  # a socket error the protocol layer did not word
            line = QCoreApplication.translate(
                "TestPage", "Cannot reach {endpoint} ({reason})."
            ).format(endpoint=server.endpoint, reason=exc.strerror or type(exc).__name__)
        else:
            works[kind] = True
        outcome.lines.append(line)
        control.progress(line)
    outcome.ok = works.get("pop3", False) and not control.cancelled
    outcome.smtp_ok = works.get("smtp", False) and not control.cancelled
    if outcome.ok and outcome.smtp_ok:
        outcome.lines += [
            "",
            "✔ " + QCoreApplication.translate("TestPage", "Both servers accepted the settings."),
        ]
    elif outcome.ok and not outcome.certificates:
        outcome.lines += [
            "",
            "⚠ "
            + QCoreApplication.translate(
                "TestPage",
                "You can receive mail. Sending will not work until the outgoing server "
                "answers; the account can be saved as it is and corrected later.",
            ),
        ]
    return outcome


def certificate_problem(
    server: ServerSettings, control: TaskControl
) -> tls.CertificateNotTrusted | None:
    """Connect to the POP3 ``server`` just far enough to see its certificate (worker).

    Nothing is sent but the opening CAPA (and STLS): the certificate decides whether
    asking for a password makes sense at all. None when it verifies (or is pinned).

    Raises:
        HongyanError, OSError: the server could not be reached.
    """
    if server.security == "none":
        return None
    try:
        session = pop3.open_session(
            server.host, server.port, server.security, tls.client_context(server)
        )
    except tls.CertificateNotTrusted as problem:
        return problem
    session.close()
    return None
