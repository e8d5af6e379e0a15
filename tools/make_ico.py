# ruff: noqa: TID251  (a developer tool run by hand; Qt renders the SVG)
"""Make resources/icons/hongyan.ico from hongyan.svg (Windows shortcuts need an .ico).

Run from the repository root: ``.venv/bin/python tools/make_ico.py``. Each size is rendered by
Qt's SVG renderer and stored as PNG inside the ICO container (supported since Windows Vista),
so no imaging library is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 256)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: list[tuple[int, bytes]]) -> bytes:
    """The ICO container: ICONDIR, one ICONDIRENTRY per image, then the PNG data."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    root = Path(__file__).resolve().parent.parent / "resources" / "icons"
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(root / "hongyan.svg"))
    if not renderer.isValid():
        print("hongyan.svg could not be read", file=sys.stderr)
        return 1
    (root / "hongyan.ico").write_bytes(ico([(s, render_png(renderer, s)) for s in SIZES]))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
