"""The session store: autosave, resume after kill -9, concurrent writers, migrations, bad databases,
and the history, debrief, progress and report commands."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from simulator import vocabulary as V
from simulator.cli import main
from simulator.scenario.loader import load_scenario
from simulator.session.session import Session
from simulator.store import MIGRATIONS, SCHEMA_VERSION, Recorder, Store, StoreError
from simulator.store.history import rebuild

TODAY = dt.date(2026, 11, 23)
ROOT = Path(__file__).resolve().parent.parent
REPLIES = ["您好周老板,九月两张送货单一共28600元。", "具体哪款卖不动?", "……", "不行,月底太晚了,我们要还银行贷款。"]


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "s.db"
    monkeypatch.setenv("CUIKUAN_DB", str(path))
    monkeypatch.setenv("CUIKUAN_CONFIG", str(tmp_path / "trainee.json"))
    monkeypatch.delenv("CUIKUAN_TRAINEE", raising=False)
    monkeypatch.delenv("CUIKUAN_COHORT", raising=False)
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def play_and_record(path: Path, replies=REPLIES, trainee="王", cohort="w1", seed=1, end=True) -> str:
    s = Session(load_scenario("delay-hardware-dealer"), "zh", seed, TODAY)
    rec = Recorder(path, trainee=trainee, cohort=cohort)
    s.start()
    rec.begin(s)
    for r in replies:
        s.reply(r)
        rec.record(s)
    if end:
        from simulator.scoring import assess_session

        s.end()
        rec.finish(assess_session(s).to_json())
    return rec.session_id


# -- autosave and resume -------------------------------------------------------------------------


WRITER = textwrap.dedent("""
    import datetime as dt, sys, time
    from simulator.scenario.loader import load_scenario
    from simulator.session.session import Session
    from simulator.store import Recorder
    s = Session(load_scenario("delay-hardware-dealer"), "zh", 1, dt.date(2026, 11, 23))
    rec = Recorder(sys.argv[1], trainee="王")
    s.start(); rec.begin(s)
    for r in sys.argv[2:]:
        s.reply(r); rec.record(s)
    print(rec.session_id, len(s.turns), flush=True)
    time.sleep(60)
""")


def test_kill_9_mid_session_then_resume_keeps_every_turn(db):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), *REPLIES], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    sid, shown = proc.stdout.readline().split()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    store = Store(db)
    turns = store.turns(sid)
    assert len(turns) == int(shown) == 1 + 2 * len(REPLIES)
    row = store.get(sid)
    assert row.ended is None and row.summary()["status"] == "open"
    rebuilt = rebuild(store, row)
    assert rebuilt.diverged_at is None
    assert [t.text for t in rebuilt.session.turns] == [t["text"] for t in turns]

    # and the app offers it back: --resume opens the conversation with every turn on screen
    from textual.widgets import Input

    from simulator.app.main import ConversationScreen, CuikuanApp, Options

    async def go():
        app = CuikuanApp(Options(db=db, trainee="王", resume=True, silence_after=0, today=TODAY))
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ConversationScreen)
            assert len(app.screen.query("#chat Static")) == len(turns)
            box = app.screen.query_one("#reply", Input)
            box.value = "那您给个准话,哪天付多少?"
            await pilot.press("enter")
            await pilot.pause()
        return Store(db).turns(sid)

    after = asyncio.run(go())
    assert len(after) == len(turns) + 2  # the resumed session goes on in the same row


def test_thirty_concurrent_writers_lose_and_mix_nothing(db):
    Store(db).close()
    script = textwrap.dedent("""
        import sys
        from simulator.store import Store
        import datetime as dt
        st = Store(sys.argv[1])
        me = sys.argv[2]
        sid = st.start("delay-hardware-dealer", "zh", 1, dt.date(2026, 11, 23), trainee=me, cohort="room")
        for n in range(1, 21):
            st.add_turn(sid, n, "collector" if n % 2 else "debtor", f"{me}:{n}", ["other"])
        print(sid)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, str(db), f"p{i:02d}"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT) for i in range(30)]
    ids = {}
    for i, p in enumerate(procs):
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        ids[f"p{i:02d}"] = out.strip()
    store = Store(db)
    assert len(store.sessions(cohort="room")) == 30
    for me, sid in ids.items():
        texts = [t["text"] for t in store.turns(sid)]
        assert texts == [f"{me}:{n}" for n in range(1, 21)]


