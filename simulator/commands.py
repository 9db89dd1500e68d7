"""What each ``cuikuan`` subcommand does; output for people (text) or programs (JSON)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from simulator import vocabulary as V
from simulator.scenario.diagnostics import ScenarioError
from simulator.scenario.loader import Scenario, bundled_dir, iter_scenario_files, load_scenario
from simulator.scenario.models import text_in
from simulator.session.script import ScriptError, read_script
from simulator.session.session import Session
from simulator.text import pad, width

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _load(ref, scenarios_dir=None) -> Scenario | None:
    try:
        return load_scenario(ref, scenarios_dir)
    except ScenarioError as exc:
        for d in exc.diagnostics:
            _err(str(d))
        return None


def _ui_lang(args, scenario: Scenario | None = None) -> str:
    if getattr(args, "lang", None):
        return args.lang
    if scenario is not None:
        return scenario.spec.languages[0]
    return "zh"


def _session(sc: Scenario, args, seed: int) -> Session | None:
    """A session in the asked language; the core says when the scenario is not written in it."""
    try:
        return Session(sc, lang=_ui_lang(args, sc), seed=seed, today=args.today)
    except ValueError as exc:
        _err(f"{sc.path}: error: {exc}")
        return None


# -- list ---------------------------------------------------------------------------------------

def cmd_list(args) -> int:
    folder = args.scenarios or bundled_dir()
    rows = []
    failed = False
    for path in iter_scenario_files([folder]):
        try:
            sc = load_scenario(path)
        except ScenarioError as exc:
            failed = True
            for d in exc.errors[:3]:
                _err(str(d))
            continue
        rows.append(sc)
    if args.json:
        print(json.dumps([_list_entry(sc) for sc in rows], ensure_ascii=False, indent=2))
    else:
        for sc in rows:
            tactics = " ".join(f"{V.TACTICS[t]['zh']}{t}" for t in sc.persona.tactics)
            diff = V.DIFFICULTIES[sc.spec.difficulty]
            title = f"{text_in(sc.spec.title, 'zh')}"
            print(f"{pad(sc.id, 28)} {pad(title, 34)} {pad(tactics, 24)} {diff['zh']}/{diff['en']}  {','.join(sc.spec.languages)}")
    return EXIT_INVALID if failed and not rows else EXIT_OK


def _list_entry(sc: Scenario) -> dict:
    debt = sc.spec.case.debt
    return {
        "id": sc.id,
        "title": text_in(sc.spec.title, sc.spec.languages[0]),
        "titles": {lang: text_in(sc.spec.title, lang) for lang in sc.spec.languages},
        "path": str(sc.path),
        "tactics": list(sc.persona.tactics),
        "difficulty": sc.spec.difficulty,
        "languages": list(sc.spec.languages),
        "debt": {"amount": debt.amount if not float(debt.amount).is_integer() else int(debt.amount),
                 "currency": debt.currency},
    }


# -- check --------------------------------------------------------------------------------------

def cmd_check(args) -> int:
    """Schema errors and lint for scenario files; with --strict, warnings fail too (for CI)."""
    from simulator.scenario.lint import lint_set

    paths = args.paths or [bundled_dir()]
    files = []
    for p in paths:
        if not p.exists():
            _err(f"{p}:1:1: error E001: no such file or folder")
            return EXIT_INVALID
        files += iter_scenario_files([p])
    findings = []
    loaded = []
    for f in files:
        try:
            sc = load_scenario(f)
            loaded.append(sc)
            findings += sc.warnings
        except ScenarioError as exc:
            findings += exc.diagnostics
    folders = sorted({(p if p.is_dir() else p.parent).resolve() for p in paths})
    findings += lint_set(loaded, folders)
    errors = sum(d.severity == "error" for d in findings)
    warnings = sum(d.severity == "warning" for d in findings)
    for d in findings:
        print(d)
    summary = f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s)"
    print(summary, file=sys.stderr)
    return EXIT_INVALID if errors or (args.strict and warnings) else EXIT_OK


# -- run ----------------------------------------------------------------------------------------

def cmd_run(args) -> int:
    sc = _load(args.scenario)
    if sc is None:
        return EXIT_INVALID
    try:
        replies = read_script(args.script)
    except ScriptError as exc:
        _err(str(exc))
        return EXIT_INVALID
    session = _session(sc, args, args.seed)
    if session is None:
        return EXIT_INVALID
    session.play_script(replies)
    from simulator.debrief import render
    from simulator.scoring import assess_session

    assessment = assess_session(session)
    if args.save and not _save(args, assessment.to_json(), "run"):
        return EXIT_INVALID
    if args.json:
        print(json.dumps(assessment.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_transcript(session))
        print()
        _print_debrief(render, assessment)
    return EXIT_OK


def _save(args, result: dict, source: str) -> bool:
    from simulator.store import Store, StoreError
    from simulator.store.identity import resolve

    trainee, cohort = resolve(args.trainee, args.cohort)
    try:
        store = Store(args.db)
        sid = store.save_result(result, trainee=trainee or "", cohort=cohort or "", source=source)
    except StoreError as exc:
        _err(str(exc))
        return False
    print(f"saved as {sid} in {store.path}", file=sys.stderr)
    return True


def _print_debrief(render, assessment) -> None:
    """The debrief as terminal text: coloured and as wide as the terminal when there is one."""
    import os
    import shutil

    tty = sys.stdout.isatty()
    cols = shutil.get_terminal_size((100, 24)).columns if tty else 100
    sys.stdout.write(render(assessment, "text", width=max(60, min(cols, 120)),
                            color=tty and not os.environ.get("NO_COLOR")))


def render_transcript(session: Session) -> str:
    lang = session.lang
    sc = session.scenario
    you = "你" if lang == "zh" else "You"
    lines = [f"{text_in(sc.spec.title, lang)}  ({sc.id} · seed {session.seed} · {lang} · {session.today.isoformat()})", ""]
    names = [t.name or "" for t in session.turns if t.speaker == "debtor"] + [you]
    col = max(width(n) for n in names) + 2
    for t in session.turns:
        who = (t.name or "") if t.speaker == "debtor" else you
        text = t.text if t.text.strip() else ("……(沉默)" if lang == "zh" else "... (silence)")
        tag = f"  [{t.state}]" if t.speaker == "debtor" else f"  ({', '.join(t.labels)})"
        lines.append(f"{t.n:>3} {pad(who, col)}{text}{tag}")
    return "\n".join(lines)


# -- play (line-based until the app arrives) -------------------------------------------------------

def cmd_play(args) -> int:
    """The Textual app in a terminal; the line-based conversation when asked or when piped."""
    if args.silence_after < 0:
        _err("--silence-after must be 0 (off) or a number of seconds")
        return EXIT_USAGE
    import os

    served = bool(os.environ.get("TEXTUAL_DRIVER"))  # run by `cuikuan serve` for a browser
    if not args.plain and (served or (sys.stdin.isatty() and sys.stdout.isatty())):
        if args.scenario is not None and _load(args.scenario, args.scenarios) is None:
            return EXIT_INVALID
        from simulator.app.main import Options, run

        from simulator.store.identity import resolve

        trainee, cohort = resolve(args.trainee, args.cohort)
        return run(Options(scenario=args.scenario, lang=args.lang, mode=args.mode, seed=args.seed,
                           today=args.today, scenarios_dir=args.scenarios, silence_after=args.silence_after,
                           db=args.db, trainee=trainee, cohort=cohort, resume=args.resume))
    return _play_plain(args)


def cmd_serve(args) -> int:
    import os

    from textual_serve.server import Server

    command = [sys.executable, "-m", "simulator", "play", "--mode", args.mode]
    if args.lang:
        command += ["--lang", args.lang]
    from simulator.store import Store, StoreError, default_path

    db = (args.db or default_path()).resolve()
    try:
        Store(db).close()  # create and migrate once, before thirty browsers arrive
    except StoreError as exc:
        _err(f"{exc} (serving anyway: sessions will not be saved)")
    os.environ["CUIKUAN_DB"] = str(db)
    os.environ["CUIKUAN_SERVED"] = "1"  # each browser asks for its trainee's name; nothing remembered here
    if args.cohort:
        os.environ["CUIKUAN_COHORT"] = args.cohort
    if args.scenarios:
        command += ["--scenarios", str(args.scenarios.resolve())]
    local = args.host in ("127.0.0.1", "localhost", "::1")
    where = f"http://{args.host}:{args.port}"
    print(f"cuikuan serve: {where}  " + ("(this machine only; use --host 0.0.0.0 to let a room of trainees in)" if local
                                        else "(open to the network: anyone who can reach this address can use it)")
          + f"  sessions: {db}", flush=True)
    import shlex

    Server(" ".join(shlex.quote(c) for c in command), host=args.host, port=args.port, title="催款谈判模拟器 cuikuan").serve()
    return EXIT_OK


def _play_plain(args) -> int:
    folder = args.scenarios or bundled_dir()
    ref = args.scenario
    if ref is None:
        files = iter_scenario_files([folder])
        scenarios = [s for s in (_load(f) for f in files) if s is not None]
        if not scenarios:
            _err(f"{folder}: no playable scenario")
            return EXIT_INVALID
        lang = args.lang or "zh"
        for i, s in enumerate(scenarios, 1):
            print(f"{i:>2}. {text_in(s.spec.title, lang)}  [{' '.join(V.TACTICS[t]['zh'] for t in s.persona.tactics)}]")
        prompt = "选择场景编号: " if lang == "zh" else "Pick a scenario: "
        try:
            choice = input(prompt).strip()
        except EOFError:
            return EXIT_OK
        if not choice.isdigit() or not 1 <= int(choice) <= len(scenarios):
            _err("no such scenario number")
            return EXIT_USAGE
        sc = scenarios[int(choice) - 1]
    else:
        sc = _load(ref, args.scenarios)
        if sc is None:
            return EXIT_INVALID
    seed = args.seed if args.seed is not None else dt.datetime.now().microsecond
    session = _session(sc, args, seed)
    if session is None:
        return EXIT_INVALID
    lang = session.lang
    print(render_case(sc, lang))
    hint = (f"输入回复后回车;/silence 沉默,/end 结束。(seed {seed},用 --seed {seed} 可重现)" if lang == "zh"
            else f"Type a reply and press Enter; /silence to stay silent, /end to finish. (seed {seed}: --seed {seed} replays it)")
    print(hint + "\n")
    first = session.start()
    _print_turn(first, lang)
    interactive = sys.stdin.isatty()
    import os

    from simulator.store import Recorder
    from simulator.store.identity import resolve

    trainee, cohort = resolve(args.trainee, args.cohort)
    # Kept like the app's sessions when a person is typing (or a database is named); piped scripts
    # are `run`'s business and leave no trace.
    recorder = Recorder(args.db, trainee=trainee or "", cohort=cohort or "", mode=args.mode, source="plain",
                        enabled=interactive or bool(args.db) or bool(os.environ.get("CUIKUAN_DB")))
    if recorder.problem:
        _err(f"not saving: {recorder.problem}")
    recorder.begin(session)
    while not session.over:
        try:
            text = input("你> " if lang == "zh" else "You> ") if interactive else sys.stdin.readline()
        except EOFError:
            break
        if not interactive and text == "":
            break
        text = text.strip()
        if text == "/end":
            break
        if not interactive:
            print(("你> " if lang == "zh" else "You> ") + text)
        new = session.reply("" if text == "/silence" else text)
        recorder.record(session)
        _print_turn(new[-1], lang)
    session.end()
    print()
    from simulator.debrief import render
    from simulator.scoring import assess_session

    assessment = assess_session(session)
    recorder.finish(assessment.to_json())
    _print_debrief(render, assessment)
    return EXIT_OK


def _print_turn(turn, lang: str) -> None:
    print(f"{turn.name}: {turn.text}")


def render_case(sc: Scenario, lang: str) -> str:
    from simulator.persona.format import format_money

    case = sc.spec.case
    debt = case.debt
    zh = lang == "zh"
    lines = [text_in(sc.spec.title, lang), ""]
    if sc.spec.summary:
        lines += [text_in(sc.spec.summary, lang), ""]
    lines.append(("债务人: " if zh else "Debtor: ") + f"{text_in(case.debtor_name, lang)}, {text_in(case.debtor_role, lang)} · {text_in(case.debtor_company, lang)}")
    lines.append(("欠款: " if zh else "Owed: ") + f"{format_money(debt.amount, lang, debt.currency)}"
                 + (f" · 逾期 {debt.days_overdue} 天" if zh else f" · {debt.days_overdue} days overdue"))
    for inv in debt.invoices:
        lines.append(f"  - {inv.number} {inv.date or ''} {format_money(inv.amount, lang, debt.currency)} {text_in(inv.item, lang)}")
    for fact in case.background:
        lines.append(f"  · {text_in(fact, lang)}")
    lines.append("")
    return "\n".join(lines)


# -- understand ---------------------------------------------------------------------------------

# -- score and agreement ------------------------------------------------------------------------

def cmd_score(args) -> int:
    from simulator.debrief import render
    from simulator.scoring import assess, load_transcript

    fmt = "json" if args.json else args.format
    try:
        transcript = load_transcript(args.transcript, today=args.today)
    except ScenarioError as exc:
        for d in exc.diagnostics:
            _err(str(d))
        return EXIT_INVALID
    assessment = assess(transcript)
    if args.save and not _save(args, assessment.to_json(), "transcript"):
        return EXIT_INVALID
    return _emit_debrief(render, assessment, fmt, args.output)


def _write(path: Path, text: str) -> bool:
    """Write a file the user named; on failure say why (the caller exits 1)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _err(f"{path}: cannot write: {exc.strerror}")
        return False
    return True


