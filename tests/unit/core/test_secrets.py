"""Secrets: the Secret wrapper, the keyring rules, redaction of every encoding of a password."""

from __future__ import annotations

import base64
import io
import logging
import pickle
import traceback
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import KeyringLocked

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.errors import HongyanError
from hongyan.core.secrets import (
    SERVICE,
    KeyringUnavailable,
    PasswordStore,
    RedactingFilter,
    Redactor,
    Secret,
    assess_backend,
    explicit_backend_choice,
    install_log_redaction,
    keyring_username,
    redact,
)
from support.test_keyring import MemoryKeyring

CANARY = "Hy-CANARY-9d1f\u00e9"


def canary_forms(password: str = CANARY, user: str = "me@example.com") -> list[str]:
    """The plan's "grep for the canary": raw, UTF-8 hex, AUTH PLAIN, AUTH LOGIN, URL-quoted."""
    raw = password.encode()
    return [
        password,
        raw.hex(),
        base64.b64encode(b"\0" + user.encode() + b"\0" + raw).decode(),
        base64.b64encode(raw).decode(),
        urllib.parse.quote(password),
        repr(raw)[2:-1],
    ]


def make_account(name: str = "work", **changes: object) -> Account:
    values: dict[str, object] = {
        "name": name,
        "address": "me@example.com",
        "pop3": ServerSettings.for_pop3("pop.example.com"),
        "smtp": ServerSettings.for_smtp("smtp.example.com"),
    }
    values.update(changes)
    return Account(**values)  # type: ignore[arg-type]


# --- the wrapper (plan B11) ------------------------------------------------------------------


def test_a_secret_never_shows_itself() -> None:
    """plan B11: str, repr, format and containers show *** only."""
    secret = Secret(CANARY)
    shown = [
        str(secret),
        repr(secret),
        f"{secret}",
        f"{secret!r}",
        str([secret]),
        str({"pw": secret}),
    ]
    assert all(CANARY not in text for text in shown)
    assert str(secret) == "***"
    assert secret.reveal() == CANARY


def test_a_secret_cannot_be_pickled() -> None:
    with pytest.raises(TypeError):
        pickle.dumps(Secret(CANARY))


def test_a_traceback_with_locals_holds_no_password() -> None:
    """plan B11: what --showlocals or a crash reporter prints shows *** for a Secret."""

    def log_in(password: Secret) -> None:
        raise HongyanError("the server said no")

    try:
        log_in(Secret(CANARY))
    except HongyanError as exc:
        text = "".join(
            traceback.TracebackException.from_exception(exc, capture_locals=True).format()
        )
    assert "password = Secret('***')" in text
    assert CANARY not in text


def test_secrets_compare_by_value() -> None:
    assert Secret("Hy-test-pass-one-7c2a") == Secret("Hy-test-pass-one-7c2a")
    assert Secret("Hy-test-pass-one-7c2a") != Secret("Hy-test-pass-two-7c2a")


# --- redaction (plan B10 support, B11 server echo) -------------------------------------------


@pytest.mark.parametrize("form", canary_forms())
def test_redact_removes_every_encoding_of_a_registered_password(form: str) -> None:
    Secret(CANARY)
    scrubbed = redact(f"*put* PASS {form} and more")
    assert scrubbed.startswith("*put* PASS ***")
    for each in canary_forms():
        assert each not in scrubbed


def test_redact_finds_the_password_inside_a_base64_auth_plain_of_any_user() -> None:
    Secret(CANARY)
    for user in ("a", "ab", "abc", "someone@example.org"):
        blob = base64.b64encode(f"\0{user}\0{CANARY}".encode()).decode()
        assert redact(f"send: 'AUTH PLAIN {blob}\\r\\n'") == "send: 'AUTH PLAIN ***\\r\\n'"


def test_redact_leaves_ordinary_text_alone() -> None:
    Secret(CANARY)
    text = "RETR 1 +OK 1234 octets; Message-ID <abcdef0123456789@example.com> SGVsbG8gd29ybGQ="
    assert redact(text) == text


