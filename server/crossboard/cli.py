"""`crossboard serve | new-board | export | import`: run a hub; make, export or import a
board (printing its join links)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import logs
from .board.template import DEFAULT_DEPARTMENTS
from .settings import Settings

if TYPE_CHECKING:
    from .engine.base import Engine
    from .hub.links import Links

log = logging.getLogger("crossboard")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(
        host=getattr(args, "host", "127.0.0.1"),
        port=getattr(args, "port", 8000),
        data_dir=Path(args.data_dir),
        redis_url=args.redis_url,
        secret=args.secret or os.environ.get("CROSSBOARD_SECRET") or None,
        public_url=args.public_url,
        allowed_origins=tuple(getattr(args, "allow_origin", None) or ()),
        admin_token=getattr(args, "admin_token", None) or None,
        open_board_creation=bool(getattr(args, "open_board_creation", False)),
        forwarded_allow_ips=getattr(args, "forwarded_allow_ips", "") or "",
    )


def _flag(name: str) -> bool:
    """An environment switch: 1, true, yes or on."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("CROSSBOARD_DATA", "data"),
        help="where the embedded engine keeps boards (default: ./data)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("CROSSBOARD_REDIS_URL"),
        help="use Redis as the engine (for several hub processes)",
    )
    parser.add_argument(
        "--secret", default=None, help="signs join links; same on every hub (env CROSSBOARD_SECRET)"
    )
    parser.add_argument(
        "--public-url",
        default=os.environ.get("CROSSBOARD_PUBLIC_URL"),
        help="base of printed join links, e.g. https://board.example.org",
    )


def _print_links(made: dict[str, object]) -> None:
    links = made["links"]
    assert isinstance(links, dict)
    print(f"Board {made['id']}: {made['title']}", flush=True)
    for role in ("facilitator", "participant", "screen"):
        print(f"  {role:<12} {links[role]}", flush=True)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .web.admin import load_admin_token, start_link
    from .web.app import create_app

    settings = _settings(args)
    app = create_app(settings)
    if not args.quiet_links:
        token = load_admin_token(settings.data_dir, settings.admin_token)
        link = start_link(settings.base_url, token)
        print(f"Start page (create boards here): {link}", flush=True)
        if settings.open_board_creation:
            print("  board creation is open: anyone who reaches this hub may create boards")
    from .web.serving import server_config

    uvicorn.Server(server_config(app, settings, args.log_level)).run()
    return 0


T = TypeVar("T")


def _with_engine(settings: Settings, work: Callable[[Engine, Links], Awaitable[T]]) -> T:
    """Run `work` against the configured engine (started, then closed) and the links."""
    from .engine.factory import make_engine
    from .hub.links import Links, load_secret

    async def run() -> T:
        engine = make_engine(settings)
        await engine.start()
        try:
            return await work(engine, Links(load_secret(settings.data_dir, settings.secret)))
        finally:
            await engine.close()

    return asyncio.run(run())


def new_board(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from .boards import NewBoard, create_board

    settings = _settings(args)
    try:
        spec = NewBoard(
            title=args.title,
            departments=args.department or None,
            template=args.template,
            language=args.language,
        )
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise SystemExit(f"{where}: {first['msg']}") from None
    _print_links(
        _with_engine(settings, lambda e, links: create_board(e, links, settings.base_url, spec))
    )
    return 0


def export(args: argparse.Namespace) -> int:
    """Write one board as html, md, csv (the action plan) or json (the backup)."""
    from .boards import load_board, render

    async def run(engine: Engine, links: Links) -> str:
        if await engine.board_info(args.board) is None:
            raise SystemExit(f"no board {args.board}")
        return render(await load_board(engine, args.board), args.format)

    text = _with_engine(_settings(args), run)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def import_(args: argparse.Namespace) -> int:
    """Make a new board from a JSON backup and print its links."""
    import json

    from .boards import import_board
    from .report.backup import BadBackup

    settings = _settings(args)
    try:
        raw = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"cannot read {args.file}: {exc}") from exc
    try:
        _print_links(
            _with_engine(settings, lambda e, links: import_board(e, links, settings.base_url, raw))
        )
    except BadBackup as exc:
        raise SystemExit(f"{args.file}: {exc}") from exc
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crossboard", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run a hub (embedded engine unless --redis-url)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--allow-origin", action="append", help="extra browser origin allowed")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.add_argument(
        "--log-format",
        choices=["text", "json"],
        help="json: one JSON object per line (time, level, board, participant, close code);"
        " env CROSSBOARD_LOG_FORMAT",
    )
    p.add_argument("--quiet-links", action="store_true", help="do not print the start page's link")
    p.add_argument(
        "--admin-token",
        default=os.environ.get("CROSSBOARD_ADMIN_TOKEN"),
        help="who may create and import boards (env CROSSBOARD_ADMIN_TOKEN; default: the "
        "data dir's admin.token, made at first start); the same on every hub",
    )
    p.add_argument(
        "--open-board-creation",
        action="store_true",
        default=_flag("CROSSBOARD_OPEN_BOARD_CREATION"),
        help="a kiosk: anyone who reaches the hub may create and import boards "
        "(env CROSSBOARD_OPEN_BOARD_CREATION=1)",
    )
    p.add_argument(
        "--forwarded-allow-ips",
        default=os.environ.get("CROSSBOARD_FORWARDED_ALLOW_IPS", ""),
        help="proxies whose X-Forwarded-For is believed, comma-separated addresses or "
        "networks (env CROSSBOARD_FORWARDED_ALLOW_IPS); default: nobody's",
    )
    _common(p)
    p.set_defaults(func=serve)

    p = sub.add_parser("new-board", help="make a board and print its join links")
    p.add_argument("--title", default="Strategy session")
    p.add_argument(
        "--department",
        action="append",
        help=f"a department (repeat); default: {', '.join(d.name for d in DEFAULT_DEPARTMENTS)}",
    )
    p.add_argument("--template", default="strategy_day", choices=["strategy_day", "blank", "retro"])
    p.add_argument("--language", default="en", choices=["en", "ru"], help="of the block titles")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    _common(p)
    p.set_defaults(func=new_board)

    p = sub.add_parser("export", help="write a board as html, md, csv or json")
    p.add_argument("board", help="the board id")
    p.add_argument("--format", default="html", choices=["html", "md", "csv", "json"])
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    _common(p)
    p.set_defaults(func=export)

    p = sub.add_parser("import", help="make a new board from a JSON backup")
    p.add_argument("file", help="a backup written by `crossboard export --format json`")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    _common(p)
    p.set_defaults(func=import_)

    args = parser.parse_args(argv)
    fmt = getattr(args, "log_format", None) or os.environ.get("CROSSBOARD_LOG_FORMAT", "text")
    logs.configure(fmt, getattr(logging, str(getattr(args, "log_level", "info")).upper()))
    from .engine.factory import EngineSettingsError

    try:
        result: int = args.func(args)
    except EngineSettingsError as exc:
        print(f"crossboard: {exc}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
