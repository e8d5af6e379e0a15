"""Mail accounts: what to connect to, how, and what to do with the mail on the server.

Accounts live in ``accounts.json`` in the config directory: human-readable JSON, written
atomically (a kill -9 mid-save leaves the old file), validated on load with the bad key named.
Passwords are never in it: they belong to the keyring (:mod:`hongyan.core.secrets`).

Secure by default (plan A1, RFC 8314 §3): a server created without an explicit choice uses
implicit TLS (POP3S 995, SMTPS 465). STARTTLS is an explicit choice; ``none`` (no TLS at all)
is refused unless the account also says ``allow_insecure``.

An account cannot be renamed: its name is part of every fetched message's fetch key and of
its keyring entries, so a rename would look like a new account and download everything again.
The display name can change freely.
"""

from __future__ import annotations

import dataclasses
import json
import shlex
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import KW_ONLY, InitVar, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

from hongyan.core.atomic import atomic_write_text
from hongyan.core.errors import HongyanError
from hongyan.core.paths import AppPaths
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from hongyan.core.secrets import PasswordStore

Security = Literal["ssl", "starttls", "none"]
SECURITY_CHOICES: tuple[str, ...] = get_args(Security)

POP3_PORTS: Mapping[str, int] = {"ssl": 995, "starttls": 110, "none": 110}
"""Default POP3 port per security (RFC 8314 §7.1 registers 995 for POP3S)."""

SMTP_PORTS: Mapping[str, int] = {"ssl": 465, "starttls": 587, "none": 587}
"""Default submission port per security (RFC 8314 §7.3: 465; RFC 6409: 587)."""

FILE_VERSION = 1
MAX_NAME_LENGTH = 64
DEFAULT_MAX_MESSAGE_MB = 512
"""Messages larger than this are left on the server unless the account sets its own limit."""
MAX_MESSAGE_MB_LIMIT = 65_536


class AccountError(HongyanError):
    """An account setting is invalid; the message names the setting."""


def _has_control_chars(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)


def check_name(name: str) -> str:
    """Return ``name`` if it can name an account, else raise :class:`AccountError`.

    Control characters are refused because the name appears in the keyring, in logs and on
    the command line, where a line break or escape sequence could forge output.
    """
    if not isinstance(name, str) or not name.strip():
        raise AccountError(words(QT_TRANSLATE_NOOP("Core", "An account needs a name.")))
    if name != name.strip():
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "The account name {name!r} must not start or end with a space."
                ),
                name=name,
            )
        )
    if _has_control_chars(name):
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP("Core", "The account name {name!r} contains control characters."),
                name=name,
            )
        )
    if len(name) > MAX_NAME_LENGTH:
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP("Core", "The account name must be at most {limit} characters."),
                limit=MAX_NAME_LENGTH,
            )
        )
    return name


def _check_text(key: str, value: str, *, required: bool = False) -> None:
    if not isinstance(value, str):
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP("Core", "'{key}' must be text, not {value!r}."),
                key=key,
                value=value,
            )
        )
    if required and not value.strip():
        raise AccountError(words(QT_TRANSLATE_NOOP("Core", "'{key}' must not be empty."), key=key))
    # CR/LF would let a value inject protocol commands or header lines (plan B14).
    if _has_control_chars(value):
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "'{key}' must not contain line breaks or control characters."
                ),
                key=key,
            )
        )


def check_address(address: str, key: str = "address") -> str:
    """A plain ``local@domain`` address: what goes into MAIL FROM and the From header."""
    _check_text(key, address, required=True)
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or " " in address or "." not in domain.strip("."):
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "'{key}': {address!r} is not an e-mail address like name@example.com."
                ),
                key=key,
                address=address,
            )
        )
    return address


