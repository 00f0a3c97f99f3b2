"""``python -m benchmarks [NAME ...] [--quick | --full]``: run the benchmarks, print, write
results.md.

By default the two timer benchmarks follow a brisk 3.6-minute routine in real time and the whole
run takes about ten minutes; ``--full`` follows the 11-minute daily routine instead (about half
an hour in all); ``--quick`` only checks the harness. See :mod:`benchmarks.routines`.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from importlib import import_module

from .report import show, write

ORDER = ["startup", "notebooks", "timer_accuracy", "timer_page", "browser", "cue_schedule"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "names",
        nargs="*",
        choices=[[]] + ORDER,
        metavar="NAME",
        help=f"which to run (default all): {', '.join(ORDER)}",
    )
    length = parser.add_mutually_exclusive_group()
    length.add_argument(
        "--quick",
        action="store_true",
        help="short runs to check the harness; figures not comparable to the goals",
    )
    length.add_argument(
        "--full",
        action="store_true",
        help="the timer benchmarks follow the 11-minute daily routine in real time (~30 min)",
    )
    args = parser.parse_args(argv)
    names = args.names or ORDER
    results = []
    for name in names:
        print(f"== {name}", flush=True)
        module = import_module(f".{name}", __package__)
        takes = inspect.signature(module.run).parameters
        result = module.run(
            **{flag: getattr(args, flag) for flag in ("quick", "full") if flag in takes}
        )
        show(result)
        results.append(result)
    if args.quick:
        print("--quick: results.md not written")
    else:
        flags = ["--full"] if args.full else []
        command = " ".join(["python -m benchmarks", *args.names, *flags])
        print("wrote", write(results, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
