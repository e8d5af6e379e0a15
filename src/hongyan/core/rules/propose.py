""" "Create Rule from Message": the rule a user most likely wants for a customer's mail.

Mail from a company comes from addresses of its domain: the proposal files everything from
that domain (subdomains included) into a folder named after the company, which the user then
edits. The company's name is taken from the sender's display name when it carries one
(``张三（上海某某贸易有限公司）``, ``Jane Roe | ACME Corp``), else from the domain
(``sales.acme-tech.com.cn`` → ``Acme-Tech``). Mail from a public mailbox (qq.com, 163.com,
gmail.com: the providers Hongyan knows, providers.json) says nothing about a company: the
proposal is then "from this address", filed under the sender's name.

Finding the registrable part of a domain exactly needs the Public Suffix List; for a
proposal the user edits anyway, the common shapes (``acme.com``, ``acme.com.cn``,
``acme.co.uk``) are enough.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hongyan.core.rules.model import MOVE, Action, Condition, Rule
from hongyan.core.store.records import MessageRow

# Words that mark an organisation in a display name (Chinese and English).
_ORG_WORDS = re.compile(
    r"公司|集团|有限|股份|科技|贸易|实业|工厂|制造|银行|大学|学院|研究所|事务所|商行|工作室"
    r"|\b(inc|ltd|llc|gmbh|corp|corporation|co|company|group|limited|plc|ag|sa|pty|bv)\b\.?",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"[(（\[【]([^()（）\[\]【】]+)[)）\]】]")
_SEPARATORS = re.compile(r"\s+[|/–—-]\s+|\s*[|｜·]\s*| at | @ ")
# Second-level labels under a country code that are not the company (``acme.com.cn``).
_GENERIC_SECOND = {"com", "net", "org", "gov", "edu", "co", "ac", "or", "ne", "go", "ltd", "plc"}


def propose_rule(row: MessageRow, *, taken: Iterable[str] = (), public: bool | None = None) -> Rule:
    """The rule proposed for mail like ``row``: its sender's domain (or address, for a
    public mailbox) → move to a folder named after the company. ``taken`` are rule names in
    use (the proposal's name avoids them); ``public`` overrides the public-mailbox check."""
    address = row.from_addr.strip()
    domain = address.rpartition("@")[2].lower().rstrip(".")
    if public is None:
        public = is_public_mailbox(domain)
    company = company_name(row.from_name, domain)
    if public or not domain:
        person = _clean(row.from_name) or address.partition("@")[0] or address
        name = company if company and _ORG_WORDS.search(row.from_name) else person
        condition = Condition("from", address)
    else:
        name = company or registrable_domain(domain)
        condition = Condition("domain", registrable_domain(domain))
    folder = folder_name(name) or "Filed"
    return Rule(
        name=_unique(folder, taken),
        conditions=(condition,),
        actions=(Action(MOVE, folder=folder),),
    )


def company_name(display_name: str, domain: str) -> str:
    """The company a sender writes for, from the display name, else from the domain."""
    display_name = display_name.strip().strip("\"'")
    candidates = [m.group(1) for m in _BRACKETS.finditer(display_name)]
    candidates += _SEPARATORS.split(_BRACKETS.sub(" ", display_name))
    for candidate in [*candidates, display_name]:
        if _ORG_WORDS.search(candidate):
            return _clean(candidate)
    label = registrable_domain(domain).split(".")[0] if domain else ""
    return "-".join(part.capitalize() for part in label.split("-") if part)


def registrable_domain(domain: str) -> str:
    """``sales.acme.com.cn`` → ``acme.com.cn``, ``mail.acme.com`` → ``acme.com``."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) <= 2:
        return ".".join(labels)
    keep = 3 if len(labels[-1]) == 2 and labels[-2] in _GENERIC_SECOND else 2
    return ".".join(labels[-keep:])


def is_public_mailbox(domain: str) -> bool:
    """A domain of a mail provider anyone can sign up with (providers.json)."""
    from hongyan.core.providers import Presets

    try:
        return Presets.load().lookup(domain) is not None
    except (OSError, ValueError, KeyError):
        return False


def folder_name(name: str) -> str:
    """``name`` made a valid folder name: no ``.``, ``/`` or ``\\``, no control characters."""
    cleaned = re.sub(r"[\x00-\x1f/\\]+", " ", name).replace(".", "")
    return " ".join(cleaned.split())


def _clean(text: str) -> str:
    return " ".join(text.strip().strip("\"'()（）").split())


def _unique(name: str, taken: Iterable[str]) -> str:
    used = {t.casefold() for t in taken}
    candidate, n = name, 2
    while candidate.casefold() in used:
        candidate, n = f"{name} {n}", n + 1
    return candidate
