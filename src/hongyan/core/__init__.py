"""The engine: accounts, protocols, sync, the store and messages. Never imports PySide6."""