def _check_int(key: str, value: Any, low: int, high: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP("Core", "'{key}' must be a whole number, not {value!r}."),
                key=key,
                value=value,
            )
        )
    if value < low or (high is not None and value > high):
        bounds = (
            words(QT_TRANSLATE_NOOP("Core", "from {low} to {high}"), low=low, high=high)
            if high is not None
            else words(QT_TRANSLATE_NOOP("Core", "of at least {low}"), low=low)
        )
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP("Core", "'{key}' must be a number {bounds}, not {value}."),
                key=key,
                bounds=bounds,
                value=value,
            )
        )
    return value


def _check_bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP("Core", "'{key}' must be true or false, not {value!r}."),
                key=key,
                value=value,
            )
        )
    return value


def check_command(key: str, command: str) -> list[str]:
    """The words of a password command as written in a shell (``pass show "mail/163"``).

    It is split the way a shell splits it but never run by one, so no pipes or variables.
    """
    _check_text(key, command)
    try:
        return shlex.split(command)
    except ValueError as exc:
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "'{key}': {reason} in {command!r}; write it as in a shell."
                ),
                key=key,
                reason=str(exc).lower(),
                command=command,
            )
        ) from None


def normalise_fingerprint(text: str) -> str:
    """``AB:CD:...`` or ``abcd...`` (SHA-256, 64 hex digits) → upper case with colons."""
    digits = text.replace(":", "").replace(" ", "").strip().upper()
    if len(digits) != 64 or any(c not in "0123456789ABCDEF" for c in digits):
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "{text!r} is not a SHA-256 fingerprint (64 hexadecimal digits)."
                ),
                text=text,
            )
        )
    return ":".join(digits[i : i + 2] for i in range(0, 64, 2))


