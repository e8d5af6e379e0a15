"""Passwords: held in :class:`Secret`, stored only in the OS keyring, scrubbed from all text.

Where a password lives (plan B12):
    keyring service ``hongyan``, user name ``<account name>:pop3`` or ``<account name>:smtp``
    (the SMTP entry is used only when the account does not share the POP3 credentials).
    Nothing else ever holds it on disk: not ``accounts.json``, not a log, not the store.

Which keyring is used (plan B15, B16, B17):
    - A secure backend (Secret Service, macOS Keychain, Windows Credential Locker, KWallet, or
      any backend we do not know to be insecure) stores the password.
    - An insecure backend that keyring picked by itself (keyrings.alt's plaintext file, the
      null or fail backends, or a chainer holding only those) is *not* used: the password is
      kept in memory for this run and the user is told why and what to do.
    - A backend the user chose explicitly (``PYTHON_KEYRING_BACKEND`` or keyring's
      ``keyringrc.cfg``) is honoured; if it is one of the insecure ones that stores anything,
      a one-line warning says it does not encrypt. Headless servers and test runs rely on this.
    - When the keyring fails at run time (no backend, ``KeyringLocked``, a denied prompt), the
      password is asked for and kept in memory for this run, with a plain message.

"Remember password" off keeps the password in memory for this run only, as does any failure.

Where no keyring exists (plan B15), a password comes from elsewhere, and never from a file
Hongyan writes:
    - the account's **password command** (``pass show mail/163``, ``secret-tool lookup …``),
      run without a shell each time the password is needed; its first line of output is the
      password (:func:`run_password_command`). It is the account's source when set: the
      keyring is not asked, and a failing command is an error naming the account, never
      showing what the command printed.
    - a password given for this run only (``--password-stdin``): :meth:`PasswordStore.use`.

Redaction (plan B10, B11): every :class:`Secret` registers its value with a process-wide
:class:`Redactor`; :func:`redact` removes every registered password, in every encoding a
protocol trace or an error message may show (raw, escaped, hex, base64 alone and inside an
AUTH PLAIN blob, URL-quoted), and :class:`RedactingFilter` applies it to log records. This is
the one deliberate global in core: log records can come from anywhere, so the set of secrets
to scrub must be reachable from the logging machinery.
"""

from __future__ import annotations

import base64
import binascii
import configparser
import hmac
import logging
import os
import re
import shlex
import subprocess
import threading
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NoReturn

from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, Text, words

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from hongyan.core.accounts import Account

SERVICE = "hongyan"
Kind = Literal["pop3", "smtp"]
MASK = "***"


def keyring_username(account_name: str, kind: Kind) -> str:
    """The keyring user name of an account's POP3 or SMTP password (documented above)."""
    return f"{account_name}:{kind}"


# --------------------------------------------------------------------------------------------
# Redaction


