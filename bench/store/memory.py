"""Peak memory of a process *and its children together*, sampled from /proc while it runs.

``ru_maxrss`` gives each process's own peak, and the peaks of a main process and its workers do
not happen at the same moment, so adding them overstates; reporting only one understates. This
samples the whole process tree a few times a second and keeps the largest totals:

- RSS summed over the tree: what ``top`` would add up. Pages a forked worker still shares with
  its parent are counted once per process, so this is an upper bound.
- PSS summed over the tree (``/proc/PID/smaps_rollup``): each shared page divided among the
  processes sharing it, so the sum is the physical memory the tree really uses.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass
class TreePeak:
    rss_mb: float = 0.0  # largest sum of RSS over the tree at one sample
    pss_mb: float = 0.0  # largest sum of PSS over the tree at one sample
    processes: int = 0  # processes in the tree at the sample with the largest RSS sum
    samples: int = 0


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (parents read from ``/proc/PID/stat``)."""
    parents: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name in (...) may hold spaces
        parents.setdefault(ppid, []).append(int(entry.name))
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += parents.get(current, [])
    return pids


def _field_kb(path: Path, name: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def sample(pid: int) -> tuple[float, float, int]:
    """(RSS MB, PSS MB, process count) of the tree under ``pid`` now."""
    pids = tree(pid)
    rss = sum(_field_kb(PROC / str(p) / "status", "VmRSS:") for p in pids)
    pss = sum(_field_kb(PROC / str(p) / "smaps_rollup", "Pss:") for p in pids)
    return rss / 1024, pss / 1024, len(pids)


class TreeSampler:
    """Sample the tree under ``pid`` every ``interval`` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval, self.peak = pid, interval, TreePeak()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set() and os.path.exists(PROC / str(self.pid)):
            rss, pss, count = sample(self.pid)
            if rss > self.peak.rss_mb:
                self.peak.rss_mb, self.peak.processes = rss, count
            self.peak.pss_mb = max(self.peak.pss_mb, pss)
            self.peak.samples += 1
            self._stop.wait(self.interval)
