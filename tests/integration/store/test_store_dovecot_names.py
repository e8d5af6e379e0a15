"""Hongyan's folders and Dovecot's are the same folders (Maildir++ in modified UTF-7).

``doveadm`` reads a copy of the store given to an unprivileged user (it refuses root-owned
mail; testing-notes.md). Skipped where Dovecot's tools are not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.store import Store
from support.mail import message

pytestmark = pytest.mark.integration

DOVEADM = shutil.which("doveadm") or (
    "/usr/bin/doveadm" if Path("/usr/bin/doveadm").exists() else None
)


class Doveadm:
    """``doveadm`` over one Maildir, as the user ``nobody`` when run as root."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.mail = home / "Mail"
        self.config = home / "dovecot.conf"
        for name in ("run", "state"):
            (home / name).mkdir()
        self.config.write_text(
            f"base_dir = {home}/run\nstate_dir = {home}/state\n"
            f"mail_location = maildir:{self.mail}\n"
        )

    def give_away(self) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "nobody", str(self.home)], check=True)

    def __call__(self, *args: str, stdin: bytes | None = None) -> str:
        command = [str(DOVEADM), "-c", str(self.config), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "nobody", "--", "env", f"HOME={self.home}", "USER=nobody"]
            command += [str(DOVEADM), "-c", str(self.config), *args]
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout.decode()


@pytest.fixture
def doveadm() -> Iterator[Doveadm]:
    if DOVEADM is None:
        pytest.skip("doveadm (Dovecot) is not installed")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("runuser is needed to run doveadm as nobody")
    # Not under pytest's tmp_path: its parents are private to root, and nobody must get in.
    home = Path(tempfile.mkdtemp(prefix="hongyan-doveadm-"))
    home.chmod(0o755)
    try:
        yield Doveadm(home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_dovecot_lists_hongyans_chinese_folders_under_their_names(
    doveadm: Doveadm, tmp_path: Path
) -> None:
    with Store.open(tmp_path / "Mail", create=True) as store:
        store.create_folder("客户/华东/上海某公司")
        store.create_folder("R&D")
        store.add("客户/华东/上海某公司", message(subject="报价单"))
    shutil.copytree(tmp_path / "Mail", doveadm.mail)
    doveadm.give_away()
    listed = set(doveadm("mailbox", "list").split())
    assert {"客户", "客户.华东", "客户.华东.上海某公司", "R&D", "Sent", "INBOX"} <= listed
    status = doveadm("mailbox", "status", "messages", "客户.华东.上海某公司")
    assert status.split() == ["客户.华东.上海某公司", "messages=1"]


def test_a_folder_dovecot_made_appears_in_hongyan_with_its_mail(doveadm: Doveadm) -> None:
    Store.open(doveadm.mail, create=True).close()
    doveadm.give_away()
    doveadm("mailbox", "create", "报价.2026")
    doveadm("save", "-m", "报价.2026", stdin=message(subject="从 Dovecot 来"))
    with Store.open(doveadm.mail) as store:
        assert "报价/2026" in [f.name for f in store.folders()]
        assert [r.subject for r in store.list("报价/2026")] == ["从 Dovecot 来"]
