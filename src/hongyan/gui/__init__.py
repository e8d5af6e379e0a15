"""The PySide6 desktop interface over :mod:`hongyan.core`."""
