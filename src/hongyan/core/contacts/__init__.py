"""Contacts: the address book as a customer file (issue 18).

- :mod:`.model`: :class:`Contact` and its parts; :mod:`.vcard` and :mod:`.csvfile`: the file
  formats; :mod:`.book`: :class:`ContactBook`, one vCard file per contact in the store folder;
  :mod:`.transfer`: import and export of files;
- :mod:`.customer`: a customer's whole correspondence, answer times and open questions, and
  "New senders"; :mod:`.completion`: address completion for To/Cc/Bcc.
"""

from hongyan.core.contacts.book import ContactBook, ContactNotFoundError, ImportReport
from hongyan.core.contacts.model import Contact, Phone, PostalAddress

__all__ = [
    "Contact",
    "ContactBook",
    "ContactNotFoundError",
    "ImportReport",
    "Phone",
    "PostalAddress",
]
