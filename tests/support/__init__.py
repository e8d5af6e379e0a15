"""Test helpers shared by unit, integration and GUI tests (on sys.path via pytest's pythonpath)."""
