"""``hongyan account add|list|edit|remove|test|cert|identity``: mail accounts from the command line.

The ``add`` form is a contract (scripts depend on it)::

    hongyan account add NAME --address ADDR --pop3 HOST[:PORT] [--pop3-security ssl|starttls|none]
        --smtp HOST[:PORT] [--smtp-security ssl|starttls|none] [--username USER]
        [--password-stdin | --password-command CMD] [--trust-cert PEMFILE]
        [--leave-on-server | --no-leave-on-server] [--delete-after-days N] [--default]

``--pop3``/``--smtp`` may be left out when Hongyan has a preset for the address's domain.
``--password-stdin`` reads the password from the first line of standard input (and, with
``--smtp-username``, the SMTP password from the second) and saves it in the keyring.
``--password-command CMD`` saves a command instead, run without a shell whenever the password
is needed, whose first line of output is the password (where no keyring exists; see
:func:`hongyan.core.secrets.run_password_command`). ``--trust-cert`` stores the PEM
certificate (the server's self-signed one or a private CA) in the account as an extra trust
anchor for both servers; ``account cert`` shows a server's certificate and ``account edit
--pin-pop3/--pin-smtp FINGERPRINT`` accepts exactly that certificate (see
:mod:`hongyan.core.tls`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shlex
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.commands import Context
    from hongyan.core.accounts import Account, AccountBook, ServerSettings
    from hongyan.core.secrets import Kind, PasswordStore, Secret

SECURITY = ("ssl", "starttls", "none")
EPILOG = """\
Servers default to implicit TLS (POP3 995, SMTP 465); STARTTLS is chosen with
--pop3-security/--smtp-security starttls, and 'none' also needs --allow-insecure.
--pop3/--smtp may be left out when Hongyan knows the provider of the address
(or, with --guess, when a server answers under the domain's usual names).
--password-stdin reads the password from the first line of standard input (with
--smtp-username, the SMTP password from the second line) and saves it in the keyring.
Where there is no keyring, --password-command CMD names a command that prints the
password on its first line, run without a shell each time it is needed:
  --password-command 'pass show mail/163'
  --password-command 'gpg --quiet --decrypt /home/me/.163-password.gpg'
--trust-cert PEMFILE trusts that certificate (a self-signed server certificate or a
private CA) for this account's servers, in addition to the system's authorities.
"""
NAME_HELP = "the account's name (see: hongyan account list)"
# Ports that speak plaintext first: implicit TLS there is almost surely a mistake.
PLAINTEXT_PORTS = {"pop3": {110}, "smtp": {25, 587}}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "account",
        help="add, list, change or remove mail accounts",
        description="Manage mail accounts: add, list, edit, remove, test, cert, identity.",
    )
    parser.set_defaults(handler=lambda args, ctx: _usage(parser, ctx))
    sub = parser.add_subparsers(title="account commands", metavar="ACTION")

    add = sub.add_parser(
        "add",
        help="add an account",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument(
        "name",
        metavar="NAME",
        help="the account's name (it cannot change later: the mail fetched is filed under it)",
    )
    add.add_argument("--address", required=True, metavar="ADDR", help="your e-mail address")
    _server_options(add, editing=False)
    _policy_options(add, editing=False)
    add.add_argument("--default", action="store_true", help="make it the default account")
    add.add_argument(
        "--guess",
        action="store_true",
        help="without a preset, try the usual server names of the domain (pop., smtp., mail.)",
    )
    add.set_defaults(handler=handle_add)

    listing = sub.add_parser("list", help="list the accounts")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=handle_list)

    edit = sub.add_parser(
        "edit",
        help="change an account's settings",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    edit.add_argument("name", metavar="NAME", help=NAME_HELP)
    edit.add_argument("--address", metavar="ADDR", help="a new e-mail address")
    _server_options(edit, editing=True)
    _policy_options(edit, editing=True)
    edit.add_argument("--default", action="store_true", help="make it the default account")
    for kind in ("pop3", "smtp"):
        edit.add_argument(
            f"--pin-{kind}",
            metavar="SHA256",
            help=f"accept exactly this {kind.upper()} server certificate (its fingerprint)",
        )
    edit.add_argument("--unpin", action="store_true", help="forget all accepted certificates")
    edit.add_argument(
        "--no-trust-cert", action="store_true", help="forget the certificate given by --trust-cert"
    )
    edit.set_defaults(handler=handle_edit)

    remove = sub.add_parser("remove", help="remove an account and its saved passwords")
    remove.add_argument("name", metavar="NAME", help=NAME_HELP)
    remove.add_argument(
        "--force",
        action="store_true",
        help="remove the account even if the keyring cannot delete its saved passwords",
    )
    remove.set_defaults(handler=handle_remove)

    test = sub.add_parser("test", help="connect to both servers, log in, and say what works")
    test.add_argument("name", metavar="NAME", help=NAME_HELP)
    test.add_argument(
        "--password-stdin",
        action="store_true",
        help="test with the password from standard input (not saved; a second line: SMTP's)",
    )
    test.set_defaults(handler=handle_test)

    cert = sub.add_parser("cert", help="show a server's certificate without trusting it")
    cert.add_argument("name", metavar="NAME", help=NAME_HELP)
    cert.add_argument("--smtp", action="store_true", help="the SMTP server (default: POP3)")
    cert.set_defaults(handler=handle_cert)

    from hongyan.commands.identities import add_identity_commands

    add_identity_commands(sub)


def _usage(parser: argparse.ArgumentParser, ctx: Context) -> int:
    parser.print_help(ctx.err)
    return 2


def _server_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    for kind in ("pop3", "smtp"):
        parser.add_argument(f"--{kind}", metavar="HOST[:PORT]", help=f"the {kind.upper()} server")
        parser.add_argument(
            f"--{kind}-security",
            choices=SECURITY,
            help="ssl (implicit TLS, the default), starttls, or none (needs --allow-insecure)",
        )
    parser.add_argument("--username", metavar="USER", help="login name (default: the address)")
    parser.add_argument(
        "--smtp-username", metavar="USER", help="a separate SMTP login (default: the POP3 one)"
    )
    if editing:
        parser.add_argument(
            "--same-smtp-credentials", action="store_true", help="SMTP uses the POP3 login again"
        )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input and save it in the keyring (a second "
        "line: the SMTP password)",
    )
    parser.add_argument(
        "--password-command",
        metavar="CMD",
        help="a command that prints the password on its first line, run without a shell "
        "each time it is needed, e.g. 'pass show mail/163' (where no keyring exists)"
        + ("; '' removes it" if editing else ""),
    )
    parser.add_argument(
        "--smtp-password-command",
        metavar="CMD",
        help="the same for an SMTP login of its own (--smtp-username)"
        + ("; '' removes it" if editing else ""),
    )
    parser.add_argument(
        "--trust-cert",
        metavar="PEMFILE",
        type=Path,
        help="trust this certificate (self-signed server certificate or CA) for this account",
    )
    parser.add_argument(
        "--allow-insecure",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="consent to security 'none' (password and mail readable on the network)",
    )


def _policy_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument(
        "--display-name", metavar="TEXT", help="your name, as others see it in From"
    )
    parser.add_argument("--reply-to", metavar="ADDR", help="where replies go, if not to ADDR")
    parser.add_argument(
        "--organisation", metavar="TEXT", help="the Organization header of mail sent"
    )
    flags = {
        "leave_on_server": "keep a copy of messages on the server (default: on)",
        "delete_when_trashed": "remove from the server when deleted from Trash",
        "apop": "log in with APOP (obsolete; only if your server needs it)",
        "smtp_auth": "the SMTP server requires authentication (default: on)",
        "include_in_get_all": "fetch this account with 'Get all' (default: on)",
        "remember_password": "keep the password in the system keyring (default: on)",
    }
    for name, text in flags.items():
        parser.add_argument(
            "--" + name.replace("_", "-"),
            action=argparse.BooleanOptionalAction,
            default=None,
            help=text,
        )
    parser.add_argument(
        "--delete-after-days", type=int, metavar="N", help="remove server copies older than N days"
    )
    if editing:
        parser.add_argument(
            "--keep-forever",
            action="store_true",
            help="keep server copies without a time limit (undo --delete-after-days)",
        )
    parser.add_argument(
        "--headers-only-over-kb", type=int, metavar="N", help="download only headers above N KB"
    )
    parser.add_argument(
        "--max-message-mb",
        type=int,
        metavar="N",
        help="size limit: leave messages larger than N MB on the server (default 512)",
    )
    parser.add_argument(
        "--check-every",
        type=int,
        metavar="MINUTES",
        dest="check_every_minutes",
        help="get mail every MINUTES while Hongyan runs (0: only when asked; default 10)",
    )


def parse_endpoint(text: str, kind: str) -> tuple[str, int | None]:
    """``host``, ``host:port`` or ``[v6]:port`` → (host, port or None)."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    else:
        host, port_text = text, ""
    if not host:
        raise HongyanError(f"--{kind}: {text!r} has no host name.")
    if port_text and not port_text.isdigit():
        raise HongyanError(f"--{kind}: the port in {text!r} is not a number.")
    return host, int(port_text) if port_text else None


def _server(
    kind: str, endpoint: str, security: str | None, base: ServerSettings | None
) -> ServerSettings:
    from hongyan.core.accounts import ServerSettings

    host, port = parse_endpoint(endpoint, kind)
    if port is not None and security is None and port in PLAINTEXT_PORTS[kind]:
        raise HongyanError(
            f"--{kind}: port {port} normally starts without encryption. Say "
            f"--{kind}-security starttls (or ssl if the server really uses implicit TLS there)."
        )
    chosen: Any = security or (base.security if base else "ssl")
    factory = ServerSettings.for_pop3 if kind == "pop3" else ServerSettings.for_smtp
    made = factory(host, port, chosen)
    if base is not None and base.host == host:  # same server: keep what the user accepted
        made = dataclasses.replace(made, pinned_certs=base.pinned_certs)
    if base is not None:
        made = dataclasses.replace(made, username=base.username, trust_cert_pem=base.trust_cert_pem)
    return made


def _servers_for(args: argparse.Namespace, ctx: Context) -> tuple[ServerSettings, ServerSettings]:
    """The servers given on the command line, else the provider preset, else (--guess) probed."""
    from hongyan.core import providers
    from hongyan.core.accounts import ServerSettings

    given = {
        kind: _server(kind, getattr(args, kind), getattr(args, f"{kind}_security"), None)
        for kind in ("pop3", "smtp")
        if getattr(args, kind)
    }
    if len(given) == 2:
        return given["pop3"], given["smtp"]
    domain = args.address.rpartition("@")[2]
    preset = providers.Presets.load().lookup(args.address)
    found: dict[str, providers.ServerPreset | None] = {}
    if preset is not None:
        found = {"pop3": preset.pop3, "smtp": preset.smtp}
    elif args.guess:
        print(f"Looking for the mail servers of {domain} ...", file=ctx.err)
        guess = providers.guess_servers(domain)
        found = {"pop3": guess.pop3, "smtp": guess.smtp}
    for kind in ("pop3", "smtp"):
        if kind in given:
            continue
        server = found.get(kind)
        if server is None:
            if preset is not None:
                why = preset.hint_for("en") or f"the preset for {domain} has no {kind.upper()}."
            elif args.guess:
                why = f"no {kind.upper()} server answered under the usual names of {domain}."
            else:
                why = f"Hongyan has no preset for {domain} (or try --guess)."
            raise HongyanError(f"Give --{kind} HOST[:PORT]: {why}")
        login = server.login_for(args.address) if server.username == "local" else ""
        given[kind] = ServerSettings(server.host, server.port, server.security, login)
    return given["pop3"], given["smtp"]


def _read_passwords(args: argparse.Namespace, prompt_for: str | None = None) -> list[str]:
    """Passwords from ``--password-stdin``; else, on a terminal, asked for ``prompt_for``."""
    if not args.password_stdin:
        if prompt_for is None or not sys.stdin.isatty():
            return []
        import getpass

        typed = getpass.getpass(f"Password for {prompt_for} (Enter: ask when needed): ")
        return [typed] if typed else []
    lines = sys.stdin.read().splitlines()
    passwords = [line for line in lines[:2] if line]
    if not passwords:
        raise HongyanError("--password-stdin: standard input held no password.")
    return passwords


def _apply(account: Account, args: argparse.Namespace, *, editing: bool) -> Account:
    """A copy of ``account`` with the options given on the command line applied."""
    from hongyan.core.accounts import POP3_PORTS, SMTP_PORTS
    from hongyan.core.tls import check_trust_pem

    changes: dict[str, Any] = {}
    for key in (
        "address",
        "display_name",
        "reply_to",
        "organisation",
        "password_command",
        "smtp_password_command",
    ):
        if getattr(args, key, None) is not None:
            changes[key] = getattr(args, key)
    for key in (
        "leave_on_server",
        "delete_when_trashed",
        "apop",
        "smtp_auth",
        "include_in_get_all",
        "remember_password",
        "allow_insecure",
        "delete_after_days",
        "headers_only_over_kb",
        "max_message_mb",
        "check_every_minutes",
    ):
        if getattr(args, key, None) is not None:
            changes[key] = getattr(args, key)
    if getattr(args, "keep_forever", False):
        changes["delete_after_days"] = None
    pop3, smtp = account.pop3, account.smtp
    if args.pop3 or args.pop3_security:
        endpoint = args.pop3 or _keep_endpoint(pop3, POP3_PORTS)
        pop3 = _server("pop3", endpoint, args.pop3_security, pop3)
    if args.smtp or args.smtp_security:
        endpoint = args.smtp or _keep_endpoint(smtp, SMTP_PORTS)
        smtp = _server("smtp", endpoint, args.smtp_security, smtp)
    if args.username is not None:
        pop3 = dataclasses.replace(pop3, username=args.username)
    if args.smtp_username is not None:
        smtp = dataclasses.replace(smtp, username=args.smtp_username)
        changes["smtp_same_credentials"] = False
    if getattr(args, "same_smtp_credentials", False):
        changes["smtp_same_credentials"] = True
    if args.trust_cert is not None:
        try:
            pem = check_trust_pem(args.trust_cert.read_text(encoding="ascii"))
        except (OSError, UnicodeDecodeError) as exc:
            raise HongyanError(f"--trust-cert: cannot read {args.trust_cert}: {exc}") from None
        pop3 = dataclasses.replace(pop3, trust_cert_pem=pem)
        smtp = dataclasses.replace(smtp, trust_cert_pem=pem)
    if editing:
        pop3, smtp = _apply_pins(pop3, smtp, args)
    return dataclasses.replace(account, pop3=pop3, smtp=smtp, **changes)


def _keep_endpoint(server: ServerSettings, defaults: Mapping[str, int]) -> str:
    """The endpoint to keep when only the security changes: a default port follows it."""
    if server.port == defaults[server.security]:
        return f"[{server.host}]" if ":" in server.host else server.host
    return server.endpoint


def _apply_pins(
    pop3: ServerSettings, smtp: ServerSettings, args: argparse.Namespace
) -> tuple[ServerSettings, ServerSettings]:
    from hongyan.core.tls import accept_certificate

    if args.no_trust_cert:
        pop3 = dataclasses.replace(pop3, trust_cert_pem=None)
        smtp = dataclasses.replace(smtp, trust_cert_pem=None)
    if args.unpin:
        pop3 = dataclasses.replace(pop3, pinned_certs=[])
        smtp = dataclasses.replace(smtp, pinned_certs=[])
    if args.pin_pop3:
        pop3 = accept_certificate(pop3, args.pin_pop3)
    if args.pin_smtp:
        smtp = accept_certificate(smtp, args.pin_smtp)
    return pop3, smtp


def _store_passwords(
    passwords: PasswordStore, account: Account, typed: list[str], ctx: Context
) -> None:
    """Save what --password-stdin read; when it could not be saved, say what works instead."""
    from hongyan.commands.passwords import advice
    from hongyan.core.secrets import Secret

    if not typed:
        return
    kinds: list[Kind] = ["pop3"] if account.smtp_same_credentials else ["pop3", "smtp"]
    for kind, text in zip(kinds, typed, strict=False):
        result = passwords.set(account.name, kind, Secret(text), remember=account.remember_password)
        if result.message:
            print(f"hongyan: {result.message}", file=ctx.err)
        if not result.in_keyring:
            print(
                f"hongyan: the password was not saved. {advice(account, kind, passwords)}",
                file=ctx.err,
            )


def _check_password_options(args: argparse.Namespace) -> None:
    given = args.password_command or args.smtp_password_command
    if args.password_stdin and given:
        raise HongyanError(
            "Give the password either with --password-stdin (saved in the keyring) or with "
            "--password-command (run when needed), not both."
        )


def _load(ctx: Context) -> AccountBook:
    from hongyan.core.accounts import AccountBook

    return AccountBook.load(ctx.paths)


def handle_add(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.accounts import Account
    from hongyan.core.secrets import PasswordStore

    _check_password_options(args)
    book = _load(ctx)
    if args.name in book:
        raise HongyanError(f"An account named '{args.name}' already exists; use 'account edit'.")
    pop3, smtp = _servers_for(args, ctx)
    asks = args.password_command is None
    where = f"{args.username or args.address} on {pop3.host}"
    typed = _read_passwords(args, prompt_for=where if asks else None)
    draft = Account(
        name=args.name,
        address=args.address,
        pop3=pop3,
        smtp=smtp,
        allow_insecure=bool(args.allow_insecure),
    )
    args.pop3 = args.smtp = args.pop3_security = args.smtp_security = None  # already applied
    account = _apply(draft, args, editing=False)
    book.add(account, default=args.default)
    book.save()
    _store_passwords(PasswordStore(), account, typed, ctx)
    print(f"Added account '{account.name}' <{account.address}>.", file=ctx.out)
    return 0


def handle_edit(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.secrets import PasswordStore

    _check_password_options(args)
    book = _load(ctx)
    account = _apply(book.get(args.name), args, editing=True)
    typed = _read_passwords(args)
    book.update(account)
    if args.default:
        book.set_default(account.name)
    book.save()
    passwords = PasswordStore()
    if not account.remember_password:
        kinds: tuple[Kind, ...] = ("pop3", "smtp")
        for kind in kinds:  # unticking "remember" forgets what was saved
            found = passwords.get(account.name, kind)
            if found is not None:
                passwords.set(account.name, kind, found, remember=False)
    _store_passwords(passwords, account, typed, ctx)
    print(f"Changed account '{account.name}'.", file=ctx.out)
    return 0


def handle_remove(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.secrets import KeyringUnavailable, PasswordStore

    book = _load(ctx)
    try:
        book.remove(args.name, passwords=PasswordStore())
        what = "and its saved passwords"
    except KeyringUnavailable as exc:
        if not args.force:
            raise KeyringUnavailable(
                f"{exc} (Or remove the account anyway with --force.)"
            ) from None
        book.remove(args.name, passwords=None)
        what = "(its saved passwords could not be deleted from the keyring)"
    book.save()
    print(
        f"Removed account '{args.name}' {what}. Mail already downloaded stays in the store.",
        file=ctx.out,
    )
    return 0


def _describe(account: Account, default: bool, has_password: bool) -> dict[str, Any]:
    return {
        "name": account.name,
        "default": default,
        "address": account.address,
        "pop3": f"{account.pop3.endpoint} {account.pop3.security}",
        "smtp": f"{account.smtp.endpoint} {account.smtp.security}",
        "leave_on_server": account.leave_on_server,
        "delete_after_days": account.delete_after_days,
        "password_saved": has_password,
        "password_command": account.password_command,
        "identities": [identity.address for identity in account.identities],
    }


def handle_list(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.secrets import PasswordStore

    book = _load(ctx)
    passwords = PasswordStore()
    default = book.default()
    rows = [
        _describe(
            a,
            default is not None and a.name == default.name,
            passwords.get(a.name, "pop3") is not None,
        )
        for a in book
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2), file=ctx.out)
        return 0
    if not rows:
        print("No accounts yet. Add one: hongyan account add NAME --address ADDR", file=ctx.out)
        return 0
    for row in rows:
        mark = "*" if row["default"] else " "
        if row["password_command"]:
            saved = f"password from: {row['password_command']}"
        elif row["password_saved"]:
            saved = "password saved"
        else:
            saved = "password asked when needed"
        print(
            f"{mark} {row['name']}  <{row['address']}>  POP3 {row['pop3']}  "
            f"SMTP {row['smtp']}  ({saved})",
            file=ctx.out,
        )
    for message in passwords.messages:
        print(f"hongyan: {message}", file=ctx.err)
    return 0


def handle_cert(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.tls import fetch_server_certificate

    account = _load(ctx).get(args.name)
    kind = "smtp" if args.smtp else "pop3"
    server = account.smtp if args.smtp else account.pop3
    info = fetch_server_certificate(server.host, server.port, server.security)
    pinned = " (accepted for this account)" if info.sha256 in server.pinned_certs else ""
    print(f"Certificate of {server.endpoint}{pinned}:", file=ctx.out)
    print(f"  SHA-256:   {info.sha256}", file=ctx.out)
    print(f"  issued to: {info.subject}", file=ctx.out)
    print(f"  issued by: {info.issuer}", file=ctx.out)
    print(f"  valid:     {info.not_before:%Y-%m-%d} to {info.not_after:%Y-%m-%d}", file=ctx.out)
    print(f"  names:     {', '.join(info.names) or '(none)'}", file=ctx.out)
    print(f"To accept exactly this certificate: {pin_command(account.name, kind, info.sha256)}",
          file=ctx.out)  # fmt: skip
    return 0


def pin_command(account_name: str, kind: str, fingerprint: str) -> str:
    """The command that accepts exactly the certificate with ``fingerprint`` for ``kind``."""
    return f"hongyan account edit {shlex.quote(account_name)} --pin-{kind} {fingerprint}"


def _test_secrets(
    args: argparse.Namespace, account: Account, passwords: PasswordStore
) -> Callable[[Kind], Secret | None]:
    """How ``account test`` finds each password: typed on stdin, else stored, else asked."""
    typed = _read_passwords(args)

    def secret_for(kind: Kind) -> Secret | None:
        from hongyan.core.secrets import Secret

        if kind == "smtp" and not account.smtp_auth:
            return None
        if typed:
            separate = kind == "smtp" and not account.smtp_same_credentials and len(typed) > 1
            return Secret(typed[1] if separate else typed[0])
        ask = _ask_on_terminal if sys.stdin.isatty() else None
        return passwords.obtain(account, kind, ask)

    return secret_for


def _ask_on_terminal(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


def handle_test(args: argparse.Namespace, ctx: Context) -> int:
    """Log in to POP3 and SMTP (nothing is fetched or sent) and report each in plain words."""
    from hongyan.commands.passwords import print_advice
    from hongyan.core import pop3, smtp
    from hongyan.core.secrets import PasswordMissing, PasswordStore
    from hongyan.core.tls import CertificateNotTrusted

    account = _load(ctx).get(args.name)
    passwords = PasswordStore()
    secret_for = _test_secrets(args, account, passwords)
    failed = 0
    missing: list[Kind] = []
    kinds: tuple[Kind, ...] = ("pop3", "smtp")
    for kind in kinds:
        server = account.pop3 if kind == "pop3" else account.smtp
        try:
            secret = secret_for(kind)
            if kind == "pop3":
                assert secret is not None  # POP3 always logs in
                line = pop3.check_login(account, secret)
            else:
                line = smtp.check_login(account, secret)
            print(f"works:  {line}", file=ctx.out)
        except CertificateNotTrusted as exc:
            failed += 1
            print(f"fails:  {kind.upper()}: {exc}", file=ctx.out)
            if exc.info is not None:
                pin = pin_command(account.name, kind, exc.info.sha256)
                print(f"        To accept exactly this certificate: {pin}", file=ctx.out)
        except HongyanError as exc:
            failed += 1
            print(f"fails:  {kind.upper()}: {exc}", file=ctx.out)
            if isinstance(exc, PasswordMissing):
                missing.append(kind)
        except OSError as exc:  # a socket error the protocol layer did not word for us
            failed += 1
            reason = exc.strerror or type(exc).__name__
            print(
                f"fails:  {kind.upper()}: cannot reach {server.endpoint} ({reason}).", file=ctx.out
            )
    for message in passwords.messages:
        print(f"hongyan: {message}", file=ctx.err)
    for kind in dict.fromkeys(passwords.credentials(account, k)[1] for k in missing):
        print_advice(account, kind, passwords, ctx.err)
    return 1 if failed else 0