def _emit_debrief(render, assessment, fmt: str, output: Path | None) -> int:
    """A debrief to the named file (its path said on stderr) or to the terminal."""
    if output:
        if not _write(output, render(assessment, fmt, width=100)):
            return EXIT_INVALID
        print(output, file=sys.stderr)
    elif fmt == "text":
        _print_debrief(render, assessment)
    else:
        sys.stdout.write(render(assessment, fmt))
    return EXIT_OK
    if fmt == "text":
        _print_debrief(render, assessment)
    else:
        sys.stdout.write(render(assessment, fmt))
    return EXIT_OK


def cmd_agreement(args) -> int:
    from simulator.scoring import agreement as ag

    folder = args.dir or ag.default_dir()
    if not folder.is_dir():
        _err(f"{folder}: no transcripts folder here (they live in tests/transcripts of a checkout; give --dir DIR)")
        return EXIT_INVALID
    parts = ["tuning", "heldout"] if args.part == "both" else [args.part]
    try:
        results = {part: ag.run(folder, part) for part in parts}
    except ScenarioError as exc:
        for d in exc.diagnostics:
            _err(str(d))
        return EXIT_INVALID
    if args.json:
        print(json.dumps({part: r.to_json() for part, r in results.items()}, ensure_ascii=False, indent=2))
    else:
        print(ag.report(results, show=args.disagreements))
    return EXIT_OK


