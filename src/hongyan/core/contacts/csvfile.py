"""Contacts from CSV files as Outlook, Foxmail and Thunderbird export them.

Every program writes its own header row, in the language of its interface: Thunderbird's
English ``First Name,Last Name,Display Name,…,Primary Email`` (its importer matches these
names), Outlook's ``First Name,…,E-mail Address,…,Business Fax,…,Categories`` and the
Chinese ``名,姓,…,电子邮件地址,…,商务传真``, Foxmail's ``姓名,电子邮件地址,手机,…``. Columns
are recognised by their header (:data:`COLUMNS`, case and spacing ignored); unknown columns
are left out. Sources of the header rows: tests/data/vcards/SOURCES.md.

Encodings: UTF-8, UTF-8 with a byte order mark (Excel, Outlook), UTF-16 with a BOM, and GBK
(Chinese Windows writes CSV in its ANSI code page, 936), read as GB18030, its superset.
The delimiter is a comma, a semicolon or a tab, whichever splits the header into most
columns (as Thunderbird's importer decides).
"""

from __future__ import annotations

import csv
import io
import re

from hongyan.core.contacts.model import Contact, Phone, PostalAddress, split_name
from hongyan.core.contacts.vcard import decode_text
from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

# field → header names (folded: lower case, no spaces) that mean it
_NAMES: dict[str, tuple[str, ...]] = {
    "display": ("displayname", "name", "fullname", "显示名称", "显示名", "姓名", "名称"),
    "given": ("firstname", "givenname", "名", "名字"),
    "family": ("lastname", "familyname", "surname", "姓", "姓氏"),
    "middle": ("middlename", "中间名"),
    "prefix": ("title", "称谓"),  # Outlook's "Title" is Mr./Ms.; the job is "Job Title"
    "suffix": ("suffix", "后缀"),
    "email1": (
        "e-mailaddress",
        "emailaddress",
        "primaryemail",
        "email",
        "e-mail",
        "电子邮件地址",
        "电子邮件",
        "邮件地址",
        "邮箱",
        "邮箱地址",
        "主要电子邮件",
    ),
    "email2": (
        "e-mail2address",
        "email2address",
        "secondaryemail",
        "电子邮件2地址",
        "第二电子邮件",
    ),
    "email3": ("e-mail3address", "email3address", "电子邮件3地址"),
    "company": ("company", "organization", "organisation", "公司", "公司名称", "单位", "组织"),
    "department": ("department", "部门"),
    "jobtitle": ("jobtitle", "职务", "职位", "头衔"),
    "work": ("businessphone", "workphone", "商务电话", "办公电话", "单位电话", "工作电话"),
    "mobile": ("mobilephone", "mobilenumber", "mobile", "移动电话", "手机", "手机号码"),
    "fax": ("businessfax", "faxnumber", "fax", "商务传真", "传真", "办公传真"),
    "home": ("homephone", "住宅电话", "家庭电话"),
    "street": ("businessstreet", "workaddress", "商务地址街道", "公司地址", "单位地址"),
    "city": ("businesscity", "workcity", "商务地址市/县"),
    "region": ("businessstate", "workstate", "商务地址省/市/自治区"),
    "code": ("businesspostalcode", "workzipcode", "workzip", "商务地址邮政编码"),
    "country": ("businesscountry/region", "workcountry", "商务地址国家/地区"),
    "website": ("webpage", "webpage1", "website", "网页", "个人网页", "主页", "网址"),
    "notes": ("notes", "note", "附注", "备注"),
    "groups": ("categories", "category", "groups", "group", "类别", "分组", "组"),
}
COLUMNS = {alias: field for field, aliases in _NAMES.items() for alias in aliases}
_GROUP_SPLIT = re.compile(r"\s*(?:;|,|:::)\s*")


class CsvContactsError(HongyanError):
    """A CSV file that holds no contacts Hongyan can read."""


def _fold(header: str) -> str:
    return re.sub(r"\s+", "", header.strip().strip('"').lower())


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def read_csv(data: bytes, *, source: str = "") -> list[Contact]:
    """The contacts of a CSV file (one per row after the header row).

    Raises:
        CsvContactsError: no known column (a name or an e-mail address) in the header row.
    """
    text = decode_text(data)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    header = rows[0] if rows else []
    fields = [COLUMNS.get(_fold(h)) for h in header]
    if not any(f in ("display", "given", "family", "email1") for f in fields):
        raise CsvContactsError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "{source} has no column Hongyan knows (a name or an e-mail address); its "
                    "first line is: {header}",
                ),
                source=source or "The CSV file",
                header=",".join(header)[:200],
            )
        )
    contacts = []
    for row in rows[1:]:
        values: dict[str, str] = {}
        for field, value in zip(fields, row, strict=False):
            if field and value.strip() and field not in values:
                values[field] = value.strip()
        contact = _contact(values)
        if contact is not None:
            contacts.append(contact)
    return contacts


def _contact(values: dict[str, str]) -> Contact | None:
    emails = [values[k] for k in ("email1", "email2", "email3") if "@" in values.get(k, "")]
    family, given = values.get("family", ""), values.get("given", "")
    display = values.get("display", "")
    if display and not (family or given):
        family, given = split_name(display)
    phones = [
        Phone(kind, values[kind]) for kind in ("work", "mobile", "fax", "home") if kind in values
    ]
    if not (emails or display or family or given or phones):
        return None
    address = PostalAddress(
        street=values.get("street", ""),
        city=values.get("city", ""),
        region=values.get("region", ""),
        code=values.get("code", ""),
        country=values.get("country", ""),
    )
    return Contact(
        display_name=display,
        family_name=family,
        given_name=given,
        name_rest=(values.get("middle", ""), values.get("prefix", ""), values.get("suffix", "")),
        company=values.get("company", ""),
        department=values.get("department", ""),
        title=values.get("jobtitle", ""),
        emails=list(dict.fromkeys(emails)),
        phones=phones,
        addresses=[address] if address.one_line() else [],
        website=values.get("website", ""),
        notes=values.get("notes", ""),
        groups=[g for g in _GROUP_SPLIT.split(values.get("groups", "")) if g],
    )