def test_the_log_filter_scrubs_messages_arguments_and_tracebacks() -> None:
    """plan B10 support: a handler with the filter never writes the canary."""
    Secret(CANARY)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("hongyan.test.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    handler.addFilter(RedactingFilter())
    try:
        logger.debug("*put* %r", b"PASS " + CANARY.encode())
        try:
            raise ValueError(f"-ERR bad password {CANARY}")
        except ValueError:
            logger.exception("login failed for %s", CANARY)
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "login failed for ***" in output
    assert "ValueError: -ERR bad password ***" in output
    for form in canary_forms():
        assert form not in output


def test_install_log_redaction_covers_the_root_handlers() -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler(io.StringIO())
    root.addHandler(handler)
    try:
        install_log_redaction()
        install_log_redaction()  # idempotent
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
    finally:
        root.removeHandler(handler)


# --- the keyring -----------------------------------------------------------------------------


def test_passwords_go_to_the_keyring_under_the_documented_key() -> None:
    """plan B12: service 'hongyan', user '<account>:pop3' / '<account>:smtp'."""
    backend = MemoryKeyring()
    store = PasswordStore(backend, explicit=False)
    result = store.set("work", "pop3", Secret(CANARY), remember=True)
    assert result.in_keyring
    assert backend.entries == {(SERVICE, "work:pop3"): CANARY}
    assert keyring_username("work", "smtp") == "work:smtp"
    again = PasswordStore(backend, explicit=False)  # the next run
    assert again.get("work", "pop3") == Secret(CANARY)


def test_remember_off_keeps_the_password_for_this_run_only() -> None:
    backend = MemoryKeyring()
    backend.entries[(SERVICE, "work:pop3")] = "old"
    store = PasswordStore(backend, explicit=False)
    result = store.set("work", "pop3", Secret(CANARY), remember=False)
    assert not result.in_keyring
    assert store.get("work", "pop3") == Secret(CANARY)
    assert backend.entries == {}  # unticking "remember" forgets the stored one too
    assert PasswordStore(backend, explicit=False).get("work", "pop3") is None


def test_smtp_uses_the_pop3_password_when_credentials_are_shared() -> None:
    backend = MemoryKeyring()
    store = PasswordStore(backend, explicit=False)
    store.set("work", "pop3", Secret(CANARY), remember=True)
    assert store.obtain(make_account(), "smtp") == Secret(CANARY)
    separate = make_account(smtp_same_credentials=False)
    with pytest.raises(HongyanError, match=r"No password is saved for me@example\.com"):
        store.obtain(separate, "smtp")


def test_obtain_asks_once_and_keeps_the_answer() -> None:
    store = PasswordStore(MemoryKeyring(), explicit=False)
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return CANARY

    account = make_account(remember_password=False)
    assert store.obtain(account, "pop3", ask) == Secret(CANARY)
    assert store.obtain(account, "pop3", ask) == Secret(CANARY)
    assert prompts == ["Password for me@example.com on pop.example.com: "]


def test_no_keyring_backend_means_session_only_with_a_clear_message(tmp_path: Path) -> None:
    """plan B15: keyring's fail backend: no crash, a message, the password asked for, nothing
    written; the next run asks again."""
    store = PasswordStore(fail.Keyring(), explicit=False)
    assert not store.status.usable
    assert "No secure password store" in store.messages[0]
    result = store.set("work", "pop3", Secret(CANARY), remember=True)
    assert not result.in_keyring
    assert "kept only until Hongyan quits" in result.message
    assert store.get("work", "pop3") == Secret(CANARY)
    next_run = PasswordStore(fail.Keyring(), explicit=False)
    assert next_run.obtain(make_account(), "pop3", lambda prompt: "Hy-typed-5e1b") == Secret(
        "Hy-typed-5e1b"
    )
    store.forget("work")  # nothing to delete, no error


def test_the_null_backend_stores_nothing_even_when_chosen() -> None:
    status = assess_backend(null.Keyring(), explicit=True)
    assert not status.usable


class _RecordingPlaintext(KeyringBackend):
    """Stands in for keyrings.alt's PlaintextKeyring (same class path): it writes a file."""

    priority = 0.5  # type: ignore[assignment]
    path: Path

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.path.write_text(base64.b64encode(password.encode()).decode())

    def delete_password(self, service: str, username: str) -> None:
        pass


_RecordingPlaintext.__module__ = "keyrings.alt.file"
_RecordingPlaintext.__qualname__ = "PlaintextKeyring"


def test_a_plaintext_backend_keyring_picked_is_not_used(tmp_path: Path) -> None:
    """plan B16: keyring auto-selected keyrings.alt's PlaintextKeyring: not used, no file."""
    backend = _RecordingPlaintext()
    backend.path = tmp_path / "keyring_pass.cfg"
    store = PasswordStore(backend, explicit=False)
    result = store.set("work", "pop3", Secret(CANARY), remember=True)
    assert not result.in_keyring
    assert "unencrypted password file" in result.message
    assert not backend.path.exists()


def test_a_plaintext_backend_the_user_chose_is_used_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """plan B16: PYTHON_KEYRING_BACKEND names it: honoured, with a one-line warning."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    backend = _RecordingPlaintext()
    backend.path = tmp_path / "keyring_pass.cfg"
    store = PasswordStore(backend)
    assert store.set("work", "pop3", Secret(CANARY), remember=True).in_keyring
    assert backend.path.exists()
    assert len(store.messages) == 1
    assert "\n" not in store.messages[0]
    assert "does not encrypt" in store.messages[0]


def test_a_chainer_holding_only_insecure_backends_is_insecure() -> None:
    """plan B16: a chainer of fail/null/plaintext counts as insecure; one with a real one not."""

    class Chainer:
        def __init__(self, backends: list[object]) -> None:
            self.backends = backends

    Chainer.__module__ = "keyring.backends.chainer"
    Chainer.__qualname__ = "ChainerBackend"
    assert not assess_backend(Chainer([_RecordingPlaintext()]), explicit=False).usable
    assert not assess_backend(Chainer([]), explicit=False).usable
    assert assess_backend(Chainer([_RecordingPlaintext(), MemoryKeyring()]), explicit=False).usable


def test_keyringrc_counts_as_an_explicit_choice(tmp_path: Path) -> None:
    config = tmp_path / "keyringrc.cfg"
    config.write_text("[backend]\ndefault-keyring=keyrings.alt.file.PlaintextKeyring\n")
    assert explicit_backend_choice({}, config) == "keyrings.alt.file.PlaintextKeyring"
    assert explicit_backend_choice({}, tmp_path / "missing.cfg") is None
    assert explicit_backend_choice({"PYTHON_KEYRING_BACKEND": "x.Y"}, config) == "x.Y"


class _LockedKeyring(KeyringBackend):
    """A Secret Service whose collection stays locked (or whose unlock prompt was denied)."""

    priority = 5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    set_password = delete_password = get_password  # type: ignore[assignment]


def test_a_locked_keyring_gives_a_clean_message_and_the_password_is_asked() -> None:
    """plan B17 (stub backend raising KeyringLocked): no crash, "keyring locked", asked."""
    store = PasswordStore(_LockedKeyring(), explicit=False)
    secret = store.obtain(make_account(), "pop3", lambda prompt: CANARY)
    assert secret == Secret(CANARY)
    assert any("keyring is locked" in m for m in store.messages)
    assert all(CANARY not in m for m in store.messages)
    assert store.get("work", "pop3") == Secret(CANARY)  # kept for this run


def test_deleting_an_account_with_a_locked_keyring_says_so() -> None:
    """plan B12/B17: the account is not removed behind the user's back."""
    store = PasswordStore(_LockedKeyring(), explicit=False)
    with pytest.raises(KeyringUnavailable, match=r"locked.*Unlock the keyring"):
        store.forget("work")


@settings(max_examples=200, deadline=None)
@given(
    password=st.text(min_size=4, max_size=40).filter(lambda p: p.strip() == p and p.isprintable()),
    user=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=30),
)
def test_redact_removes_any_password_in_every_plan_encoding(password: str, user: str) -> None:
    """plan B10 support: for any password, no encoding of it survives redaction.

    A private Redactor, so that hundreds of random "passwords" do not join the process-wide
    one that every other test's log output goes through."""
    redactor = Redactor()
    redactor.add(password)
    for form in canary_forms(password, user):
        scrubbed = redactor.redact(f"log: {form} :end")
        assert password not in scrubbed
        assert form not in scrubbed or form in "log: :end"