def test_migration_from_the_first_schema_keeps_sessions(tmp_path):
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript(MIGRATIONS[0])
    con.execute("PRAGMA user_version = 1")
    con.execute("INSERT INTO sessions (id, scenario, trainee, lang, seed, mode, today, started) "
                "VALUES ('abc', 'delay-hardware-dealer', '李', 'zh', 3, 'practice', '2026-11-01', '2026-11-01T09:00:00+00:00')")
    con.execute("INSERT INTO turns VALUES ('abc', 1, 'debtor', '喂?', '[\"other\"]', 'stalling', NULL, 'x')")
    con.commit()
    con.close()
    store = Store(path)
    assert store.version() == SCHEMA_VERSION
    row = store.get("abc")
    assert row.trainee == "李" and row.cohort == "" and row.turns == 1


def test_a_newer_database_is_refused_clearly(tmp_path):
    path = tmp_path / "new.db"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    con.close()
    with pytest.raises(StoreError, match="newer cuikuan"):
        Store(path)


def test_a_corrupt_database_gives_a_clear_message_and_the_app_still_runs(tmp_path, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a cuikuan session database"):
        Store(bad)
    code, _, err = run(capsys, "history", "--db", str(bad))
    assert code == 1 and "bad.db" in err and "Traceback" not in err
    rec = Recorder(bad)
    assert rec.problem and rec.store is None
    s = Session(load_scenario("delay-hardware-dealer"), "zh", 1, TODAY)
    s.start()
    rec.begin(s)  # nothing happens, nothing raises
    rec.record(s)

    from simulator.app.main import ConversationScreen, CuikuanApp, Options

    async def go():
        app = CuikuanApp(Options(scenario="delay-hardware-dealer", db=bad, trainee="x", silence_after=0, today=TODAY))
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ConversationScreen)
            assert app.store_warned  # told once, then practising goes on unsaved

    asyncio.run(go())


def test_an_unopenable_database_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot"):
        Store(blocker / "sub" / "s.db")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_database(tmp_path):
    path = tmp_path / "ro.db"
    Store(path).close()
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        rec = Recorder(path)
        s = Session(load_scenario("delay-hardware-dealer"), "zh", 1, TODAY)
        s.start()
        rec.begin(s)
        assert rec.problem and "read-only" in rec.problem
    finally:
        tmp_path.chmod(0o755)
        path.chmod(0o644)


# -- the commands --------------------------------------------------------------------------------


def test_history_json_contract_newest_first(db, capsys):
    first = play_and_record(db, trainee="王", cohort="w1")
    second = play_and_record(db, trainee="李", cohort="w1", end=False)
    code, out, _ = run(capsys, "history", "--json")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [second, first]
    assert all(set(r) == {"id", "scenario", "trainee", "cohort", "started", "turns", "score", "status"} for r in rows)
    assert rows[1]["status"] in V.OUTCOME_STATUSES and isinstance(rows[1]["score"], int)
    assert rows[0]["status"] == "open" and rows[0]["turns"] == 9


