"""`pocdoc keys` (create, list, revoke API keys) and `pocdoc mcp` (the MCP server): their
arguments and what they do. Light: :mod:`ui.api` loads only when one of them runs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ui.api.mcp_options import mcp_arguments

ROLES = ("reader", "editor", "admin")  # ui.api.keys.Role, without importing it to parse


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `keys` and `mcp` to the `pocdoc` subcommands."""
    p = sub.add_parser(
        "keys",
        parents=[common],
        help="API keys for the HTTP API, the OpenAI-compatible endpoint and MCP over HTTP",
    )
    p.set_defaults(func=lambda args: p.print_help() or 2)
    actions = p.add_subparsers(title="keys commands", metavar="ACTION")
    c = actions.add_parser("create", parents=[common], help="make a key (shown once)")
    c.add_argument(
        "--role", choices=ROLES, default="reader", help="reader: ask and search; editor: + "
        "upload and ingest; admin: + delete and keys (default: reader)",
    )  # fmt: skip
    c.add_argument("--label", default="", help="who or what the key is for")
    c.add_argument("--json", action="store_true", help="print the key and its record as JSON")
    c.set_defaults(func=run_keys_create)
    ls = actions.add_parser("list", parents=[common], help="every key's id, role and label")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_keys_list)
    r = actions.add_parser("revoke", parents=[common], help="refuse a key from now on")
    r.add_argument("key_id", help="the key's id (`pocdoc keys list`)")
    r.set_defaults(func=run_keys_revoke)

    m = sub.add_parser(
        "mcp",
        parents=[common],
        help="an MCP server (tools search, ask, get_passage, list_documents) on stdio, or "
        "streamable HTTP with --http; a client of this home's `pocdoc serve`",
    )
    mcp_arguments(m, skip={"home"})  # --home comes from the common options
    m.set_defaults(func=run_mcp)


def _home(args: argparse.Namespace) -> Path:
    from assistant.settings import load_settings

    return Path(load_settings(getattr(args, "config", None), **_home_override(args)).home)


def _home_override(args: argparse.Namespace) -> dict[str, Any]:
    home = getattr(args, "home", None)
    return {"home": home} if home is not None else {}


def run_keys_create(args: argparse.Namespace) -> int:
    from ui.api.keys import KeyStore

    key, record = KeyStore(_home(args)).create(args.role, args.label)
    if args.json:
        print(json.dumps({"key": key, **record.public()}))
        return 0
    print(key)
    print(
        f"key {record.key_id} ({record.role}) created: it is shown this once; send it as "
        "`Authorization: Bearer <key>` (or as an OpenAI client's api_key)",
        file=sys.stderr,
    )
    return 0


def run_keys_list(args: argparse.Namespace) -> int:
    from ui.api.keys import KeyStore

    records = [r.public() for r in KeyStore(_home(args)).list()]
    if args.json:
        print(json.dumps(records, indent=1))
        return 0
    if not records:
        print("no keys yet: `pocdoc keys create --role reader` makes one")
        return 0
    for r in records:
        state = f"revoked {r['revoked']}" if r["revoked"] else "active"
        print(f"{r['id']}  {r['role']:<6}  {state:<28}  created {r['created']}  {r['label']}")
    return 0


def run_keys_revoke(args: argparse.Namespace) -> int:
    from ui.api.keys import KeyStore

    record = KeyStore(_home(args)).revoke(args.key_id)
    print(f"key {record.key_id} ({record.role}) revoked {record.revoked}")
    return 0


def run_mcp(args: argparse.Namespace) -> int:
    from ui.api.mcp_server import serve

    return serve(_home(args), url=args.url, key=args.key, http=args.http, port=args.port)
