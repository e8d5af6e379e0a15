"""A deterministic, realistic Maildir for the store benchmark.

The mix imitates a working mailbox: mostly short text mail, some HTML newsletters
(multipart/alternative), a fifth with attachments (which carry most of the bytes, for a mean
near the 105 KB of the issue's reference measurement), 40 % Chinese subjects, some GBK bodies.
Two marker terms with known frequency make the search figures comparable between tools: the
body word ``zebracorn`` (in 1 % of messages) and the sender ``auditor@ledger.example`` (1 %).
"""

from __future__ import annotations

import base64
import random
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

BODY_MARKER = "zebracorn"
SENDER_MARKER = "auditor@ledger.example"
_CJK_TOPICS = ["报价", "合同", "发票", "会议", "项目", "付款", "订单", "周报", "样品", "物流"]
_CJK_FORMS = ["关于{}单的确认", "{}进度通知", "请查收：{}资料", "回复：{}安排", "{}变更说明"]
_CJK_TEXT = "我们已经收到您的来信，相关事宜正在处理中，请于本周五之前确认并回复，谢谢配合。"
_EN = [
    "meeting",
    "invoice",
    "report",
    "project",
    "update",
    "schedule",
    "budget",
    "review",
    "contract",
    "order",
    "payment",
    "shipping",
    "delivery",
    "draft",
    "proposal",
    "quarterly",
    "figures",
    "team",
    "release",
    "notes",
    "customer",
    "support",
    "request",
    "approval",
    "travel",
    "expense",
    "summary",
    "weekly",
    "agenda",
    "minutes",
    "follow",
    "question",
    "answer",
]


def _words(rng: random.Random, n: int) -> str:
    vocabulary = _EN + [f"w{rng.randrange(20000)}" for _ in range(8)]
    return " ".join(rng.choice(vocabulary) for _ in range(n))


def _subject(rng: random.Random, i: int) -> str:
    if rng.random() < 0.4:
        return rng.choice(_CJK_FORMS).format(rng.choice(_CJK_TOPICS)) + f" #{i}"
    return f"{_words(rng, rng.randint(2, 6)).capitalize()} #{i}"


def _headers(rng: random.Random, i: int, subject: str, when: datetime, sender: str) -> str:
    encoded = Header(subject, "utf-8").encode() if not subject.isascii() else subject
    return (
        f"From: {sender}\n"
        f"To: me@home.example\n"
        f"Subject: {encoded}\n"
        f"Date: {format_datetime(when)}\n"
        f"Message-ID: <{i}.{rng.randrange(10**9)}@bench.example>\n"
        "MIME-Version: 1.0\n"
    )


def _text_body(rng: random.Random, marker: bool, cjk: bool) -> str:
    lines = [_words(rng, 12) for _ in range(rng.randint(5, 80))]
    if cjk:
        lines.insert(1, _CJK_TEXT)
    if marker:
        lines.insert(rng.randrange(len(lines)), f"the {BODY_MARKER} figures")
    return "\n".join(lines) + "\n"


def message(rng: random.Random, i: int, start: datetime) -> bytes:
    """Message ``i`` of the benchmark mailbox (the same bytes for the same seed and i)."""
    when = start + timedelta(seconds=rng.randrange(5 * 365 * 86400))
    marker = rng.random() < 0.01
    sender = SENDER_MARKER if rng.random() < 0.01 else f"user{rng.randrange(2000)}@corp.example"
    subject = _subject(rng, i)
    cjk = not subject.isascii()
    head = _headers(rng, i, subject, when, sender)
    text = _text_body(rng, marker, cjk)
    kind = rng.random()
    if kind < 0.6:
        if cjk and rng.random() < 0.5:  # legacy GBK body
            return (
                head + "Content-Type: text/plain; charset=gbk\nContent-Transfer-Encoding: 8bit\n\n"
            ).encode() + text.encode("gbk")
        return (
            head + "Content-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: 8bit\n\n" + text
        ).encode()
    if kind < 0.8:
        html = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.splitlines())
        return (
            head + 'Content-Type: multipart/alternative; boundary="ALT"\n\n'
            "--ALT\nContent-Type: text/plain; charset=utf-8\n\n"
            + text
            + "--ALT\nContent-Type: text/html; charset=utf-8\n\n"
            + html
            + "</body></html>\n--ALT--\n"
        ).encode()
    size = int(min(rng.lognormvariate(12.6, 0.8), 4_000_000))
    blob = base64.encodebytes(rng.randbytes(size)).decode()
    return (
        head + 'Content-Type: multipart/mixed; boundary="MIX"\n\n'
        "--MIX\nContent-Type: text/plain; charset=utf-8\n\n"
        + text
        + '--MIX\nContent-Type: application/pdf; name="doc.pdf"\n'
        'Content-Disposition: attachment; filename="doc.pdf"\n'
        "Content-Transfer-Encoding: base64\n\n" + blob + "--MIX--\n"
    ).encode()


def generate(root: Path, count: int, *, seed: int = 4) -> int:
    """Write ``count`` messages into the Maildir ``root`` (cur/, half of them read); bytes."""
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    total = 0
    for i in range(count):
        data = message(rng, i, start)
        flags = "S" if rng.random() < 0.5 else ""
        (root / "cur" / f"{1600000000 + i}.M{i}P0Q0.bench:2,{flags}").write_bytes(data)
        total += len(data)
    return total