# -- authoring: graph, test, balance, new ------------------------------------------------------

def cmd_graph(args) -> int:
    from simulator.authoring.graph import diagram

    sc = _load(args.scenario)
    if sc is None:
        return EXIT_INVALID
    try:
        print(diagram(sc, args.format, args.lang))
    except ImportError as exc:  # the `graphviz` package writes DOT source; it comes with cuikuan
        _err(f"--format dot needs the Python package `graphviz` ({exc}); pip install graphviz")
        return EXIT_INVALID
    return EXIT_OK


def cmd_test(args) -> int:
    from simulator.authoring import scenario_tests as st

    if args.record:
        if not args.scenario:
            _err("--record needs --scenario SCENARIO")
            return EXIT_USAGE
        try:
            replies = read_script(args.record)
        except ScriptError as exc:
            _err(str(exc))
            return EXIT_INVALID
        try:
            sys.stdout.write(st.record(args.scenario, replies, args.lang, args.seed, args.today or st.TODAY,
                                       args.record.stem))
        except ScenarioError as exc:
            for d in exc.diagnostics:
                _err(str(d))
            return EXIT_INVALID
        return EXIT_OK
    paths = args.paths or [bundled_dir() / "tests"]
    for p in paths:
        if not p.exists():
            _err(f"{p}:1:1: error X001: no such file or folder")
            return EXIT_INVALID
    files = st.iter_test_files(paths)
    passed = failed = broken = 0
    for f in files:
        try:
            r = st.run_file(f)
        except ScenarioError as exc:
            for d in exc.diagnostics:
                print(d)
            broken += 1
            continue
        except (ValueError, TypeError) as exc:
            print(f"{f}:1:1: error X005: {exc}")
            broken += 1
            continue
        passed += r.passed
        for fail in r.failures:
            failed += 1
            print(f"FAIL {fail.where}: {fail.conversation}")
            for line in fail.lines:
                print(f"  {line}")
            print()
    print(f"{len(files)} file(s): {passed} conversation(s) passed, {failed} failed"
          + (f", {broken} file(s) could not be run" if broken else ""), file=sys.stderr)
    return EXIT_INVALID if failed or broken or not files else EXIT_OK


