"""Fixtures for the desktop-integration writers: a fixed Hongyan command and the manifest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hongyan.core.integration import manifest_path
from hongyan.core.integration.launch import HongyanCommand
from hongyan.core.integration.manifest import Manifest
from hongyan.core.paths import app_paths


@pytest.fixture
def command() -> HongyanCommand:
    """A program path with a space and Chinese, as on a real user's machine."""
    return HongyanCommand(("/opt/鸿雁 mail/bin/hongyan",))


@pytest.fixture
def home() -> Path:
    return Path(os.environ["HOME"])


@pytest.fixture
def manifest() -> Manifest:
    return Manifest.load(manifest_path(app_paths()))
