"""``nemo-notebook``: ``serve`` runs the engine in the foreground; ``demo`` renders the demo video.

The serve token is never printed unless asked for (``--print-token``): without ``--token`` the engine reuses or
creates ``<home>/token``, readable only by its owner, and prints where it is.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ._home import nemo_home
from .engine.settings import EngineSettings, WorkLimits


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nemo-notebook", description="Make music videos and video music.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the embedded engine in the foreground")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    serve.add_argument("--home", type=Path, help="state folder (default: NEMO_HOME or the user data folder)")
    serve.add_argument("--token", help="bearer token to accept (default: the one stored in <home>/token)")
    serve.add_argument("--print-token", action="store_true", help="print the token (it is a secret)")
    serve.add_argument("--max-upload-mb", type=int, help="largest upload in MB (default 500)")
    serve.add_argument("--credit-quota", type=int, help="credits per user (default unlimited)")
    serve.add_argument("--allow-private-urls", action="store_true", help="let URL uploads reach private addresses")
    serve.add_argument("--cors-origin", action="append", default=[], help="allow this browser origin (repeatable)")
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        help="also answer requests addressed to this name (repeatable; loopback names always; '*' any)",
    )
    serve.add_argument(
        "--max-connections",
        type=_positive,
        metavar="N",
        help="connections served at once (default: half the open-file limit, at most 512)",
    )
    serve.add_argument("--verbose", action="store_true", help="log every request")
    scale = serve.add_argument_group("rendering (README: Scaling out)")
    scale.add_argument(
        "--render-slots", type=_positive, metavar="N", help="exports rendered at once (default: 1 per 4 cores)"
    )
    scale.add_argument(
        "--max-waiting", type=_positive, metavar="N", help="exports one token may keep waiting (default 8)"
    )
    scale.add_argument(
        "--max-render-minutes",
        type=_positive,
        metavar="N",
        help="longest one export may render; past it it stops and says so (default 120)",
    )
    scale.add_argument(
        "--render-turn-s",
        type=_positive,
        metavar="S",
        help="render time an export gets while another token's waits, then it is paused for it (default 60)",
    )
    scale.add_argument(
        "--dask",
        metavar="tcp://HOST:PORT",
        default=os.environ.get("NEMO_DASK_SCHEDULER") or None,
        help="render every export as a task on this Dask scheduler (default NEMO_DASK_SCHEDULER; needs [dask])",
    )
    scale.add_argument(
        "--shared-home", action="store_true", help="the Dask workers see --home at the same path (no media shipping)"
    )
    work = serve.add_argument_group("media workers (README: what passes those checks)")
    work.add_argument(
        "--media-workers", type=_positive, metavar="N", help="uploads checked and files analysed at once (default 2-4)"
    )
    work.add_argument(
        "--worker-memory-mb",
        type=_positive,
        metavar="MB",
        help="memory one file's check or analysis may take; past it the file is refused (default 1536)",
    )
    work.add_argument(
        "--analysis-timeout-s",
        type=_positive,
        metavar="S",
        help="most work (processor seconds on each core) one track's, clip's or picture's analysis may take; past it it is "
        "refused (default 60)",
    )
    commands.add_parser("demo", help="render a demo video on the embedded engine and print its path", add_help=False)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def stored_token(path: Path) -> str:
    """The token kept at ``path``, made (random, mode 0600) when there is none yet."""
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            if os.name != "nt" and path.stat().st_mode & 0o077:
                path.chmod(0o600)  # a token others can read is no secret: keep it the owner's alone
            return token
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(token + "\n")
    return token


def _settings(args: argparse.Namespace) -> EngineSettings:
    defaults = EngineSettings(home=nemo_home() if args.home is None else args.home.expanduser())
    max_upload = defaults.max_upload_bytes if args.max_upload_mb is None else args.max_upload_mb * 1024 * 1024
    return replace(
        defaults,
        max_upload_bytes=max_upload,
        credit_quota=args.credit_quota,
        allow_private_urls=args.allow_private_urls,
        cors_origins=tuple(args.cors_origin),
        allowed_hosts=tuple(args.allowed_host),
        render_slots=args.render_slots,
        max_waiting_renders=args.max_waiting or defaults.max_waiting_renders,
        dask=args.dask,
        shared_home=args.shared_home,
        max_connections=args.max_connections,
        max_render_s=defaults.max_render_s if args.max_render_minutes is None else args.max_render_minutes * 60.0,
        render_turn_s=float(args.render_turn_s or defaults.render_turn_s),
        work=_work_limits(args, defaults.work),
    )


def _work_limits(args: argparse.Namespace, defaults: WorkLimits) -> WorkLimits:
    memory = defaults.memory_bytes if args.worker_memory_mb is None else args.worker_memory_mb * 1024 * 1024
    timeout_s = defaults.analysis_timeout_s if args.analysis_timeout_s is None else float(args.analysis_timeout_s)
    return replace(defaults, workers=args.media_workers, memory_bytes=memory, analysis_timeout_s=timeout_s)


def serve(args: argparse.Namespace) -> int:
    from .engine.errors import EngineStartError
    from .engine.http.server import bind_socket, build_server, served_under, url_for

    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    settings = served_under(_settings(args), args.host)
    settings.make_dirs()
    # whatever the engine keeps for a moment (the renderer's filter scripts, say) goes to home/tmp, which each start
    # empties: an engine that is killed leaves nothing in the system's temporary folder
    tempfile.tempdir = str(settings.tmp_dir)
    token = args.token or stored_token(settings.token_path)
    try:
        sock = bind_socket(args.host, args.port)
    except EngineStartError as exc:
        print(f"nemo-notebook: {exc}", file=sys.stderr)
        return 2
    server = build_server(settings, token, quiet=not args.verbose)
    print(f"nemo-notebook engine serving {url_for(args.host, sock.getsockname()[1])}", flush=True)
    print(f"home: {settings.home}", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("note: plain HTTP beyond this machine; put it behind TLS and keep the token secret", flush=True)
        if not args.allowed_host:
            print("note: requests must name this host; --allowed-host NAME adds the names clients use", flush=True)
    if args.dask:
        print(f"exports render on the Dask cluster at {args.dask}", flush=True)
    if args.print_token:
        print(f"token: {token}", flush=True)
    elif args.token:
        print("token: the one given with --token", flush=True)
    else:
        print(f"token: stored in {settings.token_path} (readable only by you; --print-token shows it)", flush=True)
    server.run(sockets=[sock])
    return 0


def demo(rest: list[str]) -> int:
    from . import demo as the_demo

    return the_demo.main(rest)


def _token_values_joined(argv: Sequence[str]) -> list[str]:
    """``--token VALUE`` as ``--token=VALUE``: argparse takes a value that starts with ``-`` for an option, and a
    random URL-safe token starts with one one time in 64."""
    joined: list[str] = []
    words = iter(argv)
    for word in words:
        value = next(words, None) if word == "--token" else None
        joined.append(word if value is None else f"--token={value}")
    return joined


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:
        argv = _token_values_joined(argv)
    args, rest = parser.parse_known_args(argv)
    if args.command == "demo":
        return demo(rest)  # the demo parses its own options
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
