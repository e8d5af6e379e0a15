"""A private Dovecot POP3 server for integration tests (Debian ``dovecot-pop3d``).

One instance per test session, on free 127.0.0.1 ports, with its whole configuration, state,
logs and Maildirs in a temporary directory: POP3 with STLS and POP3S (implicit TLS), a
certificate from the test CA, passwd-file users. Tests add their own users (fresh Maildirs)
and deliver messages into them. The instance is stopped by the PID in its master.pid.

Pitfalls of a private instance, handled here: its own ``base_dir``/``state_dir``/log files and
``instance_name``; ``chroot =`` for the login and anvil services; the mail user's uid allowed
by ``first_valid_uid``; every directory on the way to the passwd-file and the Maildirs
traversable by the ``dovecot`` user, or logins fail with "Temporary authentication failure".
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from support.certs import CertificateAuthorities

DOVECOT = shutil.which("dovecot") or (
    "/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class PopUser:
    """A mailbox on the test server."""

    server: DovecotServer
    name: str
    password: str
    home: Path

    @property
    def maildir(self) -> Path:
        return self.home / "Maildir"

    def deliver(self, message: bytes) -> Path:
        """Put one message into the user's Maildir ``new/``, as an MDA would."""
        return self.server.deliver(self, message)

    def message_count(self) -> int:
        return sum(
            1 for sub in ("new", "cur") for p in (self.maildir / sub).iterdir() if p.is_file()
        )

    def messages(self) -> list[bytes]:
        """The messages the server holds now (as delivered), in no particular order."""
        return [p.read_bytes() for sub in ("new", "cur") for p in (self.maildir / sub).iterdir()]

    def remove_message(self, containing: bytes) -> None:
        """Delete the message whose bytes contain ``containing`` (webmail's Delete)."""
        for sub in ("new", "cur"):
            for path in (self.maildir / sub).iterdir():
                if containing in path.read_bytes():
                    path.unlink()
                    return
        raise LookupError(containing)

    def forget_uids(self) -> None:
        """Lose the server's UID list and index, as a crash or a migration does: with
        ``pop3_uidl_format = %u`` the messages then get UIDLs from 1 again (plan G55)."""
        for path in self.maildir.iterdir():
            if path.name == "dovecot-uidlist" or path.name.startswith("dovecot.index"):
                path.unlink()


class DovecotServer:
    """A running private Dovecot. Use :meth:`add_user` for a fresh mailbox per test."""

    def __init__(self, pki: CertificateAuthorities, *, uidl_format: str = "%08Xu%08Xv") -> None:
        if DOVECOT is None:
            raise FileNotFoundError("dovecot")
        self.root = Path(tempfile.mkdtemp(prefix="hongyan-dovecot-"))
        self.root.chmod(0o755)
        self.pki = pki
        self.uidl_format = uidl_format  # %u alone: UIDLs reused after the uidlist is lost
        self.host = "127.0.0.1"
        self.pop3_port = free_port()
        self.pop3s_port = free_port()
        self._counter = itertools.count()
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            self.mail_uid, self.mail_gid = nobody.pw_uid, nobody.pw_gid
            self._login_user = "dovecot"
        else:
            self.mail_uid, self.mail_gid = os.getuid(), os.getgid()
            self._login_user = pwd.getpwuid(os.getuid()).pw_name
        # One passwd-file per user (Dovecot expands %u in the path): a shared file is re-read
        # only when its mtime changes, in whole seconds, so a user added in the same second as
        # the previous one would be unknown.
        self.passwd_dir = self.root / "users"
        self.config = self.root / "dovecot.conf"
        self._write_config()
        self._start()

    # -- lifecycle -------------------------------------------------------------------------
    def _write_config(self) -> None:
        cert, key = self.pki.write_server_files("dovecot", "localhost", "127.0.0.1")
        for sub in ("run", "state", "log", "homes", "users"):
            (self.root / sub).mkdir(mode=0o755)
        root_user = "" if os.geteuid() == 0 else f"default_internal_user = {self._login_user}\n"
        self.config.write_text(
            f"""
instance_name = hongyan-test-{uuid.uuid4().hex[:8]}
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/log/dovecot.log
info_log_path = {self.root}/log/info.log
protocols = pop3
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = {min(self.mail_uid, 100)}
default_login_user = {self._login_user}
{root_user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.passwd_dir}/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.passwd_dir}/%u
}}
mail_location = maildir:~/Maildir
pop3_uidl_format = {self.uidl_format}
service pop3-login {{
  chroot =
  inet_listener pop3 {{
    address = 127.0.0.1
    port = {self.pop3_port}
  }}
  inet_listener pop3s {{
    address = 127.0.0.1
    port = {self.pop3s_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""
        )

    def _start(self) -> None:
        # Dovecot daemonizes and its children inherit stdout/stderr: a captured pipe would never
        # close, so its start-up messages go to a file.
        with (self.root / "log" / "startup.log").open("wb") as startup_log:
            subprocess.run(
                [DOVECOT, "-c", str(self.config)],
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=startup_log,
                stderr=subprocess.STDOUT,
                timeout=30,
            )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self._accepting(self.pop3_port) and self._accepting(self.pop3s_port):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"dovecot did not start; log:\n{self.log_text()}")

    def _accepting(self, port: int) -> bool:
        try:
            with socket.create_connection((self.host, port), timeout=0.5):
                return True
        except OSError:
            return False

    @property
    def pid(self) -> int | None:
        try:
            return int((self.root / "run" / "master.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        pid = self.pid
        if pid is not None:
            try:
                os.kill(pid, signal.SIGTERM)
                for _ in range(100):
                    os.kill(pid, 0)
                    time.sleep(0.05)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)

    def log_text(self) -> str:
        return "\n".join(
            p.read_text(errors="replace") for p in sorted((self.root / "log").glob("*.log"))
        )

    # -- users and mail ----------------------------------------------------------------------
    def add_user(self, name: str | None = None, password: str = "secret-Pa55") -> PopUser:
        name = name or f"user{next(self._counter)}-{uuid.uuid4().hex[:6]}"
        home = self.root / "homes" / name
        for sub in ("", "Maildir", "Maildir/new", "Maildir/cur", "Maildir/tmp"):
            (home / sub).mkdir(mode=0o700)
            os.chown(home / sub, self.mail_uid, self.mail_gid)
        entry = self.passwd_dir / name
        entry.write_text(f"{name}:{{PLAIN}}{password}:{self.mail_uid}:{self.mail_gid}::{home}::\n")
        entry.chmod(0o644)
        return PopUser(self, name, password, home)

    def deliver(self, user: PopUser, message: bytes) -> Path:
        unique = f"{time.time_ns()}.{uuid.uuid4().hex}.hongyan-test"
        tmp = user.maildir / "tmp" / unique
        tmp.write_bytes(message)
        os.chown(tmp, self.mail_uid, self.mail_gid)
        final = user.maildir / "new" / unique
        os.rename(tmp, final)
        return final
