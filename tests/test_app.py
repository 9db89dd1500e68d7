"""The Textual app driven the way a trainee drives it (Textual's pilot, a fixed screen size).

No test depends on the wall clock beyond the silence timer, which is set to a fraction of a
second here, or on the size of the terminal the tests run in.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path

import pytest

pytest.importorskip("textual")

from textual.widgets import DataTable, Input, Select, Static  # noqa: E402

from simulator.app.main import (  # noqa: E402
    ConversationScreen, CuikuanApp, DebriefScreen, HelpScreen, Options, PickerScreen,
)
from simulator.scenario.loader import bundled_dir  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def drive(options: Options, steps, size=(100, 32)):
    """Run the app headless with a pilot and hand both to ``steps`` (an async function).

    Unless a test says otherwise, the trainee is known (no name question) and sessions go to a
    throw-away database, never to the user's own."""
    import tempfile

    if options.trainee is None:
        options.trainee = "tester"
    if options.db is None:
        options.db = Path(tempfile.mkdtemp()) / "sessions.db"

    async def main():
        app = CuikuanApp(options)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(app, pilot)

    asyncio.run(main())


async def say(app, pilot, text: str) -> None:
    box = app.screen.query_one("#reply", Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


def chat_texts(app) -> list[str]:
    return [str(w.render()) for w in app.screen.query("#chat Static")]


def test_play_opens_straight_into_the_conversation_with_the_reply_box_focused():
    async def steps(app, pilot):
        assert isinstance(app.screen, ConversationScreen)
        assert app.focused is app.screen.query_one("#reply", Input)
        case = str(app.screen.query_one("#case", Static).render())
        assert "2.86万" in case and "HT-2026-0912" in case  # the debt and the invoices beside the chat
        assert len(app.screen.session.turns) == 1  # the debtor opened

    drive(Options(scenario="delay-hardware-dealer", lang="zh", seed=1, today=TODAY, silence_after=0), steps)


def test_a_whole_negotiation_silence_by_command_and_key_end_and_debrief(tmp_path):
    async def steps(app, pilot):
        await say(app, pilot, "您好周老板,九月两张送货单一共28600元,都有您的签字。")
        await say(app, pilot, "具体哪款卖不动?DN25还是DN32?")
        await say(app, pilot, "/silence")
        await pilot.press("f2")
        await pilot.pause()
        s = app.screen.session
        silent = [t for t in s.turns if t.speaker == "collector" and t.labels == ["silence"]]
        assert len(silent) == 2
        assert len(s.turns) == 9
        await say(app, pilot, "/end")
        assert isinstance(app.screen, DebriefScreen)
        text = str(app.screen.query_one("#debrief-text", Static).render())
        assert "原则评分表" in text and "得分" in text
        await pilot.press("m")
        await pilot.press("h")
        await pilot.pause()
        files = sorted(p.suffix for p in tmp_path.iterdir())
        assert files == [".html", ".md"]

    drive(Options(scenario="delay-hardware-dealer", lang="zh", seed=1, today=TODAY, silence_after=0,
                  export_dir=tmp_path), steps)


def test_waiting_without_typing_counts_as_silence():
    async def steps(app, pilot):
        s = app.screen.session
        assert "秒" in str(app.screen.query_one("#countdown", Static).render())
        for _ in range(40):  # the timer fires after 0.25 s; allow a slow machine plenty of time
            await pilot.pause(0.1)
            if any(t.speaker == "collector" for t in s.turns):
                break
        said = [t.labels for t in s.turns if t.speaker == "collector"]
        assert said and all(labels == ["silence"] for labels in said)
        assert s.turns[-1].speaker == "debtor"  # and the debtor filled the pause

    drive(Options(scenario="delay-hardware-dealer", lang="zh", seed=1, today=TODAY, silence_after=0.25), steps)


def test_typing_holds_the_silence_timer():
    async def steps(app, pilot):
        box = app.screen.query_one("#reply", Input)
        box.value = "我想一下"
        app.options.silence_after = 0.2  # the timer starts only now, with text already typed
        app.screen.arm()
        await pilot.pause(0.6)
        assert not [t for t in app.screen.session.turns if t.speaker == "collector"]
        assert box.value == "我想一下"  # nothing the user typed is lost

    drive(Options(scenario="delay-hardware-dealer", lang="zh", seed=1, today=TODAY, silence_after=0), steps)


def test_practice_shows_hints_and_mood_exam_shows_neither():
    def run(mode):
        seen = {}

        async def steps(app, pilot):
            for _ in range(8):
                await say(app, pilot, "……")
                if any("offer" in t.labels for t in app.screen.session.turns if t.speaker == "debtor"):
                    break
            await say(app, pilot, "行,就按您说的办。")
            seen["hint"] = app.screen.query_one("#hint", Static).has_class("shown")
            seen["mood"] = str(app.screen.query_one("#mood", Static).render())

        drive(Options(scenario="delay-hardware-dealer", lang="zh", seed=3, today=TODAY, silence_after=0, mode=mode), steps)
        return seen

    practice, exam = run("practice"), run("exam")
    assert practice["hint"] and "压力" in practice["mood"]
    assert not exam["hint"] and exam["mood"] == ""


def test_picker_filters_previews_and_lists_broken_files(tmp_path):
    for p in bundled_dir().glob("*.yaml"):
        shutil.copy(p, tmp_path / p.name)
    shutil.copytree(bundled_dir() / "personas", tmp_path / "personas")
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")

    async def steps(app, pilot):
        assert isinstance(app.screen, PickerScreen)
        table = app.screen.query_one("#scenarios", DataTable)
        names = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert "broken.yaml" in names
        all_rows = table.row_count
        app.screen.query_one("#tactic", Select).value = "hide"
        await pilot.pause()
        assert 0 < table.row_count < all_rows
        preview = str(app.screen.query_one("#preview-text", Static).render())
        assert "欠款" in preview
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)

    drive(Options(lang="zh", seed=1, today=TODAY, silence_after=0, scenarios_dir=tmp_path), steps)


