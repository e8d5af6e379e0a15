"""Hongyan (鸿雁): a desktop POP3/SMTP mail client that keeps your mail on your own disk."""

__version__ = "0.1.0"
APP_NAME = "Hongyan"