@dataclass
class ServerSettings:
    """Where one server is and how to reach it.

    Attributes:
        pinned_certs: SHA-256 fingerprints (``AB:CD:...``) of certificates the user accepted
            for this server although they do not verify; see :mod:`hongyan.core.tls`.
        trust_cert_pem: PEM certificates (a self-signed server certificate or a private CA)
            trusted as anchors for this server in addition to the system CAs (``--trust-cert``).
    """

    host: str
    port: int
    security: Security = "ssl"
    username: str = ""
    pinned_certs: list[str] = field(default_factory=list)
    trust_cert_pem: str | None = None
    _: KW_ONLY
    where: InitVar[str] = ""
    """Where these settings sit (``"pop3."``), so an error names the key as in the file."""

    def __post_init__(self, where: str) -> None:
        self.validate(where)

    def validate(self, prefix: str = "") -> None:
        _check_text(f"{prefix}host", self.host, required=True)
        if any(c in self.host for c in " /\\@"):
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP("Core", "'{prefix}host': {host!r} is not a host name."),
                    prefix=prefix,
                    host=self.host,
                )
            )
        _check_int(f"{prefix}port", self.port, 1, 65535)
        if self.security not in SECURITY_CHOICES:
            allowed = ", ".join(SECURITY_CHOICES)
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "'{prefix}security' must be one of {allowed}, not {security!r}."
                    ),
                    prefix=prefix,
                    allowed=allowed,
                    security=self.security,
                )
            )
        _check_text(f"{prefix}username", self.username)
        if not isinstance(self.pinned_certs, list):
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "'{prefix}pinned_certs' must be a list of fingerprints."
                    ),
                    prefix=prefix,
                )
            )
        self.pinned_certs = [normalise_fingerprint(str(fp)) for fp in self.pinned_certs]
        if self.trust_cert_pem is not None and (
            not isinstance(self.trust_cert_pem, str)
            or "-----BEGIN CERTIFICATE-----" not in self.trust_cert_pem
        ):
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "'{prefix}trust_cert_pem' must be PEM certificate text."
                    ),
                    prefix=prefix,
                )
            )

    @property
    def endpoint(self) -> str:
        """``host:port`` as users write it (IPv6 literals in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @classmethod
    def for_pop3(
        cls, host: str, port: int | None = None, security: Security = "ssl", username: str = ""
    ) -> ServerSettings:
        """A POP3 server; the port defaults to the one ``security`` implies (995 for ssl)."""
        return cls(host, port or POP3_PORTS.get(security, 995), security, username)

    @classmethod
    def for_smtp(
        cls, host: str, port: int | None = None, security: Security = "ssl", username: str = ""
    ) -> ServerSettings:
        """An SMTP submission server; the port defaults from ``security`` (465 for ssl)."""
        return cls(host, port or SMTP_PORTS.get(security, 465), security, username)


@dataclass(kw_only=True)
class Identity:
    """Another name and address an account sends as, through the same SMTP server.

    Users who answer as ``sales@`` and ``li.lei@`` from one mailbox keep one account with two
    identities (Outlook Express and Thunderbird call them identities too). The account's own
    fields are its first identity (:meth:`Account.identities_all`); these are the extra ones.
    What goes into From, Reply-To and Organization and the signature below the text come from
    the identity chosen in the compose window or with ``hongyan send --from``.
    """

    display_name: str = ""
    address: str
    reply_to: str = ""
    organisation: str = ""
    signature: str = ""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self, prefix: str = "") -> None:
        """Raise :class:`AccountError` naming the first wrong field (``prefix`` locates it)."""
        _check_text(f"{prefix}display_name", self.display_name)
        check_address(self.address, f"{prefix}address")
        if self.reply_to:
            check_address(self.reply_to, f"{prefix}reply_to")
        _check_text(f"{prefix}organisation", self.organisation)
        if not isinstance(self.signature, str):
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "'{prefix}signature' must be text, not {signature!r}."
                    ),
                    prefix=prefix,
                    signature=self.signature,
                )
            )

    @property
    def label(self) -> str:
        """``Name <address>`` as a From drop-down shows it (the address alone without a name)."""
        return f"{self.display_name} <{self.address}>" if self.display_name else self.address

    @classmethod
    def from_json(cls, data: Any, where: str) -> Identity:
        if not isinstance(data, dict):
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "'{where}' must be a JSON object with at least an address."
                    ),
                    where=where,
                )
            )
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP("Core", "unknown setting '{where}.{unknown}'."),
                    where=where,
                    unknown=unknown[0],
                )
            )
        if "address" not in data:
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP("Core", "the setting '{where}.address' is missing."),
                    where=where,
                )
            )
        try:
            return cls(**data)
        except AccountError as exc:
            raise AccountError(
                words(QT_TRANSLATE_NOOP("Core", "{where}: {error}"), where=where, error=exc)
            ) from None


@dataclass(kw_only=True)
class Account:
    """One mail account: identity, the POP3 and SMTP servers, and the server-side policy.

    Attributes:
        leave_on_server: keep a copy on the server after downloading (on by default: users
            keep the server copy as a backup). When off, a message is deleted from the server
            once it is durable in the store.
        delete_after_days: with ``leave_on_server``, delete server copies older than N days.
        delete_when_trashed: delete the server copy when the message is deleted from Trash.
        headers_only_over_kb: download only the headers of messages larger than N KB.
        max_message_mb: the size limit: larger messages are left on the server and named in
            the fetch's report (None: :data:`DEFAULT_MAX_MESSAGE_MB`).
        apop: use APOP; only when the user asks for it (it is obsolete, plan B13).
        smtp_auth: "my server requires authentication" (on by default).
        smtp_same_credentials: SMTP logs in with the POP3 user name and password.
        allow_insecure: the explicit consent needed for security ``none``.
        remember_password: keep the password in the keyring; off means "ask once per run".
        password_command: a command whose first line of output is the POP3 password (and the
            SMTP one when SMTP shares the login), run without a shell each time the password
            is needed: ``pass show mail/163``, ``secret-tool lookup host pop.163.com``. Where
            no keyring exists it is how scripts and the autostart fetch get a password;
            see :func:`hongyan.core.secrets.run_password_command`.
        smtp_password_command: the same for an SMTP server with its own login.
        auto_reply_template: the automatic reply switch: the name of the template that
            answers new mail (out of office, "we received your enquiry"); empty is off.
            See :mod:`hongyan.core.autoreply`.
    """

    name: str
    display_name: str = ""
    address: str
    reply_to: str = ""
    organisation: str = ""
    signature: str = ""
    pop3: ServerSettings
    smtp: ServerSettings
    smtp_auth: bool = True
    smtp_same_credentials: bool = True
    leave_on_server: bool = True
    delete_after_days: int | None = None
    delete_when_trashed: bool = False
    headers_only_over_kb: int | None = None
    max_message_mb: int | None = None
    check_every_minutes: int = 10
    include_in_get_all: bool = True
    apop: bool = False
    allow_insecure: bool = False
    remember_password: bool = True
    password_command: str = ""
    smtp_password_command: str = ""
    identities: list[Identity] = field(default_factory=list)
    """Extra From identities sending through this account (see :class:`Identity`)."""
    auto_reply_template: str = ""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise :class:`AccountError` naming the first setting that is wrong."""
        check_name(self.name)
        _check_text("display_name", self.display_name)
        _check_text("auto_reply_template", self.auto_reply_template)
        check_address(self.address)
        if self.reply_to:
            check_address(self.reply_to, "reply_to")
        _check_text("organisation", self.organisation)
        if not isinstance(self.signature, str):
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP("Core", "'signature' must be text, not {signature!r}."),
                    signature=self.signature,
                )
            )
        for key in ("pop3", "smtp"):
            server = getattr(self, key)
            if not isinstance(server, ServerSettings):
                raise AccountError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core", "'{key}' must be server settings, not {server!r}."
                        ),
                        key=key,
                        server=server,
                    )
                )
            server.validate(f"{key}.")
        for key in (
            "smtp_auth",
            "smtp_same_credentials",
            "leave_on_server",
            "delete_when_trashed",
            "include_in_get_all",
            "apop",
            "allow_insecure",
            "remember_password",
        ):
            _check_bool(key, getattr(self, key))
        if self.delete_after_days is not None:
            _check_int("delete_after_days", self.delete_after_days, 1)
        if self.headers_only_over_kb is not None:
            _check_int("headers_only_over_kb", self.headers_only_over_kb, 1)
        if self.max_message_mb is not None:
            _check_int("max_message_mb", self.max_message_mb, 1, MAX_MESSAGE_MB_LIMIT)
        _check_int("check_every_minutes", self.check_every_minutes, 0)
        for key in ("password_command", "smtp_password_command"):
            check_command(key, getattr(self, key))
        self._validate_identities()
        for key in ("pop3", "smtp"):
            if getattr(self, key).security == "none" and not self.allow_insecure:
                raise AccountError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core",
                            "'{key}.security' is 'none' (no encryption): the password and mail "
                            "would cross the network readable by anyone on the way. Choose ssl "
                            "or starttls, or give the explicit consent allow_insecure "
                            "(--allow-insecure).",
                        ),
                        key=key,
                    )
                )

    def _validate_identities(self) -> None:
        if not isinstance(self.identities, list):
            raise AccountError(words(QT_TRANSLATE_NOOP("Core", "'identities' must be a list.")))
        seen = {self.address.lower()}
        for number, identity in enumerate(self.identities, 1):
            if not isinstance(identity, Identity):
                raise AccountError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core", "'identities[{number}]' must be an identity, not {identity!r}."
                        ),
                        number=number,
                        identity=identity,
                    )
                )
            identity.validate(f"identities[{number}].")
            if identity.address.lower() in seen:
                raise AccountError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core",
                            "'identities[{number}].address': {address} is already an address of "
                            "the account '{name}'.",
                        ),
                        number=number,
                        address=identity.address,
                        name=self.name,
                    )
                )
            seen.add(identity.address.lower())

    @property
    def primary_identity(self) -> Identity:
        """The account's own name, address, reply-to, organisation and signature."""
        return Identity(
            display_name=self.display_name,
            address=self.address,
            reply_to=self.reply_to,
            organisation=self.organisation,
            signature=self.signature,
        )

    def identities_all(self) -> list[Identity]:
        """Every identity of the account, its own first: what the From drop-down lists."""
        return [self.primary_identity, *self.identities]

    def identity(self, address: str | None = None) -> Identity:
        """The identity with ``address`` (any case); the account's own when ``None``.

        Raises:
            AccountError: the account has no such address; the message lists the ones it has.
        """
        if address is None:
            return self.primary_identity
        for identity in self.identities_all():
            if identity.address.lower() == address.strip().lower():
                return identity
        known = ", ".join(i.address for i in self.identities_all())
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The account '{name}' has no identity {address} (its addresses: {known}).",
                ),
                name=self.name,
                address=address,
                known=known,
            )
        )

    def with_identity(self, identity: Identity) -> Account:
        """A copy with ``identity`` added, or replacing the extra one with the same address."""
        if identity.address.lower() == self.address.lower():
            return dataclasses.replace(
                self,
                display_name=identity.display_name,
                reply_to=identity.reply_to,
                organisation=identity.organisation,
                signature=identity.signature,
            )
        same = [i.address.lower() == identity.address.lower() for i in self.identities]
        if any(same):
            kept = [identity if hit else i for i, hit in zip(self.identities, same, strict=True)]
        else:
            kept = [*self.identities, identity]
        return dataclasses.replace(self, identities=kept)

    def without_identity(self, address: str) -> Account:
        """A copy without the extra identity ``address`` (the account's own cannot go)."""
        if address.strip().lower() == self.address.lower():
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{address} is the address of the account '{name}' itself; change it in "
                        "the account's settings or remove the account.",
                    ),
                    address=self.address,
                    name=self.name,
                )
            )
        self.identity(address)  # names the known addresses when there is no such identity
        kept = [i for i in self.identities if i.address.lower() != address.strip().lower()]
        return dataclasses.replace(self, identities=kept)

    @property
    def pop3_username(self) -> str:
        """The POP3 login; the address when no user name is set (what most providers want)."""
        return self.pop3.username or self.address

    @property
    def smtp_username(self) -> str:
        """The SMTP login: the POP3 one with ``smtp_same_credentials``, else the SMTP one."""
        if self.smtp_same_credentials:
            return self.pop3_username
        return self.smtp.username or self.address

    def to_json(self) -> dict[str, Any]:
        """A plain dict for ``accounts.json`` (no password: there is none to write)."""
        data = dataclasses.asdict(self)
        # Files without these stay readable by older versions (which refuse unknown keys).
        for key in ("identities", "password_command", "smtp_password_command"):
            if not data[key]:
                del data[key]
        if not self.auto_reply_template:
            del data["auto_reply_template"]  # likewise without automatic replies
        return data

    @classmethod
    def from_json(cls, data: Any) -> Account:
        """Build an account from its ``accounts.json`` entry, naming any bad key."""
        if not isinstance(data, dict):
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "an account entry must be a JSON object, not {data!r}."
                    ),
                    data=data,
                )
            )
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise AccountError(
                words(QT_TRANSLATE_NOOP("Core", "unknown setting '{unknown}'."), unknown=unknown[0])
            )
        values = dict(data)
        for key in ("pop3", "smtp"):
            values[key] = _server_from_json(key, values.get(key))
        raw_identities = values.get("identities", [])
        if not isinstance(raw_identities, list):
            raise AccountError(words(QT_TRANSLATE_NOOP("Core", "'identities' must be a list.")))
        values["identities"] = [
            Identity.from_json(entry, f"identities[{number}]")
            for number, entry in enumerate(raw_identities, 1)
        ]
        missing = [k for k in ("name", "address") if k not in values]
        if missing:
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP("Core", "the setting '{missing}' is missing."),
                    missing=missing[0],
                )
            )
        return cls(**values)


