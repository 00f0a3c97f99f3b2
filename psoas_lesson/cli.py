"""The command line: ``psoas-lesson`` (or ``python -m psoas_lesson``).

Bad input of any kind is one line on stderr and exit status 2; anything else failing is a bug.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import DataError
from .paths import HANDOUT_SUFFIX, PAGE_SUFFIX

EXIT_BAD_INPUT = 2

# Control characters (but tab and newline), DEL, C1 controls, bidirectional overrides and lone
# surrogates: text from a file must not move the cursor, retitle the terminal or hide text there.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_safe(text: str) -> str:
    """``text`` with characters a terminal would act on shown as escapes (``\\x1b``) instead."""
    return _UNSAFE.sub(
        lambda m: (
            f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}"
        ),
        text,
    )


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not usage plus error
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        action="append",
        default=[],
        help="an extra data directory (your own exercises, routines, questions); repeatable",
    )


def _page_parser(commands, name: str, help_: str, suffix: str) -> None:
    """A command that writes one HTML page for a routine (ROUTINE, --out, --data-dir)."""
    p = commands.add_parser(name, help=help_)
    p.add_argument(
        "routine",
        metavar="ROUTINE",
        help="a ready routine id (e.g. daily-short) or a routine JSON file",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="FILE.html",
        help=f"where to write it (default: ROUTINE{suffix} here)",
    )
    _data_dir_option(p)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="psoas-lesson",
        description="The psoas lesson's exercises, routines and timelines from the command line.",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=OneLineParser
    )

    p = commands.add_parser("list", help="list the exercises")
    p.add_argument("--json", action="store_true", help="print JSON")
    _data_dir_option(p)

    p = commands.add_parser("show", help="show one exercise")
    p.add_argument("id", metavar="ID")
    _data_dir_option(p)

    p = commands.add_parser("validate", help="check data files, data directories or routine files")
    p.add_argument("paths", nargs="*", metavar="PATH", type=Path)
    _data_dir_option(p)

    p = commands.add_parser("plan", help="compile a routine (or exercises) into a timeline")
    p.add_argument(
        "routine",
        nargs="?",
        metavar="ROUTINE",
        help="a ready routine id (e.g. class-warmup) or a routine JSON file",
    )
    p.add_argument(
        "--exercise", action="append", default=[], metavar="ID", help="an exercise; repeatable"
    )
    p.add_argument("--hold", type=float, metavar="S", help="hold seconds for every exercise")
    p.add_argument("--reps", type=int, metavar="N", help="repetitions for every exercise")
    p.add_argument("--sets", type=int, metavar="N", help="sets for every exercise")
    p.add_argument("--rest", type=float, metavar="S", help="rest seconds between repetitions")
    p.add_argument("--json", action="store_true", help="print JSON")
    _data_dir_option(p)

    _page_parser(
        commands, "handout", "write a printable HTML handout for a routine", HANDOUT_SUFFIX
    )
    _page_parser(
        commands,
        "page",
        "write a routine's take-away page: the timer, the steps and a practice log in one HTML "
        "file that works offline, on a phone too",
        PAGE_SUFFIX,
    )

    p = commands.add_parser("poster", help="write a one-page printable poster of every exercise")
    p.add_argument("--out", type=Path, default=Path("psoas-poster.html"), help="where to write it")
    _data_dir_option(p)

    p = commands.add_parser("gallery", help="write every pose figure on one page, for review")
    p.add_argument("--out", type=Path, default=Path("gallery.html"), help="where to write it")
    _data_dir_option(p)

    p = commands.add_parser("log", help="show your practice log: minutes per week and your streak")
    p.add_argument("--csv", action="store_true", help="print every session as CSV")
    p.add_argument(
        "--path",
        type=Path,
        metavar="FILE",
        help="the log file (default: $PSOAS_LESSON_LOG or practice.sqlite3 in your data folder)",
    )
    p.add_argument(
        "--weeks", type=int, default=8, metavar="N", help="how many weeks to show (default 8)"
    )

    p = commands.add_parser("lab", help="open JupyterLab on the lesson's start notebook")
    p.add_argument(
        "--dir",
        type=Path,
        metavar="DIR",
        help="where to put a copy of the notebooks when running from an installed package",
    )
    _data_dir_option(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error already printed as one line
        return int(exit_.code or 0)
    try:
        return _COMMANDS[args.command](args)
    except DataError as error:
        print(f"psoas-lesson {args.command}: {terminal_safe(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


def _catalog(args):
    from .catalog import default_catalog

    return default_catalog(*args.data_dir)


def _list(args) -> int:
    catalog = _catalog(args)
    rows = [{"id": e.id, "name": e.name, "kind": e.kind.value} for e in catalog.exercises]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        print(f"{row['id']:<{width}}  {row['kind']:<16}  {terminal_safe(row['name'])}")
    return 0


def _show(args) -> int:
    from .describe import exercise_text

    print(terminal_safe(exercise_text(_catalog(args).exercise(args.id))))
    return 0


def _validate(args) -> int:
    from .catalog import validate_path
    from .paths import data_dir

    catalog = _catalog(args)  # the data directories themselves must be sound first
    paths = args.paths or [data_dir()]
    for path in paths:
        print(f"ok: {validate_path(path, catalog.exercises_by_id, catalog.poses)}")
    return 0


def _plan(args) -> int:
    from dataclasses import replace

    from .describe import clock, duration
    from .routine import Routine
    from .timeline import compile_timeline

    catalog = _catalog(args)
    if args.routine and args.exercise:
        raise DataError("give a routine or --exercise, not both", file="command line")
    if args.routine:
        routine = catalog.resolve_routine(args.routine)
    elif args.exercise:
        for exercise_id in args.exercise:
            catalog.exercise(exercise_id)
        routine = Routine.of(*args.exercise, name="Command line routine")
    else:
        raise DataError(
            "give a routine (an id or a file) or at least one --exercise ID", file="command line"
        )
    overrides = {
        k: v
        for k, v in (
            ("hold_s", args.hold),
            ("reps", args.reps),
            ("sets", args.sets),
            ("rest_s", args.rest),
        )
        if v is not None
    }
    if overrides:
        routine = replace(routine, entries=tuple(replace(e, **overrides) for e in routine.entries))
    try:
        timeline = compile_timeline(routine, catalog)
    except DataError as error:
        if error.field in overrides:  # the bad value came from a flag, not from the file
            raise DataError(
                error.message, file="command line", item=error.item, field=_flag(error.field)
            ) from None
        raise
    if args.json:
        print(timeline.to_json())
        return 0
    print(
        f"{terminal_safe(timeline.name)}: {len(timeline.segments)} segments, "
        f"{duration(timeline.total_s)}"
    )
    start = 0.0
    for segment in timeline.segments:
        rep = f"{segment.rep}/{segment.of}" if segment.rep else ""
        print(
            f"{clock(start):>7}  {segment.kind:<8} {clock(segment.duration_s):>6}  {rep:>6}  "
            f"{terminal_safe(segment.cue)}"
        )
        start += segment.duration_s
    print(f"{clock(start):>7}  done")
    return 0


def _flag(field: str | None) -> str | None:
    flags = {"hold_s": "--hold", "reps": "--reps", "sets": "--sets", "rest_s": "--rest"}
    return flags.get(field or "", field)


def _handout(args) -> int:
    from .handout import write_handout

    return _routine_page(args, write_handout, HANDOUT_SUFFIX)


def _page(args) -> int:
    from .takeaway import write_takeaway

    return _routine_page(args, write_takeaway, PAGE_SUFFIX)


def _routine_page(args, write, suffix: str) -> int:
    """Write the routine's page with ``write(routine, path, catalog)`` (default: ROUTINE+suffix)."""
    out = args.out or Path(f"{Path(args.routine).stem}{suffix}")
    catalog = _catalog(args)
    return _written(lambda target: write(args.routine, target, catalog).path, out)


