"""Templates: saved messages to start from, with placeholders filled at use.

* :mod:`.folder` — the store's ``Templates`` folder (:class:`Templates`).
* :mod:`.placeholders` — ``{{recipient_name}}`` and friends (:data:`PLACEHOLDERS`,
  :func:`fill`, :func:`values_for`, :func:`unknown_placeholders`) and the address-book
  lookup they need (:class:`ContactLookup`).
* :mod:`.use` — New Message from Template and Reply with Template (:func:`new_message`,
  :func:`reply_with`).
"""

from hongyan.core.templates.folder import (
    NAME_HEADER,
    TEMPLATES,
    Template,
    TemplateInfo,
    Templates,
    check_name,
)
from hongyan.core.templates.placeholders import (
    PLACEHOLDERS,
    ContactInfo,
    ContactLookup,
    Filled,
    Placeholder,
    date_text,
    fill,
    language_of_text,
    unknown_placeholders,
    values_for,
)
from hongyan.core.templates.use import TemplateUse, new_message, reply_with

__all__ = [
    "NAME_HEADER",
    "PLACEHOLDERS",
    "TEMPLATES",
    "ContactInfo",
    "ContactLookup",
    "Filled",
    "Placeholder",
    "Template",
    "TemplateInfo",
    "TemplateUse",
    "Templates",
    "check_name",
    "date_text",
    "fill",
    "language_of_text",
    "new_message",
    "reply_with",
    "unknown_placeholders",
    "values_for",
]
