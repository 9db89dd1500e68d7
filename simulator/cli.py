"""The ``cuikuan`` command: a thin shell over the core. It never imports Textual at start-up."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from simulator import __version__
from simulator import vocabulary as V



def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a date; write YYYY-MM-DD, e.g. 2026-11-23") from None


def _who(p: argparse.ArgumentParser) -> None:
    p.add_argument("--trainee", help="who is practising (or CUIKUAN_TRAINEE; asked once and remembered)")
    p.add_argument("--cohort", help="a workshop or class tag (or CUIKUAN_COHORT)")


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, help="the session database (or CUIKUAN_DB; default: your data folder)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cuikuan",
        description="催款谈判模拟器 — practise debt-collection negotiation against simulated debtors.",
    )
    p.add_argument("--version", action="version", version=f"cuikuan {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="negotiate with a scenario's debtor in the terminal")
    play.add_argument("scenario", nargs="?", help="scenario id or YAML file")
    play.add_argument("--lang", choices=V.LANGUAGES)
    play.add_argument("--mode", choices=("practice", "exam"), default="practice")
    play.add_argument("--seed", type=int, default=None)
    play.add_argument("--today", type=_date)
    play.add_argument("--scenarios", type=Path, help="folder of scenarios to pick from")
    play.add_argument("--silence-after", type=float, default=8.0, metavar="SECONDS",
                      help="not typing this long after the debtor speaks counts as silence (0: never)")
    play.add_argument("--plain", action="store_true", help="a line-by-line conversation instead of the app")
    play.add_argument("--resume", action="store_true", help="continue the last conversation that was cut off")
    _who(play)
    _db(play)

    serve = sub.add_parser("serve", help="serve the app to browsers for a workshop")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--lang", choices=V.LANGUAGES)
    serve.add_argument("--mode", choices=("practice", "exam"), default="practice")
    serve.add_argument("--scenarios", type=Path, help="folder of scenarios to pick from")
    serve.add_argument("--cohort", help="the workshop's cohort tag, for every session served")
    _db(serve)

    run = sub.add_parser("run", help="play a scenario headless with a scripted trainee")
    run.add_argument("scenario", help="scenario id or YAML file")
    run.add_argument("--script", required=True, type=Path, help="one trainee reply a line")
    run.add_argument("--lang", choices=V.LANGUAGES)
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--today", type=_date)
    run.add_argument("--json", action="store_true", help="print the session result as JSON")
    run.add_argument("--save", action="store_true", help="keep the session in the history")
    _who(run)
    _db(run)

    score = sub.add_parser("score", help="score a recorded conversation and write its debrief")
    score.add_argument("transcript", type=Path, help="YAML, JSON or `debtor:`/`collector:` text (contracts.md)")
    score.add_argument("--today", type=_date, help="the day relative dates are resolved against")
    score.add_argument("--format", choices=("text", "md", "html", "json"), default="text")
    score.add_argument("--json", action="store_true", help="same as --format json")
    score.add_argument("-o", "--output", type=Path, help="write the debrief to this file")
    score.add_argument("--save", action="store_true", help="keep the scored conversation in the history")
    _who(score)
    _db(score)

    hist = sub.add_parser("history", help="past sessions, newest first")
    hist.add_argument("--json", action="store_true")
    hist.add_argument("--trainee", help="only this trainee's (default: everyone's)")
    hist.add_argument("--cohort")
    hist.add_argument("--limit", type=int, default=50)
    _db(hist)

    deb = sub.add_parser("debrief", help="the debrief of a past session (also one that was cut off)")
    deb.add_argument("session", help="a session id from `cuikuan history` (its first characters will do)")
    deb.add_argument("--format", choices=("text", "md", "html", "json"), default="text")
    deb.add_argument("-o", "--output", type=Path)
    _db(deb)

    prog = sub.add_parser("progress", help="how each principle is going over your last sessions")
    prog.add_argument("--json", action="store_true")
    prog.add_argument("--trainee", help="whose progress (default: you, as remembered)")
    prog.add_argument("--lang", choices=V.LANGUAGES, default="zh")
    _db(prog)

    rep = sub.add_parser("report", help="a trainer's report on a cohort")
    rep.add_argument("--cohort", required=True)
    rep.add_argument("--format", choices=("html", "csv", "json"), default="html")
    rep.add_argument("-o", "--output", type=Path)
    rep.add_argument("--anonymize", action="store_true", help="trainee-1, trainee-2… instead of names")
    rep.add_argument("--lang", choices=V.LANGUAGES, default="zh")
    _db(rep)

    agree = sub.add_parser("agreement", help="compare scoring with hand-labelled transcripts")
    agree.add_argument("--part", choices=("tuning", "heldout", "both"), default="both")
    agree.add_argument("--dir", type=Path, help="transcripts folder (default: tests/transcripts of the checkout)")
    agree.add_argument("--disagreements", action="store_true", help="list every verdict that differs")
    agree.add_argument("--json", action="store_true")

    lst = sub.add_parser("list", help="list the bundled scenarios")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--scenarios", type=Path, help="another folder of scenarios")

    check = sub.add_parser("check", help="validate scenario files or folders")
    check.add_argument("paths", nargs="*", type=Path)
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")

    graph = sub.add_parser("graph", help="print the debtor persona's state diagram")
    graph.add_argument("scenario", help="scenario id or YAML file")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.add_argument("--lang", choices=V.LANGUAGES, default="en", help="language of the title")

    test = sub.add_parser("test", help="run the expected conversations written for scenarios")
    test.add_argument("paths", nargs="*", type=Path, help="test files or folders (default: the bundled tests)")
    test.add_argument("--record", type=Path, metavar="SCRIPT",
                      help="instead: write a test that pins what SCENARIO does with these replies")
    test.add_argument("--scenario", help="the scenario to record against (with --record)")
    test.add_argument("--lang", choices=V.LANGUAGES)
    test.add_argument("--seed", type=int, default=1)
    test.add_argument("--today", type=_date)

    bal = sub.add_parser("balance", help="play a scenario with built-in trainees and report how each fares")
    bal.add_argument("scenario", help="scenario id or YAML file")
    bal.add_argument("--runs", type=int, default=40, help="runs per strategy (seeds 1..N)")
    bal.add_argument("--lang", choices=V.LANGUAGES)
    bal.add_argument("--json", action="store_true")

    new = sub.add_parser("new", help="write a new scenario from a persona archetype")
    new.add_argument("id", nargs="?", default="my-scenario", help="the new scenario's id (lower-case, '-')")
    new.add_argument("--archetype", choices=list(V.TACTICS), default="delay")
    new.add_argument("--title-zh")
    new.add_argument("--title-en")
    new.add_argument("-o", "--output", type=Path, help="file to write (default: ID.yaml here); - for stdout")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    und = sub.add_parser("understand", help="label utterances with moves or acts")
    und.add_argument("text", nargs="?")
    und.add_argument("--speaker", choices=("collector", "debtor"), default="collector")
    und.add_argument("--today", type=_date)
    und.add_argument("--json", action="store_true")
    und.add_argument("--scenario", help="also use this scenario's own lexicon (its people, products, excuses)")

    ev = sub.add_parser("evaluate", help="measure understanding against the labelled corpus")
    ev.add_argument("--part", choices=("tuning", "heldout", "both"), default="both",
                    help="tuning: the part rules are tuned on; heldout: the fifth never tuned on")
    ev.add_argument("--corpus", type=Path, help="corpus folder (default: tests/corpus of the checkout)")
    ev.add_argument("--errors", type=int, default=0, metavar="N", help="also list N misread items per speaker")
    ev.add_argument("--no-per-id", action="store_true", help="only the summary lines")
    ev.add_argument("--json", action="store_true")

    schema = sub.add_parser("schema", help="print the scenario format as JSON Schema")
    schema.add_argument("--persona", action="store_true", help="the format of persona files instead")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # `cuikuan` alone, or with play's options only (`cuikuan --lang en`), is `cuikuan play`.
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["play", *argv]
    args = parser.parse_args(argv)
    command = args.command
    try:
        if command == "understand":
            from simulator import understand_command as commands  # (light: no scenario models)
        else:
            from simulator import commands

        return getattr(commands, f"cmd_{command}")(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