def _written(write, out: Path) -> int:
    """Run ``write(out)``; a file that cannot be written is one line, as bad input is."""
    from .files import display_path

    try:
        path = write(out)
    except OSError as error:
        raise DataError(
            f"cannot be written ({error.strerror or error})", file=display_path(out)
        ) from None
    print(display_path(path))
    return 0


def _poster(args) -> int:
    from .poster import write_poster

    catalog = _catalog(args)
    return _written(lambda out: write_poster(out, catalog).path, args.out)


def _gallery(args) -> int:
    from .gallery import write_gallery

    catalog = _catalog(args)
    return _written(lambda out: write_gallery(out, catalog), args.out)


def _log(args) -> int:
    from .practice import PracticeLog, streak, weekly_minutes

    if not 1 <= args.weeks <= 520:
        raise DataError(
            f"must be between 1 and 520, got {args.weeks}", file="command line", field="--weeks"
        )
    log = PracticeLog(args.path)
    if args.csv:
        print(log.to_csv(), end="")
        return 0
    sessions = log.sessions()  # a damaged or locked log raises a one-line DataError
    rows = weekly_minutes(sessions, args.weeks)
    print(f"Practice log: {log.path} ({len(sessions)} session{'s' if len(sessions) != 1 else ''})")
    print(f"{'week of':<10}  {'minutes':>7}")
    for start, minutes in rows:
        print(f"{start.isoformat():<10}  {minutes:>7.1f}")
    days = streak(sessions)
    print(f"Current streak: {days} day{'s' if days != 1 else ''}")
    return 0


def _lab(args) -> int:
    from .launch import open_lab

    return open_lab(args.dir, args.data_dir)


_COMMANDS = {
    "list": _list,
    "show": _show,
    "validate": _validate,
    "plan": _plan,
    "handout": _handout,
    "page": _page,
    "poster": _poster,
    "gallery": _gallery,
    "log": _log,
    "lab": _lab,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
