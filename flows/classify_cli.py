"""Command-line front ends of the router (pure Python: no Telegram, no database).

``run_classify`` backs ``lapor-bot classify``::

    lapor-bot classify [--top N] [--directory FILE] [TEXT ...]

Complaints come from the positional arguments, or else from standard input,
one per line.  For each complaint, in the same order, one JSON object is
written on its own line::

    {"candidates": [{"code", "name", "aliases", "kind", "score", "matched"}, ...]}

best first; an empty list when nothing matched (a blank input line gives an
empty list too, so output line N always answers input line N).

``run_directory_check`` backs ``lapor-bot directory check [--directory FILE]``:
it prints what ``check_directory`` finds and returns 1 when the directory has
errors (or cannot be loaded), 0 otherwise (warnings alone do not fail).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import IO, NoReturn

from .directory import DirectoryError, check_directory, load_directory
from .routing import Classifier

__all__ = ["run_classify", "run_directory_check", "main"]


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting the process."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.format_usage()}{self.prog}: error: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise _UsageError("") if status else _HelpShown()


class _HelpShown(Exception):
    pass


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _classify_parser() -> _Parser:
    p = _Parser(
        prog="lapor-bot classify",
        description="Route complaints to agencies; one JSON object per complaint per line.",
    )
    p.add_argument("texts", nargs="*", metavar="TEXT", help="complaints (default: read stdin, one per line)")
    p.add_argument("--top", type=_positive_int, default=3, help="candidates per complaint (default 3)")
    p.add_argument("--directory", metavar="FILE", default=None, help="agency directory YAML (default: packaged)")
    return p


def run_classify(argv: Sequence[str], stdin: IO[str], stdout: IO[str]) -> int:
    """`lapor-bot classify`: JSON lines of ranked candidates, input order kept."""
    try:
        args = _classify_parser().parse_args(list(argv))
    except _HelpShown:
        return 0
    except _UsageError as exc:
        if str(exc):
            sys.stderr.write(str(exc) + "\n")
        return 2
    try:
        directory = load_directory(args.directory)
    except DirectoryError as exc:
        sys.stderr.write(f"lapor-bot classify: {exc}\n")
        return 1
    classifier = Classifier(directory)

    def emit(text: str) -> None:
        cands = classifier.classify(text, top=args.top)
        stdout.write(json.dumps({"candidates": [c.as_dict() for c in cands]}, ensure_ascii=False))
        stdout.write("\n")

    if args.texts:
        for text in args.texts:
            emit(text)
    else:
        for line in stdin:
            emit(line.rstrip("\r\n"))
            stdout.flush()
    stdout.flush()
    return 0


def run_directory_check(argv: Sequence[str], stdout: IO[str]) -> int:
    """`lapor-bot directory check`: print problems; non-zero when there are errors."""
    p = _Parser(prog="lapor-bot directory check", description="Check an agency directory file.")
    p.add_argument("--directory", metavar="FILE", default=None, help="agency directory YAML (default: packaged)")
    try:
        args = p.parse_args(list(argv))
    except _HelpShown:
        return 0
    except _UsageError as exc:
        if str(exc):
            stdout.write(str(exc) + "\n")
        return 2
    try:
        directory = load_directory(args.directory)
    except DirectoryError as exc:
        stdout.write(f"error: {exc}\n")
        stdout.write("1 error, 0 warnings\n")
        return 1
    problems = check_directory(directory)
    for problem in problems:
        stdout.write(f"{problem}\n")
    n_err = sum(p.level == "error" for p in problems)
    n_warn = len(problems) - n_err
    stdout.write(
        f"{directory.regency}: {len(directory)} agencies, coordinator {directory.coordinator}; "
        f"{n_err} error{'s' if n_err != 1 else ''}, {n_warn} warning{'s' if n_warn != 1 else ''}\n"
    )
    return 1 if n_err else 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m flows.classify_cli classify ...`` / ``... directory check ...``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["classify"]:
        return run_classify(args[1:], sys.stdin, sys.stdout)
    if args[:2] == ["directory", "check"]:
        return run_directory_check(args[2:], sys.stdout)
    sys.stderr.write("usage: python -m flows.classify_cli {classify [...] | directory check [...]}\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