class Redactor:
    """Knows the passwords of this process and scrubs them out of text."""

    _BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/]{8,}={0,2}")
    _HEX_TOKEN = re.compile(r"(?:[0-9a-fA-F]{2}){4,}")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._forms: list[str] = []

    MIN_LENGTH = 4
    """Shorter values are not scrubbed: replacing every "a" in a log would hide everything
    else and protect nothing (a password that short falls to guessing anyway)."""

    def add(self, value: str) -> None:
        if len(value) < self.MIN_LENGTH:
            return
        with self._lock:
            if value in self._secrets:
                return
            self._secrets.add(value)
            forms = set(self._forms) | _encodings(value)
            # Longest first, so a form is never left half-replaced by a shorter one.
            self._forms = sorted(forms, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every registered password, in every encoding, replaced by ``***``."""
        if not self._secrets or not text:
            return text
        # Whole encoded tokens first, so an AUTH PLAIN blob goes as one piece.
        text = self._BASE64_TOKEN.sub(self._scrub_base64, text)
        text = self._HEX_TOKEN.sub(self._scrub_hex, text)
        for form in self._forms:
            if form in text:
                text = text.replace(form, MASK)
        return text

    def _hides_secret(self, decoded: bytes) -> bool:
        return any(s.encode("utf-8") in decoded for s in self._secrets)

    def _scrub_base64(self, match: re.Match[str]) -> str:
        token = match.group(0)
        # An AUTH PLAIN blob (\0user\0password) shifts the password's base64 by the user
        # name's length, so decode the token and look inside instead of matching text.
        for candidate in (token, token.rstrip("=")[: len(token.rstrip("=")) // 4 * 4]):
            padded = candidate + "=" * (-len(candidate) % 4)
            try:
                decoded = base64.b64decode(padded, validate=True)
            except (binascii.Error, ValueError):
                continue
            if self._hides_secret(decoded):
                return MASK
        return token

    def _scrub_hex(self, match: re.Match[str]) -> str:
        token = match.group(0)
        return MASK if self._hides_secret(bytes.fromhex(token)) else token


def _encodings(value: str) -> set[str]:
    raw = value.encode("utf-8")
    return (
        {
            value,
            repr(value)[1:-1],  # how repr() of a str shows it
            repr(raw)[2:-1],  # how poplib's debug output (repr of bytes) shows it
            value.encode("unicode_escape").decode("ascii"),  # JSON-ish \\u00e9 forms
            raw.hex(),
            raw.hex().upper(),
            base64.b64encode(raw).decode("ascii"),
            *_url_forms(value),
        }
        - {""}
    )


def _url_forms(value: str) -> set[str]:
    """URL-quoted forms: with and without "/" kept, "+" for spaces, upper and lower hex."""
    forms = {urllib.parse.quote(value, safe=safe) for safe in ("", "/")}
    forms |= {urllib.parse.quote_plus(value, safe=safe) for safe in ("", "/")}
    return forms | {re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), f) for f in forms}


_REDACTOR = Redactor()


def redact(text: str) -> str:
    """Remove every password this process knows from ``text`` (for logs, errors, traces)."""
    return _REDACTOR.redact(text)


def register_secret(value: str) -> None:
    """Make :func:`redact` scrub ``value`` (done for every :class:`Secret` automatically)."""
    _REDACTOR.add(value)


class RedactingFilter(logging.Filter):
    """A logging filter that scrubs passwords from the message and any traceback (plan B10).

    Attach it to handlers (a filter on a logger does not see records of its children):
    ``install_log_redaction()`` does that for the root logger's handlers.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> RedactingFilter:
    """Add one :class:`RedactingFilter` to every handler of ``logger`` (root by default)."""
    target = logger or logging.getLogger()
    redacting = RedactingFilter()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(redacting)
    return redacting


# --------------------------------------------------------------------------------------------
# The wrapper


class Secret:
    """A password that does not show itself (plan B11).

    ``str()``, ``repr()``, formatting and tracebacks with locals show ``***``; pickling is
    refused. The only way to the text is :meth:`reveal`, called where the password is put on
    the wire (the POP3 ``PASS``/``AUTH`` command, SMTP ``login``) and when it goes into the
    keyring. Creating a Secret registers it for :func:`redact`.
    """

    __slots__ = ("__value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("a Secret holds text")
        self.__value = value
        register_secret(value)

    def reveal(self) -> str:
        """The password itself. Call only where it is sent or stored in the keyring."""
        return self.__value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __bool__(self) -> bool:
        return bool(self.__value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self.__value.encode(), other.reveal().encode())

    def __hash__(self) -> int:
        return hash((Secret, len(self.__value)))

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")


# --------------------------------------------------------------------------------------------
# Which keyring, and is it any good


INSECURE_BACKENDS: frozenset[str] = frozenset(
    {
        "keyrings.alt.file.PlaintextKeyring",
        "keyring.backends.null.Keyring",
        "keyring.backends.fail.Keyring",
    }
)
"""Backends that store nothing, or store passwords readable by anyone who reads the file."""

STORES_NOTHING: frozenset[str] = frozenset(
    {"keyring.backends.null.Keyring", "keyring.backends.fail.Keyring"}
)


def backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _chained(backend: object) -> list[object] | None:
    if backend_name(backend) != "keyring.backends.chainer.ChainerBackend":
        return None
    return list(getattr(backend, "backends", []))


def is_insecure(backend: object) -> bool:
    """True for the backends of :data:`INSECURE_BACKENDS` and a chainer holding only those."""
    chained = _chained(backend)
    if chained is not None:
        return all(is_insecure(b) for b in chained)
    return backend_name(backend) in INSECURE_BACKENDS


def stores_nothing(backend: object) -> bool:
    chained = _chained(backend)
    if chained is not None:
        return all(stores_nothing(b) for b in chained)
    return backend_name(backend) in STORES_NOTHING


def explicit_backend_choice(
    environ: Mapping[str, str] | None = None, config_file: Path | None = None
) -> str | None:
    """The backend the user named: ``PYTHON_KEYRING_BACKEND``, else keyring's config file."""
    env = os.environ if environ is None else environ
    named = env.get("PYTHON_KEYRING_BACKEND", "").strip()
    if named:
        return named
    if config_file is None:
        try:
            from keyring.util import platform_

            config_file = Path(platform_.config_root()) / "keyringrc.cfg"
        except Exception:  # keyring's helper failing must not stop us deciding
            return None
    parser = configparser.RawConfigParser()
    try:
        parser.read(config_file, encoding="utf-8")
        value = parser.get("backend", "default-keyring", fallback="").strip()
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    return value or None


@dataclass(frozen=True)
class KeyringStatus:
    """What Hongyan makes of the keyring backend.

    Attributes:
        usable: passwords can be stored in it.
        backend: the backend's class name, for messages and ``hongyan account list``.
        message: one plain line for the user when something is not as it should be
            (a warning when ``usable``, the reason otherwise); empty when all is well.
    """

    usable: bool
    backend: str
    message: str = ""


def assess_backend(backend: object, *, explicit: bool) -> KeyringStatus:
    """Decide whether passwords go into ``backend`` (see the module doc for the rules)."""
    name = backend_name(backend)
    if stores_nothing(backend):
        return KeyringStatus(
            False,
            name,
            "No secure password store is available on this system (keyring found no "
            "backend), so passwords are kept only until Hongyan quits and asked for again "
            "next time. Install and unlock a keyring (GNOME Keyring, KWallet) to remember them.",
        )
    if is_insecure(backend):
        if explicit:
            return KeyringStatus(
                True,
                name,
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "warning: the password store you chose ({name}) does not encrypt."
                    ),
                    name=name,
                ),
            )
        return KeyringStatus(
            False,
            name,
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "keyring offers only an unencrypted password file ({name}); Hongyan does not "
                    "use it unless you choose it (PYTHON_KEYRING_BACKEND or keyringrc.cfg). "
                    "Passwords are kept only until Hongyan quits.",
                ),
                name=name,
            ),
        )
    return KeyringStatus(True, name)