def cmd_balance(args) -> int:
    from simulator.authoring.balance import balance, render

    if args.runs < 1 or args.runs > 10_000:
        _err("--runs must be between 1 and 10000")
        return EXIT_USAGE
    sc = _load(args.scenario)
    if sc is None:
        return EXIT_INVALID
    if args.lang and args.lang not in sc.spec.languages:
        _err(f"scenario `{sc.id}` is not playable in `{args.lang}`")
        return EXIT_INVALID
    report = balance(sc, runs=args.runs, lang=args.lang)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render(report))
    return EXIT_OK if report.balanced else EXIT_INVALID


def cmd_new(args) -> int:
    from simulator.authoring.new import new_scenario

    out = args.output or Path(f"{args.id}.yaml")
    try:
        text = new_scenario(args.id, args.archetype, args.title_zh, args.title_en, file=str(out))
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if str(out) == "-":
        sys.stdout.write(text)
        return EXIT_OK
    if out.exists() and not args.force:
        _err(f"{out}: already exists (use --force to overwrite, or -o another file)")
        return EXIT_INVALID
    if not _write(out, text):
        return EXIT_INVALID
    print(f"{out}: written from the `{args.archetype}` archetype. Next: cuikuan check {out}", file=sys.stderr)
    return EXIT_OK