def _server_from_json(key: str, data: Any) -> ServerSettings:
    if not isinstance(data, dict):
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "'{key}' must be a JSON object with host, port and security."
                ),
                key=key,
            )
        )
    known = {f.name for f in dataclasses.fields(ServerSettings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP("Core", "unknown setting '{key}.{unknown}'."),
                key=key,
                unknown=unknown[0],
            )
        )
    for required in ("host", "port"):
        if required not in data:
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP("Core", "the setting '{key}.{required}' is missing."),
                    key=key,
                    required=required,
                )
            )
    return ServerSettings(**data, where=f"{key}.")


class AccountBook:
    """All accounts of the profile, in the user's order, and which one is the default.

    Changes happen in memory; :meth:`save` writes ``accounts.json`` atomically. A file that
    cannot be understood is never overwritten: :meth:`load` raises instead, naming the
    account and the key, so a typo made by hand cannot silently delete an account. Nor is a
    file that someone else changed since it was read (the GUI open while ``hongyan account
    add`` runs): :meth:`save` refuses rather than drop the other change.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._accounts: dict[str, Account] = {}
        self._default: str | None = None
        self._as_read: bytes | None = None  # the file's bytes when loaded or last saved

    def _current_bytes(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    @classmethod
    def load(cls, paths: AppPaths) -> AccountBook:
        """Read the profile's accounts (an empty book when there is no file yet).

        Raises:
            AccountError: the file is unreadable or an entry is invalid; the message names
                the file, the account and the key.
        """
        book = cls(paths.accounts_file)
        try:
            book._as_read = book._current_bytes()
            if book._as_read is None:
                return book
            raw = json.loads(book._as_read.decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{path} could not be read: {error}"),
                    path=book.path,
                    error=exc,
                )
            ) from None
        if not isinstance(raw, dict) or not isinstance(raw.get("accounts"), list):
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{path} does not hold an 'accounts' list."),
                    path=book.path,
                )
            )
        for index, entry in enumerate(raw["accounts"]):
            label = entry.get("name") if isinstance(entry, dict) else None
            where = (
                words(QT_TRANSLATE_NOOP("Core", "account '{label}'"), label=label)
                if isinstance(label, str)
                else words(QT_TRANSLATE_NOOP("Core", "account #{value}"), value=index + 1)
            )
            try:
                account = Account.from_json(entry)
            except (AccountError, TypeError) as exc:
                raise AccountError(
                    words(
                        QT_TRANSLATE_NOOP("Core", "{path}, {where}: {error}"),
                        path=book.path,
                        where=where,
                        error=exc,
                    )
                ) from None
            if account.name in book._accounts:
                raise AccountError(
                    words(
                        QT_TRANSLATE_NOOP("Core", "{path}: two accounts are named '{name}'."),
                        path=book.path,
                        name=account.name,
                    )
                )
            book._accounts[account.name] = account
        default = raw.get("default")
        if default is not None and default not in book._accounts:
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "{path}: the default account '{default}' does not exist."
                    ),
                    path=book.path,
                    default=default,
                )
            )
        book._default = cast("str | None", default)
        return book

    def save(self) -> None:
        """Write ``accounts.json`` atomically (tmp → fsync → rename), readable only by the user.

        Raises:
            AccountError: the file changed on disk since this book read it; nothing written.
        """
        if self._current_bytes() != self._as_read:
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{path} was changed by another Hongyan window or command after it was "
                        "read, so this change was not saved. Open the accounts again and repeat "
                        "it.",
                    ),
                    path=self.path,
                )
            )
        data = {
            "version": FILE_VERSION,
            "default": self._default,
            "accounts": [account.to_json() for account in self._accounts.values()],
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        atomic_write_text(self.path, text)
        self._as_read = text.encode("utf-8")

    def __iter__(self) -> Iterator[Account]:
        return iter(list(self._accounts.values()))

    def __len__(self) -> int:
        return len(self._accounts)

    def __contains__(self, name: object) -> bool:
        return name in self._accounts

    def names(self) -> list[str]:
        return list(self._accounts)

    def get(self, name: str) -> Account:
        try:
            return self._accounts[name]
        except KeyError:
            known = ", ".join(self._accounts) or "none yet"
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "There is no account named '{name}' (accounts: {known})."
                    ),
                    name=name,
                    known=known,
                )
            ) from None

    def add(self, account: Account, *, default: bool = False) -> None:
        """Add a new account; the first one, or one added with ``default``, is the default."""
        account.validate()
        if account.name in self._accounts:
            raise AccountError(
                words(
                    QT_TRANSLATE_NOOP("Core", "An account named '{name}' already exists."),
                    name=account.name,
                )
            )
        self._accounts[account.name] = account
        if default or self._default is None:
            self._default = account.name

    def update(self, account: Account) -> None:
        """Replace the account of the same name (names never change: see the module doc)."""
        account.validate()
        self.get(account.name)
        self._accounts[account.name] = account

    def remove(self, name: str, *, passwords: PasswordStore | None) -> Account:
        """Remove an account and, through ``passwords``, its keyring entries (plan B12).

        The keyring entries go first: if the keyring refuses (locked), the account stays and
        the error says so, rather than leaving a password behind with no account to find it.
        Pass ``passwords=None`` only where no keyring is involved (the caller says so).
        """
        account = self.get(name)
        if passwords is not None:
            passwords.forget(name)
        del self._accounts[name]
        if self._default == name:
            self._default = next(iter(self._accounts), None)
        return account

    def default(self) -> Account | None:
        """The default account (used for sending when nothing else decides), if any."""
        return self._accounts[self._default] if self._default is not None else None

    def set_default(self, name: str) -> None:
        self._default = self.get(name).name

    def senders(self) -> list[tuple[Account, Identity]]:
        """Every (account, identity) a message can be sent as, in the user's account order."""
        return [(a, identity) for a in self._accounts.values() for identity in a.identities_all()]

    def sender(self, address: str) -> tuple[Account, Identity]:
        """The account and identity that send as ``address`` (``hongyan send --from``).

        Raises:
            AccountError: no account or identity has that address; the message lists them.
        """
        wanted = address.strip().lower()
        default = self.default()
        # The default account wins when two accounts share an address (an alias on both).
        for account, identity in sorted(self.senders(), key=lambda pair: pair[0] is not default):
            if identity.address.lower() == wanted:
                return account, identity
        known = ", ".join(identity.address for _a, identity in self.senders()) or "none yet"
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "No account or identity sends as {address} (addresses: {known})."
                ),
                address=address,
                known=known,
            )
        )

    def sender_for_reply(
        self, recipients: Iterable[str], received_with: str | None
    ) -> tuple[Account, Identity] | None:
        """Who answers a message sent to ``recipients`` that ``received_with`` fetched.

        The first recipient that is an identity of the receiving account, else of any account
        (mail forwarded between one's own mailboxes), else the receiving account's own
        identity, else the default account's. None when there is no account at all.
        """
        wanted = [r.strip().lower() for r in recipients]
        receiving = self._accounts.get(received_with or "")
        for accounts in ([receiving] if receiving else [], list(self._accounts.values())):
            for address in wanted:
                for account in accounts:
                    for identity in account.identities_all():
                        if identity.address.lower() == address:
                            return account, identity
        fallback = receiving or self.default()
        return (fallback, fallback.primary_identity) if fallback is not None else None

    def for_get_all(self) -> list[Account]:
        """The accounts "Get all" fetches, in the user's order."""
        return [a for a in self._accounts.values() if a.include_in_get_all]
