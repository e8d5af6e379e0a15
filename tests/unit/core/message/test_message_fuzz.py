"""Bounded fuzzing in every test run: mutated corpus messages and raw bytes never raise.

The long run (over 100,000 inputs, with timing) is ``bench/fuzz_read.py``; this one keeps a few
thousand inputs so ``make test`` stays fast (plan D30-D32).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.fuzz import mutate, read_everything
from support.hostile import group_d
from support.shared import corpus_messages

SEEDS = [p.read_bytes() for p in corpus_messages() if p.stat().st_size < 200_000][:300] + [
    data for _, _, data in group_d("http://127.0.0.1:9/") if len(data) < 200_000
]


@pytest.mark.slow
@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_corpus_messages(seed: int) -> None:
    """plan D30-D32: broken and hostile variations of real mail decode without exception."""
    rng = random.Random(seed)
    read_everything(mutate(rng.choice(SEEDS), rng))


@settings(max_examples=600, deadline=None)
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    read_everything(data)


@settings(max_examples=300, deadline=None)
@given(
    headers=st.lists(
        st.tuples(
            st.sampled_from(["Subject", "From", "To", "Content-Type", "Content-Disposition"]),
            st.text(max_size=200),
        ),
        max_size=8,
    ),
    body=st.text(max_size=500),
)
def test_arbitrary_headers_and_text(headers: list[tuple[str, str]], body: str) -> None:
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers)
    read_everything((lines + "\r\n" + body).encode("utf-8", errors="surrogateescape"))