def test_help_screen_and_english_interface():
    async def steps(app, pilot):
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "/silence" in str(app.screen.query("Static").last().render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert app.screen.query_one("#reply", Input).placeholder.startswith("Your reply")

    drive(Options(scenario="delay-hardware-dealer", lang="en", seed=1, today=TODAY, silence_after=0), steps)


def test_long_pasted_and_emoji_replies_and_a_tiny_terminal():
    async def steps(app, pilot):
        await say(app, pilot, "第一行\n第二行 " + "很长的话" * 3000 + " 🙏😡")
        s = app.screen.session
        said = [t.text for t in s.turns if t.speaker == "collector"][0]
        assert "\n" not in said and said.endswith("🙏😡")  # kept whole, as one reply
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert app.screen.query_one("#side").has_class("hidden")
        await say(app, pilot, "具体哪款卖不动?")
        assert len([t for t in s.turns if t.speaker == "collector"]) == 2

    drive(Options(scenario="delay-hardware-dealer", lang="zh", seed=1, today=TODAY, silence_after=0), steps)


def test_replay_reloads_the_scenario_and_reports_a_broken_file(tmp_path):
    for p in bundled_dir().glob("delay-hardware-dealer.yaml"):
        shutil.copy(p, tmp_path / p.name)
    shutil.copytree(bundled_dir() / "personas", tmp_path / "personas")
    path = tmp_path / "delay-hardware-dealer.yaml"

    async def steps(app, pilot):
        await say(app, pilot, "/end")
        assert isinstance(app.screen, DebriefScreen)
        path.write_text("id: [broken\n", encoding="utf-8")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)  # still there, with a message instead of a crash

    drive(Options(scenario=str(path), lang="zh", seed=1, today=TODAY, silence_after=0), steps)


def test_serve_binds_to_localhost_and_says_so():
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    import os
    import tempfile

    env = dict(os.environ, CUIKUAN_DB=str(Path(tempfile.mkdtemp()) / "served.db"))
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        first = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in first and "this machine only" in first
        page = ""
        for _ in range(50):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "催款谈判模拟器" in page and f"ws://127.0.0.1:{port}/ws" in page
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def test_command_palette_offers_scenarios_mode_language_and_export(tmp_path):
    async def steps(app, pilot):
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert any(t.startswith("开始场景") for t in commands)
        switch = next(c for t, c in commands.items() if "考试" in t)
        switch.callback()
        await pilot.pause()
        assert app.mode == "exam" and str(app.screen.query_one("#mood", Static).render()) == ""
        next(c for t, c in commands.items() if "English" in t).callback()
        await pilot.pause()
        assert app.screen.query_one("#reply", Input).placeholder.startswith("Your reply")
        await say(app, pilot, "/end")
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        next(c for t, c in commands.items() if "Markdown" in t).callback()
        assert [p.suffix for p in tmp_path.iterdir()] == [".md"]

    drive(Options(scenario="delay-hardware-dealer", lang=None, seed=1, today=TODAY, silence_after=0,
                  export_dir=tmp_path), steps)
