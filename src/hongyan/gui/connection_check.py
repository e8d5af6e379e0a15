"""What the account wizard asks of the engine: which servers a domain has, and whether the
settings work.

The servers come from the provider presets when the domain is known (with the provider's hint,
such as 163's authorisation code), else from probing the usual host names in a worker. The
test logs in to both servers without fetching or sending anything and reports each step as a
sentence; a certificate that does not verify is handed back for the user to judge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hongyan.core import pop3, providers, smtp, tls
from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.errors import HongyanError
from hongyan.core.secrets import Secret
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
class CheckOutcome:
    """The result of a connection test: sentences, and a certificate to decide on, if any."""

    lines: list[str] = field(default_factory=list)
    ok: bool = False
    certificate: tuple[str, tls.CertificateNotTrusted] | None = None


def check_account(account: Account, password: Secret, control: TaskControl) -> CheckOutcome:
    """Log in to the POP3 and the SMTP server of ``account`` (worker thread)."""
    outcome = CheckOutcome()
    steps = (
        ("pop3", lambda: pop3.check_login(account, password)),
        ("smtp", lambda: smtp.check_login(account, password if account.smtp_auth else None)),
    )
    failed = False
    for kind, step in steps:
        if control.cancelled:
            break
        try:
            line = step()
        except tls.CertificateNotTrusted as problem:
            outcome.lines.append(core_text(problem))
            outcome.certificate = (kind, problem)
            return outcome
        except HongyanError as exc:
            outcome.lines.append(core_text(exc))
            failed = True
            continue
        outcome.lines.append(core_text(line))
        control.progress(core_text(line))
    outcome.ok = not failed and not control.cancelled
    if outcome.ok:
        outcome.lines.append("")
        outcome.lines.append("✔ " + _all_good())
    return outcome


def _all_good() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("TestPage", "Both servers accepted the settings.")