# --------------------------------------------------------------------------------------------
# The password command

PASSWORD_COMMAND_SECONDS = 60.0
"""How long a password command may run: long enough to type a passphrase into a pinentry."""


class PasswordCommandFailed(HongyanError):  # noqa: N818 (named for what happened)
    """An account's password command gave no password; the message names the account."""


def run_password_command(
    command: str, account_name: str, *, timeout: float = PASSWORD_COMMAND_SECONDS
) -> Secret:
    """Run ``command`` (split like a shell, run without one) and return its first line.

    Its standard input is empty; what it writes to standard error reaches Hongyan's (as with
    mpop's ``passwordeval``: ``pass`` says there why it failed). Its standard output is never
    shown, not even when it fails: it may hold the password.

    Raises:
        PasswordCommandFailed: the command could not start, failed, timed out or printed no
            password; the message names the account and the program, nothing it printed.
    """
    argv = shlex.split(command)
    outcome = _first_line(argv, timeout) if argv else words(QT_TRANSLATE_NOOP("Core", "is empty."))
    if isinstance(outcome, Secret):
        return outcome
    raise PasswordCommandFailed(
        words(
            QT_TRANSLATE_NOOP(
                "Core", "The password command of the account '{name}' ({program}) {why}"
            ),
            name=account_name,
            program=argv[0] if argv else "",
            why=outcome,
        )
    )