def test_debrief_json_is_the_session_result_also_for_a_cut_off_session(db, capsys):
    sid = play_and_record(db, end=False)
    code, out, _ = run(capsys, "debrief", sid[:6], "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["scenario"] == "delay-hardware-dealer" and data["seed"] == 1
    assert set(data["principles"]) == set(V.PRINCIPLES)
    assert len(data["turns"]) == 9 and data["ended_by"] == "cut_off"
    code, out, _ = run(capsys, "debrief", sid, "--format", "md")
    assert code == 0 and out.startswith("# ")
    code, _, err = run(capsys, "debrief", "nosuch")
    assert code == 1 and "no session" in err


def test_run_and_score_save_when_asked(db, capsys, tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("\n".join(REPLIES) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "run", "delay-hardware-dealer", "--script", str(script), "--today", "2026-11-23",
                       "--save", "--trainee", "赵", "--json")
    assert code == 0 and "saved as" in err
    t = tmp_path / "call.txt"
    t.write_text("debtor: 老板不在,下个月再说。\ncollector: 请问老板哪天回来?我直接跟他约。\n", encoding="utf-8")
    code, _, err = run(capsys, "score", str(t), "--save", "--trainee", "赵", "--json")
    assert code == 0 and "saved as" in err
    rows = Store(db).sessions(trainee="赵")
    assert {r.source for r in rows} == {"run", "transcript"} and all(r.ended for r in rows)
    code, out, _ = run(capsys, "debrief", rows[0].id, "--format", "json")  # the transcript, scored again
    assert code == 0 and json.loads(out)["scenario"] is None
    code, _, _ = run(capsys, "run", "delay-hardware-dealer", "--script", str(script), "--json")
    assert len(Store(db).sessions()) == 2  # without --save nothing is kept


def test_progress_per_principle_with_a_trend_and_a_suggestion(db, capsys):
    for seed in range(1, 5):
        play_and_record(db, trainee="王", seed=seed)
    code, out, _ = run(capsys, "progress", "--json", "--trainee", "王")
    data = json.loads(out)
    assert data["sessions"] == 4 and set(data["principles"]) == set(V.PRINCIPLES)
    assert data["principles"]["confirm_amount"]["rate"] == 1.0
    assert data["suggest"] and data["suggest"]["scenario"]
    code, out, _ = run(capsys, "progress", "--trainee", "王")
    assert "确认金额" in out and "下一步练" in out


def test_cohort_report_formats_and_anonymize(db, capsys, tmp_path):
    play_and_record(db, trainee="王", cohort="w1")
    play_and_record(db, trainee="李", cohort="w1", replies=["不还钱我就去你家找你老婆说道说道。"])
    play_and_record(db, trainee="赵", cohort="other")
    code, out, _ = run(capsys, "report", "--cohort", "w1", "--format", "json")
    data = json.loads(out)
    assert data["sessions"] == 2 and {t["trainee"] for t in data["trainees"]} == {"王", "李"}
    assert data["compliance_findings"] and data["compliance_findings"][0]["trainee"] == "李"
    code, out, _ = run(capsys, "report", "--cohort", "w1", "--format", "json", "--anonymize")
    assert "王" not in out and "李" not in out and "trainee-1" in out
    code, out, _ = run(capsys, "report", "--cohort", "w1", "--format", "csv")
    assert out.splitlines()[0].startswith("trainee,sessions,mean_score")
    page = tmp_path / "r.html"
    code, _, _ = run(capsys, "report", "--cohort", "w1", "-o", str(page))
    assert code == 0 and "<script" not in page.read_text(encoding="utf-8")
    code, _, err = run(capsys, "report", "--cohort", "nobody")
    assert code == 1 and "no finished sessions" in err


def test_the_trainee_is_asked_once_then_remembered(db, tmp_path):
    from textual.widgets import Input

    from simulator.app.main import ConversationScreen, CuikuanApp, NameScreen, Options
    from simulator.store.identity import resolve

    async def first():
        app = CuikuanApp(Options(scenario="delay-hardware-dealer", db=db, silence_after=0, today=TODAY))
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, NameScreen)
            app.screen.query_one("#name", Input).value = "小周"
            await pilot.press("enter")
            app.screen.query_one("#cohort", Input).value = "十一月班"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConversationScreen)

    asyncio.run(first())
    assert resolve() == ("小周", "十一月班")
    row = Store(db).sessions()[0]
    assert row.trainee == "小周" and row.cohort == "十一月班"


def test_history_and_progress_in_the_app(db):
    for seed in (1, 2):
        play_and_record(db, trainee="王", seed=seed)
    from textual.widgets import DataTable, Static

    from simulator.app.main import CuikuanApp, DebriefScreen, HistoryScreen, Options, PickerScreen, ProgressScreen

    async def go():
        app = CuikuanApp(Options(db=db, trainee="王", silence_after=0, today=TODAY, lang="zh"))
        async with app.run_test(size=(110, 36)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            table = app.screen.query_one("#history", DataTable)
            assert table.row_count == 2
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DebriefScreen)
            assert "原则评分表" in str(app.screen.query_one("#debrief-text", Static).render())
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            await pilot.press("p")
            await pilot.pause()
            assert isinstance(app.screen, ProgressScreen)
            text = str(app.screen.query_one("#progress-text", Static).render())
            assert "确认金额" in text and "100%" in text and "按 s 开始" in text
            await pilot.press("s")
            await pilot.pause()
            assert type(app.screen).__name__ == "ConversationScreen"

    asyncio.run(go())
