"""``python -m benchmarks [NAME ...] [--quick]``: run the benchmarks, print, write results.md."""

from __future__ import annotations

import argparse
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
    parser.add_argument(
        "--quick",
        action="store_true",
        help="short runs to check the harness; figures not comparable to the goals",
    )
    args = parser.parse_args(argv)
    names = args.names or ORDER
    results = []
    for name in names:
        print(f"== {name}", flush=True)
        module = import_module(f".{name}", __package__)
        result = (
            module.run(quick=args.quick)
            if "quick" in module.run.__code__.co_varnames
            else module.run()
        )
        show(result)
        results.append(result)
    if args.quick:
        print("--quick: results.md not written")
    else:
        command = "python -m benchmarks" + ("" if not args.names else " " + " ".join(args.names))
        print("wrote", write(results, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