# -- history, debrief, progress, report ---------------------------------------------------------

def _store(args):
    from simulator.store import Store, StoreError

    try:
        return Store(args.db)
    except StoreError as exc:
        _err(str(exc))
        return None


def cmd_history(args) -> int:
    store = _store(args)
    if store is None:
        return EXIT_INVALID
    rows = store.sessions(trainee=args.trainee, cohort=args.cohort, limit=args.limit)
    if args.json:
        print(json.dumps([r.summary() for r in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        print(f"no sessions yet in {store.path}", file=sys.stderr)
        return EXIT_OK
    for r in rows:
        s = r.summary()
        score = "—" if s["score"] is None else f"{s['score']:>3}"
        print(f"{s['id']}  {s['started'][:16].replace('T', ' ')}  {pad(s['trainee'] or '-', 10)} "
              f"{pad(s['cohort'] or '', 8)} {pad(s['scenario'], 28)} {s['turns']:>3} turns  {score}  {s['status']}")
    return EXIT_OK


def cmd_debrief(args) -> int:
    from simulator.debrief import render
    from simulator.scenario.diagnostics import ScenarioError as _SE
    from simulator.store import StoreError
    from simulator.store.history import rebuild

    store = _store(args)
    if store is None:
        return EXIT_INVALID
    try:
        row = store.get(args.session)
    except StoreError as exc:
        _err(str(exc))
        return EXIT_INVALID
    if row is None:
        _err(f"no session `{args.session}` in {store.path} (see `cuikuan history`)")
        return EXIT_INVALID
    try:
        rebuilt = rebuild(store, row)
    except _SE as exc:
        _err(f"session {row.id}: its scenario cannot be loaded any more: {exc.diagnostics[0]}")
        return EXIT_INVALID
    if rebuilt.diverged_at:
        _err(f"note: the scenario has changed since; replayed from turn {rebuilt.diverged_at} the debtor says other things")
    a = rebuilt.assessment
    if not row.ended:
        a.extra["ended_by"] = "cut_off"
    a.seed = row.seed if row.source != "transcript" else None
    return _emit_debrief(render, a, args.format, args.output)


def cmd_progress(args) -> int:
    from simulator.store.history import progress, render_progress
    from simulator.store.identity import resolve

    store = _store(args)
    if store is None:
        return EXIT_INVALID
    trainee = args.trainee or resolve()[0]
    data = progress(store, trainee)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_progress(data, args.lang))
    return EXIT_OK


def cmd_report(args) -> int:
    from simulator.store.history import cohort_report, report_csv, report_html

    store = _store(args)
    if store is None:
        return EXIT_INVALID
    data = cohort_report(store, args.cohort, anonymize=args.anonymize)
    if not data["sessions"]:
        _err(f"no finished sessions for cohort `{args.cohort}` in {store.path}")
        return EXIT_INVALID
    text = {"json": lambda: json.dumps(data, ensure_ascii=False, indent=2) + "\n", "csv": lambda: report_csv(data),
            "html": lambda: report_html(data, args.lang)}[args.format]()
    if args.output:
        if not _write(args.output, text):
            return EXIT_INVALID
        print(args.output, file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


# -- schema -------------------------------------------------------------------------------------

def cmd_schema(args) -> int:
    from simulator.scenario.schema import persona_schema, scenario_schema

    print(json.dumps(persona_schema() if args.persona else scenario_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


# -- evaluate -----------------------------------------------------------------------------------

def cmd_evaluate(args) -> int:
    from simulator.understanding import evaluate as ev

    corpus = args.corpus or ev.default_corpus()
    if not corpus.is_dir():
        _err(f"{corpus}: no corpus folder here (the corpus lives in tests/corpus of a checkout; give --corpus DIR)")
        return EXIT_INVALID
    parts = ["tuning", "heldout"] if args.part == "both" else [args.part]
    try:
        results = ev.run(corpus, parts)
    except (ValueError, KeyError, OSError) as exc:
        _err(f"{corpus}: {exc}")
        return EXIT_INVALID
    if args.json:
        out = {part: {f"{speaker}/{script}": {**sc.summary(),
                                                "per_id": {l: dict(zip(("precision", "recall", "f1", "support"),
                                                                       (round(x, 4) for x in sc.prf(l))))
                                                           for l in sc.labels}}
                      for (speaker, script), sc in table.items()}
               for part, table in results.items()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(ev.report(results, per_id=not args.no_per_id, errors=args.errors))
    return EXIT_OK
