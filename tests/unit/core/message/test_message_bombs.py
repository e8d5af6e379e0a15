"""plan D30: MIME bombs are read in bounded time and memory, in a process with a memory cap."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB of address space
sys.path[:0] = sys.argv[1:3]
from support.fuzz import giants
from hongyan.core.message.decode import body_text, has_attachments, parse_message
from hongyan.core.message.view import MessageView
results = []
for data in giants():
    start = time.perf_counter()
    view = MessageView.from_bytes(data)
    msg = parse_message(data)
    body_text(msg)
    has_attachments(msg)
    results.append([len(data), time.perf_counter() - start, bool(view.notes)])
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec, so a
# child of a big pytest process would report the parent's size.
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
rss_mb = int(hwm.split()[1]) / 1024
print(json.dumps({"results": results, "rss_mb": rss_mb}))
"""


@pytest.mark.slow
def test_bombs_in_a_memory_capped_process() -> None:
    """10 MB header, 100,000 header lines, 5,000-deep and 100,000-wide multipart, big base64."""
    root = Path(__file__).resolve().parents[4]
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root / "src"), str(root / "tests")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["rss_mb"] < 300
    for size, seconds, _noted in report["results"]:
        assert seconds < 5, (size, seconds)
