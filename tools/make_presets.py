"""Build ``resources/providers.json`` from Thunderbird's ISP database plus hand-written entries.

Usage: ``python tools/make_presets.py [ISPDB_DIR]`` (default ``../shared/data/ispdb``).

Every ISPDB provider with a POP3 and an SMTP server reachable over TLS becomes a preset (the
most secure variant of each: implicit TLS, else STARTTLS; plaintext-only providers are left
out). ``MANUAL`` below adds what the ISPDB lacks: POP3 servers of providers it lists with IMAP
only, providers it does not list, the knowledge that iCloud has no POP3, and hints in English
and Chinese where a provider wants POP3 switched on, an app password or an authorisation code.
Re-run it when the ISPDB copy is updated; the output is deterministic.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from hongyan.core.providers import ServerPreset, best_server, parse_autoconfig  # noqa: E402

LICENCE = (
    "Server data derived from Thunderbird's ISP database (github.com/thunderbird/autoconfig, "
    "folder ispdb/), Mozilla Public License 2.0, https://mozilla.org/MPL/2.0/ ; entries marked "
    '"source": "manual" were written for Hongyan from the providers\' own help pages.'
)

NETEASE_HINT = {
    "en": "{name} needs POP3/SMTP switched on in its web mail settings "
    "(Settings → POP3/SMTP/IMAP), and then an authorisation code from that page as the "
    "password, not your web password.",
    "zh": "请先在{name}网页版的“设置 → POP3/SMTP/IMAP”中开启 POP3/SMTP 服务，"
    "并使用该页面生成的授权码作为密码，而不是网页登录密码。",
}
QQ_HINT = {
    "en": "QQ Mail needs the POP3/SMTP service switched on (Settings → Account), and then "
    "the authorisation code it shows as the password, not your QQ password.",
    "zh": "请先在 QQ 邮箱网页版“设置 → 账户”中开启 POP3/SMTP 服务，并使用生成的授权码作为密码，"
    "而不是 QQ 密码。",
}
SWITCH_ON_HINT = {
    "en": "Switch on POP3/SMTP in {name}'s web mail settings first. If the settings page "
    "gives you an authorisation code, use it as the password.",
    "zh": "请先在{name}网页版设置中开启 POP3/SMTP 服务；如设置页面提供授权码，请用授权码作为密码。",
}
APP_PASSWORD_HINT = {
    "en": "{name} needs an app password: create one in your account's security settings "
    "(two-step verification must be on) and use it here instead of your normal password.",
    "zh": "{name}需要“应用专用密码”：请在账户安全设置中开启两步验证后生成，"
    "并用它代替平时的登录密码。",
}
OAUTH_HINT = {
    "en": "{name} no longer accepts passwords from mail programs; it needs a sign-in through "
    "Microsoft (OAuth2), which Hongyan does not support yet.",
    "zh": "{name}已不再接受邮件程序使用密码登录，需要通过微软账户授权（OAuth2）登录，"
    "鸿雁暂不支持。",
}


def ssl_server(host: str, port: int) -> dict[str, Any]:
    return {"host": host, "port": port, "security": "ssl", "username": "address"}


MANUAL: dict[str, dict[str, Any]] = {
    # id: overrides; "ispdb" names the ISPDB file whose servers are the starting point.
    "163.com": {
        "name": "网易 163 邮箱",
        "pop3": ssl_server("pop.163.com", 995),
        "hint": NETEASE_HINT,
    },
    "126.com": {
        "name": "网易 126 邮箱",
        "pop3": ssl_server("pop.126.com", 995),
        "hint": NETEASE_HINT,
    },
    "yeah.net": {
        "name": "网易 yeah.net 邮箱",
        "pop3": ssl_server("pop.yeah.net", 995),
        "hint": NETEASE_HINT,
    },
    "qq.com": {
        "name": "QQ 邮箱",
        "domains": ["qq.com", "foxmail.com", "vip.qq.com"],
        "pop3": ssl_server("pop.qq.com", 995),
        "hint": QQ_HINT,
    },
    "sina.com": {
        "name": "新浪邮箱",
        "domains": ["sina.com", "vip.sina.com"],
        "pop3": ssl_server("pop.sina.com", 995),
        "smtp": ssl_server("smtp.sina.com", 465),
        "hint": SWITCH_ON_HINT,
    },
    "sina.cn": {
        "name": "新浪邮箱 sina.cn",
        "domains": ["sina.cn"],
        "pop3": ssl_server("pop.sina.cn", 995),
        "smtp": ssl_server("smtp.sina.cn", 465),
        "hint": SWITCH_ON_HINT,
    },
    "sohu.com": {
        "name": "搜狐邮箱",
        "domains": ["sohu.com"],
        "pop3": ssl_server("pop3.sohu.com", 995),
        "smtp": ssl_server("smtp.sohu.com", 465),
        "hint": SWITCH_ON_HINT,
    },
    "aliyun.com": {
        "name": "阿里邮箱",
        "domains": ["aliyun.com"],
        "pop3": ssl_server("pop3.aliyun.com", 995),
        "smtp": ssl_server("smtp.aliyun.com", 465),
        "hint": SWITCH_ON_HINT,
    },
    "139.com": {
        "name": "139 邮箱",
        "domains": ["139.com"],
        "pop3": ssl_server("pop.139.com", 995),
        "smtp": ssl_server("smtp.139.com", 465),
        "hint": SWITCH_ON_HINT,
    },
    "googlemail.com": {"name": "Gmail", "hint": APP_PASSWORD_HINT},
    "yahoo.com": {"name": "Yahoo Mail", "hint": APP_PASSWORD_HINT},
    "hotmail.com": {"name": "Outlook.com", "hint": OAUTH_HINT},
    "me.com": {
        "name": "iCloud Mail",
        "pop3": None,
        "hint": {
            "en": "iCloud Mail offers no POP3, only IMAP, so Hongyan cannot fetch from it. "
            "Sending needs an app-specific password from your Apple Account.",
            "zh": "iCloud 邮件不提供 POP3（只有 IMAP），鸿雁无法收取；发信需要在 Apple 账户中生成的 App 专用密码。",  # noqa: E501
        },
    },
    "yandex.ru": {"name": "Yandex Mail", "hint": APP_PASSWORD_HINT},
    "gmx.com": {"name": "GMX", "hint": SWITCH_ON_HINT},
    "mail.ru": {"name": "Mail.ru", "hint": APP_PASSWORD_HINT},
    "zoho.com": {"name": "Zoho Mail", "hint": SWITCH_ON_HINT},
}


def _server_json(server: ServerPreset | None) -> dict[str, Any] | None:
    if server is None:
        return None
    data = asdict(server)
    if not data["oauth2_only"]:
        del data["oauth2_only"]
    return data


def from_ispdb(path: Path) -> dict[str, Any] | None:
    provider = parse_autoconfig(path.read_bytes())
    pop3, smtp = best_server(provider.pop3), best_server(provider.smtp)
    if smtp is None or (pop3 is None and path.stem not in MANUAL):
        return None
    return {
        "id": path.stem,
        "name": provider.name,
        "domains": list(provider.domains),
        "pop3": _server_json(pop3),
        "smtp": _server_json(smtp),
        "source": "ispdb",
    }


def apply_manual(entry: dict[str, Any] | None, key: str, manual: dict[str, Any]) -> dict[str, Any]:
    base: dict[str, Any] = dict(entry or {"id": key, "domains": [key], "source": "manual"})
    for field in ("name", "domains", "pop3", "smtp"):
        if field in manual:
            base[field] = manual[field]
    if entry is not None and ("pop3" in manual or "smtp" in manual):
        base["source"] = "ispdb+manual"
    if "hint" in manual:
        base["hint"] = {
            lang: text.format(name=base["name"]) for lang, text in manual["hint"].items()
        }
    return base


def build(ispdb: Path) -> dict[str, Any]:
    entries: dict[str, dict[str, Any]] = {}
    for path in sorted(ispdb.glob("*.xml")):
        entry = from_ispdb(path)
        if entry is not None:
            entries[path.stem] = entry
    for key, manual in MANUAL.items():
        entries[key] = apply_manual(entries.get(key), key, manual)
    return {"licence": LICENCE, "version": 1, "providers": [entries[k] for k in sorted(entries)]}


def main(argv: list[str]) -> int:
    ispdb = Path(argv[0]) if argv else REPO.parent / "shared" / "data" / "ispdb"
    out = REPO / "resources" / "providers.json"
    data = build(ispdb)
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{out}: {len(data['providers'])} providers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
