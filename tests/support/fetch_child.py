"""Run one fetch in a child process, optionally killing itself with SIGKILL at the N-th event.

Used by the kill -9 test (plan E39) and the RLIMIT_FSIZE disk-full variant (plan E42). Events
are the moments where a crash hurts most: every ``recv`` from the server, every ``fsync``,
every ``rename`` (and ``link``: a rule's copy), every index commit and every ``DELE``. The
parent picks N at random (seeded) and checks afterwards that nothing was lost or duplicated.

Usage: ``python -m support.fetch_child CONFIG.json`` with keys ``host port username password
ca_pem store leave_on_server kill_at fsize_limit``. Exit status 0 on success, 3 on a failed
fetch (its summary on stdout).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from support.certs import CertificateAuthorities
    from support.dovecot import DovecotServer, PopUser


def _install_kill_hook(kill_at: int) -> None:
    counter = {"n": 0}

    def tick() -> None:
        counter["n"] += 1
        if counter["n"] >= kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def wrap(owner: Any, name: str) -> None:
        original = getattr(owner, name)

        def hooked(*args: Any, **kwargs: Any) -> Any:
            tick()
            result = original(*args, **kwargs)
            tick()
            return result

        setattr(owner, name, hooked)

    from hongyan.core import pop3
    from hongyan.core.store import delivery

    wrap(os, "fsync")
    wrap(os, "rename")
    wrap(os, "link")  # copies made by rules at arrival (issue 17)
    wrap(pop3.Pop3Session, "_recv")
    wrap(pop3.Pop3Session, "delete")
    wrap(delivery.DeliveryBatch, "commit")


def run_child(
    dovecot: DovecotServer,
    user: PopUser,
    pki: CertificateAuthorities,
    store: Path,
    *,
    timeout: float = 120,
    **extra: Any,
) -> subprocess.CompletedProcess[str]:
    """In the test: fetch ``user``'s mailbox on ``dovecot`` into ``store`` in a child running
    this module; ``extra`` are more config keys (``kill_at``, ``leave_on_server`` …)."""
    config = {
        "host": dovecot.host,
        "port": dovecot.pop3s_port,
        "username": user.name,
        "password": user.password,
        "ca_pem": str(pki.ca_pem),
        "store": str(store),
        **extra,
    }
    path = store.parent / "child.json"
    path.write_text(json.dumps(config))
    return subprocess.run(
        [sys.executable, "-m", "support.fetch_child", str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ),
    )


def main(config_path: str) -> int:
    config = json.loads(Path(config_path).read_text())
    if config.get("fsize_limit"):
        limit = int(config["fsize_limit"])
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    if config.get("kill_at"):
        _install_kill_hook(int(config["kill_at"]))
    from hongyan.core.accounts import Account, ServerSettings
    from hongyan.core.secrets import Secret
    from hongyan.core.store import Store
    from hongyan.core.sync import FetchOptions, fetch_account

    pem = Path(config["ca_pem"]).read_text()
    pop3 = ServerSettings(
        config["host"], config["port"], "ssl", config["username"], trust_cert_pem=pem
    )
    smtp = ServerSettings(config["host"], 465, "ssl", config["username"], trust_cert_pem=pem)
    account = Account(
        name=config.get("name", "child"),
        address="child@example.test",
        pop3=pop3,
        smtp=smtp,
        leave_on_server=config.get("leave_on_server", True),
    )
    options = FetchOptions(batch_messages=config.get("batch_messages", 128))
    with Store.open(config["store"], create=True) as store:
        result = fetch_account(account, store, Secret(config["password"]), options=options)
    print(result.summary)
    return 0 if result.ok else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