def _first_line(argv: list[str], timeout: float) -> Secret | Text:
    """The password ``argv`` prints, or why there is none.

    It returns rather than raises, so that no traceback holds a frame whose locals hold what
    the command printed (plan B11: tracebacks are formatted with their locals).
    """
    try:
        run = subprocess.run(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, timeout=timeout, check=False
        )
    except FileNotFoundError:
        return words(QT_TRANSLATE_NOOP("Core", "was not found."))
    except subprocess.TimeoutExpired:
        return words(
            QT_TRANSLATE_NOOP("Core", "did not finish within {seconds:.0f} seconds."),
            seconds=timeout,
        )
    except OSError as exc:
        return words(
            QT_TRANSLATE_NOOP("Core", "could not be started ({reason})."),
            reason=exc.strerror or type(exc).__name__,
        )
    if run.returncode != 0:
        return words(
            QT_TRANSLATE_NOOP("Core", "failed with exit status {status}."), status=run.returncode
        )
    first = run.stdout.split(b"\n", 1)[0].removesuffix(b"\r")
    try:
        password = first.decode("utf-8")
    except UnicodeDecodeError:
        return words(QT_TRANSLATE_NOOP("Core", "did not print UTF-8 text."))
    if not password:
        return words(QT_TRANSLATE_NOOP("Core", "printed no password on its first line."))
    return Secret(password)


# --------------------------------------------------------------------------------------------
# The store


class PasswordMissing(HongyanError):  # noqa: N818 (named for what happened)
    """No password is known and there is no way to ask; the caller says how to give one."""


class KeyringUnavailable(HongyanError):  # noqa: N818 (named for what happened)
    """The keyring cannot be used right now; the password is asked for instead."""


def _keyring_failure(exc: Exception) -> str:
    kind = type(exc).__name__
    if kind == "KeyringLocked":
        return words(
            QT_TRANSLATE_NOOP("Core", "The keyring is locked (or unlocking it was refused)")
        )
    if "dismissed" in str(exc).lower():  # Secret Service: the unlock prompt was denied
        return words(
            QT_TRANSLATE_NOOP(
                "Core", "The keyring is locked and the prompt to unlock it was dismissed"
            )
        )
    if kind == "NoKeyringError":
        return words(QT_TRANSLATE_NOOP("Core", "No keyring is available on this system"))
    # The backend's own text may quote the value it was given; never show it.
    return words(
        QT_TRANSLATE_NOOP("Core", "The keyring failed ({kind}: {detail})"),
        kind=kind,
        detail=redact(str(exc)),
    )


@dataclass(frozen=True)
class Stored:
    """Where :meth:`PasswordStore.set` put a password, and what to tell the user."""

    in_keyring: bool
    message: str = ""


class PasswordStore:
    """Passwords of all accounts: the keyring when usable, plus memory for this run.

    Args:
        backend: the keyring backend; ``keyring.get_keyring()`` when omitted.
        explicit: whether the user chose that backend; found from ``PYTHON_KEYRING_BACKEND``
            and ``keyringrc.cfg`` when omitted (the backend's class must be the named one).
    """

    def __init__(self, backend: KeyringBackend | None = None, *, explicit: bool | None = None):
        if backend is None:
            import keyring

            backend = keyring.get_keyring()
        self._backend = backend
        if explicit is None:
            chosen = explicit_backend_choice()
            explicit = chosen is not None and chosen in (
                backend_name(backend),
                type(backend).__qualname__,
            )
        self.status = assess_backend(backend, explicit=explicit)
        self._session: dict[tuple[str, Kind], Secret] = {}
        self.messages: list[str] = [self.status.message] if self.status.message else []
        """Plain lines for the user, oldest first (warnings and keyring failures)."""

    def _note(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def get(self, account_name: str, kind: Kind) -> Secret | None:
        """The stored password, or None when it must be asked for (never raises for the keyring)."""
        remembered = self._session.get((account_name, kind))
        if remembered is not None:
            return remembered
        if not self.status.usable:
            return None
        try:
            value = self._backend.get_password(SERVICE, keyring_username(account_name, kind))
        except Exception as exc:  # any backend failure means: ask the user instead
            self._note(
                words(
                    QT_TRANSLATE_NOOP("Core", "{problem}; Hongyan will ask for the password."),
                    problem=_keyring_failure(exc),
                )
            )
            return None
        return Secret(value) if value is not None else None

    def set(self, account_name: str, kind: Kind, secret: Secret, *, remember: bool) -> Stored:
        """Keep a password: in the keyring when ``remember`` and the keyring is usable.

        Without ``remember`` any old keyring entry is removed, so unticking "remember
        password" really forgets it. A keyring failure is not an error: the password is
        kept for this run and the returned message says why.
        """
        self._session[(account_name, kind)] = secret
        if not remember:
            self._delete_from_keyring(account_name, kind)
            return Stored(False, "The password is kept only until Hongyan quits.")
        if not self.status.usable:
            return Stored(False, self.status.message)
        try:
            self._backend.set_password(
                SERVICE, keyring_username(account_name, kind), secret.reveal()
            )
        except Exception as exc:
            message = words(
                QT_TRANSLATE_NOOP(
                    "Core", "{problem}; the password is kept only until Hongyan quits."
                ),
                problem=_keyring_failure(exc),
            )
            self._note(message)
            return Stored(False, message)
        return Stored(True, self.status.message)

    def forget(self, account_name: str) -> None:
        """Delete both passwords of an account, from memory and the keyring (plan B12).

        Raises:
            KeyringUnavailable: the keyring refused (locked); the entries are still there.
        """
        for kind in ("pop3", "smtp"):
            self._session.pop((account_name, kind), None)
            self._delete_from_keyring(account_name, kind, strict=True)

    def _delete_from_keyring(self, account_name: str, kind: Kind, *, strict: bool = False) -> None:
        if not self.status.usable:
            return
        username = keyring_username(account_name, kind)
        try:
            if self._backend.get_password(SERVICE, username) is None:
                return
            self._backend.delete_password(SERVICE, username)
        except Exception as exc:
            message = words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "{problem}: the saved password of '{account_name}' ({kind}) could "
                    "not be removed.",
                ),
                problem=_keyring_failure(exc),
                account_name=account_name,
                kind=kind,
            )
            if strict:
                raise KeyringUnavailable(
                    words(
                        QT_TRANSLATE_NOOP("Core", "{problem} Unlock the keyring and try again."),
                        problem=message,
                    )
                ) from None
            self._note(message)

    def credentials(self, account: Account, kind: Kind) -> tuple[str, Kind]:
        """The (user name, keyring kind) an account logs in with for POP3 or SMTP."""
        if kind == "smtp" and account.smtp_same_credentials:
            return account.pop3_username, "pop3"
        return (account.pop3_username if kind == "pop3" else account.smtp_username), kind

    def use(self, account: Account, kind: Kind, secret: Secret) -> None:
        """Log in with ``secret`` for the rest of this run (``--password-stdin``): it goes
        before the password command and the keyring, and is neither stored nor removed."""
        _username, key = self.credentials(account, kind)
        self._session[(account.name, key)] = secret

    def lookup(self, account: Account, kind: Kind) -> Secret | None:
        """The password to log in with, without asking anybody; None when it must be asked.

        In order: one given for this run (:meth:`use`, or typed earlier), the account's
        password command, the keyring.

        Raises:
            PasswordCommandFailed: the account has a password command and it gave none.
        """
        _username, key = self.credentials(account, kind)
        remembered = self._session.get((account.name, key))
        if remembered is not None:
            return remembered
        command = account.password_command if key == "pop3" else account.smtp_password_command
        if command:
            return run_password_command(command, account.name)
        return self.get(account.name, key)

    def obtain(
        self, account: Account, kind: Kind, ask: Callable[[str], str] | None = None
    ) -> Secret:
        """The password to log in with: :meth:`lookup`, else asked for through ``ask(prompt)``.

        A password that was asked for is kept as :meth:`set` decides (the keyring when the
        account remembers passwords and the keyring is usable; memory otherwise).

        Raises:
            PasswordCommandFailed: the account's password command gave no password.
            PasswordMissing: no password is known and there is no way to ask.
        """
        found = self.lookup(account, kind)
        if found is not None:
            return found
        username, key = self.credentials(account, kind)
        server = account.pop3 if key == "pop3" else account.smtp
        if ask is None:
            raise PasswordMissing(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "No password is saved for {username} on {host} (account '{name}')."
                    ),
                    username=username,
                    host=server.host,
                    name=account.name,
                )
            )
        secret = Secret(ask(f"Password for {username} on {server.host}: "))
        self.set(account.name, key, secret, remember=account.remember_password)
        return secret
