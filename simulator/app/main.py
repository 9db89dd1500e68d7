"""The Textual app: pick a scenario, negotiate, read the debrief.

A thin shell: sessions, scoring, live feedback and the debrief come from the core; this module
only lays them out and routes keys. Nothing here decides anything about the negotiation.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Select, Sparkline, Static

from simulator import vocabulary as V
from simulator.catalog import Entry, case_file, scan, tactic_label
from simulator.datafile import load_yaml
from simulator.debrief import render, strings as debrief_strings
from simulator.scenario.diagnostics import ScenarioError
from simulator.scenario.loader import Scenario, load_scenario
from simulator.scoring import Coach, assess_session
from simulator.scoring.transcript import from_session
from simulator.session.session import Session

MAX_SHOWN = 2000  # characters of one reply shown in the chat (all of it is kept and scored)


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    return load_yaml(resources.files("simulator.app").joinpath("strings.yaml").read_text("utf-8"))


@dataclass
class Options:
    """What the command line hands the app."""

    scenario: str | None = None
    lang: str | None = None
    mode: str = "practice"
    seed: int | None = None
    today: dt.date | None = None
    scenarios_dir: Path | None = None
    silence_after: float = 8.0  # seconds of not typing after the debtor speaks; 0 turns it off
    export_dir: Path | None = None
    folders: list[Path] = field(default_factory=list)
    db: Path | None = None  # the session store (None: CUIKUAN_DB or the user's data folder)
    trainee: str | None = None  # None: ask once
    cohort: str | None = None
    resume: bool = False
    save: bool = True


class CuikuanApp(App):
    CSS = """
    Screen { layers: base overlay; }
    #picker-body { height: 1fr; }
    #filters { height: auto; padding: 0 1; }
    #continue { height: auto; padding: 0 1; color: $accent; }
    #filters Select { width: 30; margin-right: 1; }
    #scenarios { width: 3fr; height: 1fr; }
    #preview { width: 2fr; height: 1fr; border-left: solid $primary-darken-2; padding: 0 1; }
    #conversation { height: 1fr; }
    #chat-column { width: 2fr; }
    #chat { height: 1fr; padding: 0 1; }
    .bubble { width: auto; max-width: 80%; padding: 0 1; margin: 0 0 1 0; }
    .debtor { background: $panel; }
    .collector { background: $primary 25%; margin: 0 0 1 4; }
    .silent { color: $text-muted; text-style: italic; }
    .system { color: $text-muted; text-style: italic; margin: 0 0 1 0; }
    #countdown { height: 1; padding: 0 1; color: $text-muted; }
    #hint { height: auto; max-height: 6; padding: 0 1; color: $warning; display: none; }
    #hint.shown { display: block; }
    #reply { margin: 0 0; }
    #side { width: 1fr; min-width: 28; border-left: solid $primary-darken-2; padding: 0 1; }
    #side.hidden { display: none; }
    #mood { height: auto; margin-bottom: 1; }
    #mood.empty { display: none; }
    #debrief-body { height: 1fr; padding: 0 1; }
    #chart { height: auto; margin: 1 0; }
    #chart Sparkline { height: 3; }
    .chart-label { height: 1; color: $text-muted; }
    #debrief-buttons { height: auto; padding: 0 1; }
    #debrief-buttons Button { margin-right: 1; }
    #help-box { width: 80%; max-width: 90; height: auto; max-height: 90%; border: thick $primary; background: $surface; padding: 1 2; }
    HelpScreen, NameScreen { align: center middle; }
    """
    TITLE = "cuikuan"
    BINDINGS = [Binding("f1", "help", "Help"), Binding("ctrl+q", "quit", "Quit", priority=True, show=False)]

    def __init__(self, options: Options | None = None):
        super().__init__()
        self.options = options or Options()
        self.mode = self.options.mode
        self.ui_lang = self.options.lang or _system_lang()
        self.last_assessment = None
        self.last_session: Session | None = None
        self.store_warned = False

    def s(self, key: str, **fields: Any) -> str:
        text = _strings()["en" if self.ui_lang == "en" else "zh"][key]
        return text.format(**fields) if fields else text

    def on_mount(self) -> None:
        self.title = self.s("app_title")
        localize_bindings(self, self)
        if self.options.trainee is None:
            self.push_screen(NameScreen(), self._named)
            return
        self._open()

    def _named(self, answer: tuple[str, str] | None) -> None:
        from simulator.store.identity import remember

        if answer:
            self.options.trainee, self.options.cohort = answer[0], answer[1] or self.options.cohort
            remember(answer[0], answer[1])
        else:
            self.options.trainee = ""
        self._open()

    def recorder(self):
        from simulator.store import Recorder

        r = Recorder(self.options.db, trainee=self.options.trainee or "", cohort=self.options.cohort or "",
                     mode=self.mode, enabled=self.options.save)
        if r.problem and not self.store_warned:
            self.store_warned = True
            self.notify(self.s("not_saving", error=r.problem), severity="warning", timeout=12)
        return r

    def open_session(self):
        """The trainee's last conversation that was cut off, if any (for --resume and the picker)."""
        from simulator.store import Store, StoreError

        if not self.options.save:
            return None
        try:
            store = Store(self.options.db)
            rows = store.sessions(trainee=self.options.trainee or "", open_only=True, limit=1)
            return (store, rows[0]) if rows and rows[0].turns > 1 else None
        except StoreError:
            return None

    def resume(self, store, row) -> None:
        from simulator.store.history import rebuild

        try:
            rebuilt = rebuild(store, row)
        except ScenarioError as exc:
            self.notify(self.s("scenario_broken", error=exc.diagnostics[0]), severity="error", timeout=10)
            return
        if rebuilt.session is None or rebuilt.session.over:
            return
        self.ui_lang = self.options.lang or rebuilt.session.lang
        self.title = self.s("app_title")
        localize_bindings(self, self)
        self.last_session = rebuilt.session
        screen = ConversationScreen(rebuilt.session, resume_id=row.id)
        if isinstance(self.screen, (ConversationScreen, DebriefScreen, PickerScreen)):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self.notify(self.s("resumed", n=len(rebuilt.session.turns)))

    def _open(self) -> None:
        if self.options.resume:
            found = self.open_session()
            if found:
                self.resume(*found)
                return
            self.notify(self.s("nothing_to_resume"))
        if self.options.scenario:
            try:
                sc = load_scenario(self.options.scenario, self.options.scenarios_dir)
            except ScenarioError as exc:
                self.push_screen(PickerScreen())
                self.notify(self.s("scenario_broken", error=exc.diagnostics[0]), severity="error", timeout=10)
                return
            self.start(sc)
        else:
            self.push_screen(PickerScreen())

    def folders(self) -> list[Path]:
        from simulator.scenario.loader import bundled_dir

        extra = [self.options.scenarios_dir] if self.options.scenarios_dir else []
        return [bundled_dir(), *extra, *self.options.folders]

    def start(self, sc: Scenario, seed: int | None = None, from_picker: bool = False) -> None:
        # --lang first; then the language the trainee is already using (the picker's), if the
        # scenario has it; then the scenario's own first language.
        if self.options.lang in sc.spec.languages:
            lang = self.options.lang
        elif from_picker and self.ui_lang in sc.spec.languages:
            lang = self.ui_lang
        else:
            lang = sc.spec.languages[0]
        if not self.options.lang:
            self.ui_lang = lang
            self.title = self.s("app_title")
            localize_bindings(self, self)
        seed = seed if seed is not None else (self.options.seed if self.options.seed is not None
                                              else int(time.time() * 1000) % 100_000)
        session = Session(sc, lang, seed, self.options.today or dt.date.today())
        self.last_session = session
        screen = ConversationScreen(session)
        if isinstance(self.screen, (ConversationScreen, DebriefScreen)):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_debrief(self, session: Session, recorder=None) -> None:
        a = assess_session(session)
        self.last_assessment = a
        if recorder is not None:
            recorder.finish(a.to_json())
        self.switch_screen(DebriefScreen(session, a))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def export(self, fmt: str) -> Path | None:
        a = self.last_assessment
        if a is None:
            return None
        folder = self.options.export_dir or _default_export_dir()
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"{a.scenario or 'session'}-{stamp}.{'md' if fmt == 'md' else 'html'}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(render(a, fmt), encoding="utf-8")
        except OSError as exc:
            self.notify(self.s("export_failed", error=exc.strerror or exc), severity="error")
            return None
        self.notify(self.s("exported", path=path), timeout=10)
        return path

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for entry in scan(self.folders()):
            if entry.ok:
                sc = entry.scenario
                yield SystemCommand(self.s("cmd_start", title=entry.title(self.ui_lang)), entry.id,
                                    lambda sc=sc: self.start(sc))
        other = "exam" if self.mode == "practice" else "practice"
        yield SystemCommand(self.s("cmd_mode", mode=self.s(other)), self.s("mode"), lambda: self.set_mode(other))
        yield SystemCommand(self.s("cmd_lang"), "zh / en", self.toggle_lang)
        yield SystemCommand(self.s("cmd_history"), "history", self.action_history)
        yield SystemCommand(self.s("cmd_progress"), "progress", self.action_progress)
        if self.last_assessment is not None:
            yield SystemCommand(self.s("cmd_export_md"), "md", lambda: self.export("md"))
            yield SystemCommand(self.s("cmd_export_html"), "html", lambda: self.export("html"))

    def _store(self):
        from simulator.store import Store, StoreError

        try:
            return Store(self.options.db)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return None

    def action_history(self) -> None:
        store = self._store()
        if store is not None:
            self.push_screen(HistoryScreen(store))

    def action_progress(self) -> None:
        store = self._store()
        if store is not None:
            self.push_screen(ProgressScreen(store))

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.notify(self.s("mode_switched", mode=self.s(mode)))
        if isinstance(self.screen, ConversationScreen):
            self.screen.refresh_side()

    def toggle_lang(self) -> None:
        self.ui_lang = "en" if self.ui_lang == "zh" else "zh"
        self.title = self.s("app_title")
        localize_bindings(self, self)
        localize_bindings(self.screen, self)
        refresh = getattr(self.screen, "relabel", None)
        if refresh:
            refresh()


# Footer labels follow the interface language: action -> string key.
KEY_LABELS = {"silence": "key_silence", "end": "key_end", "back": "key_back", "app.help": "key_help",
              "help": "key_help", "quit": "key_quit", "app.quit": "key_quit", "replay": "key_replay",
              "another": "key_another", "export('md')": "key_export_md", "export('html')": "key_export_html",
              "dismiss": "key_back", "continue": "key_continue", "skip": "key_back", "app.history": "key_history",
              "app.progress": "key_progress", "app.pop_screen": "key_back", "practise": "key_practise"}


def localize_bindings(node, app: "CuikuanApp") -> None:
    """Give a screen's (or the app's) key bindings descriptions in the interface language."""
    import dataclasses

    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [dataclasses.replace(b, description=app.s(KEY_LABELS[b.action])) if b.action in KEY_LABELS else b
                      for b in bindings]
    if hasattr(node, "refresh_bindings"):
        node.refresh_bindings()


def _system_lang() -> str:
    import locale
    import os

    name = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not name:
        try:
            name = locale.getlocale()[0] or ""
        except ValueError:
            name = ""
    return "en" if name and not name.lower().startswith("zh") else "zh"


def _default_export_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "cuikuan"


# ---------------------------------------------------------------------------------------------


class PickerScreen(Screen):
    AUTO_FOCUS = "#scenarios"  # also when a modal (the name question) closes over it
    BINDINGS = [Binding("question_mark", "app.help", "?", show=False), Binding("escape", "app.quit", "Quit"),
                Binding("c", "continue", "Continue", show=False), Binding("h", "app.history", "History"),
                Binding("p", "app.progress", "Progress")]

    def compose(self) -> ComposeResult:
        app: CuikuanApp = self.app  # type: ignore[assignment]
        yield Header()
        with Horizontal(id="filters"):
            yield Select([(tactic_label(t, app.ui_lang), t) for t in V.TACTICS], prompt=app.s("filter_tactic"), id="tactic")
            yield Select([(f"{'★' * d}", d) for d in V.DIFFICULTIES], prompt=app.s("filter_difficulty"), id="difficulty")
        yield Static("", id="continue")
        with Horizontal(id="picker-body"):
            yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
            yield VerticalScroll(Static(app.s("preview_empty"), id="preview-text"), id="preview")
        yield Footer()

    def on_mount(self) -> None:
        localize_bindings(self, self.app)
        self.entries = scan(self.app.folders())
        self.fill()
        self.open = self.app.open_session()  # type: ignore[attr-defined]
        box = self.query_one("#continue", Static)
        if self.open:
            _, row = self.open
            box.update(Text(self.app.s("continue_hint", title=row.scenario, n=row.turns), style="bold"))  # type: ignore[attr-defined]
        else:
            box.display = False

    def action_continue(self) -> None:
        if self.open:
            self.app.resume(*self.open)  # type: ignore[attr-defined]
        self.query_one("#scenarios", DataTable).focus()

    def fill(self) -> None:
        app: CuikuanApp = self.app  # type: ignore[assignment]
        table = self.query_one("#scenarios", DataTable)
        table.clear(columns=True)
        # Short columns first, the title last: on a narrow screen only the end of a title is cut.
        table.add_columns(app.s("col_tactics"), app.s("col_difficulty"), app.s("col_languages"), app.s("col_title"))
        tactic = self.query_one("#tactic", Select).value
        level = self.query_one("#difficulty", Select).value
        tactic = tactic if tactic in V.TACTICS else None  # no selection (Select.NULL / BLANK)
        level = level if level in V.DIFFICULTIES else None
        self.shown: list[Entry] = []
        for e in self.entries:
            if e.ok and tactic is not None and tactic not in e.tactics:
                continue
            if e.ok and level is not None and e.difficulty != level:
                continue
            self.shown.append(e)
            if e.ok:
                table.add_row(" ".join(tactic_label(t, app.ui_lang) for t in e.tactics), "★" * (e.difficulty or 0),
                              " ".join(e.languages), e.title(app.ui_lang), key=str(len(self.shown) - 1))
            else:
                table.add_row(Text(app.s("invalid"), style="red"), "", "", Text(e.path.name, style="red"),
                              key=str(len(self.shown) - 1))
        if self.shown:
            self.preview(self.shown[0])

    @on(Select.Changed)
    def _filter(self) -> None:
        self.fill()

    def preview(self, e: Entry) -> None:
        app: CuikuanApp = self.app  # type: ignore[assignment]
        box = self.query_one("#preview-text", Static)
        if not e.ok:
            box.update(Text(f"{e.path}\n\n{e.error}", style="red"))
            return
        box.update(_case_text(app, e.scenario))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            self.preview(self.shown[int(event.row_key.value)])

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        e = self.shown[int(event.row_key.value)]
        if e.ok:
            self.app.start(e.scenario, from_picker=True)  # type: ignore[attr-defined]
        else:
            self.app.notify(e.error or "", severity="error", timeout=10)

    def relabel(self) -> None:
        self.fill()


def _case_text(app: CuikuanApp, sc: Scenario, lang: str | None = None) -> Text:
    lang = lang or (app.ui_lang if app.ui_lang in sc.spec.languages else sc.spec.languages[0])
    c = case_file(sc, lang)
    t = Text()
    t.append(c.title + "\n", style="bold")
    if c.summary:
        t.append(c.summary + "\n")
    t.append("\n")
    t.append(f"{app.s('debt')}: ", style="bold")
    t.append(f"{c.debt} · {app.s('overdue', days=c.overdue)}\n")
    t.append(f"{c.debtor} · {c.company}\n")
    t.append(f"{app.s('decider')}: ", style="bold")
    t.append(c.decider + "\n")
    if c.invoices:
        t.append(f"\n{app.s('invoices')}\n", style="bold")
        for inv in c.invoices:
            t.append(f"•{inv}\n")
    if c.background:
        t.append(f"\n{app.s('background')}\n", style="bold")
        for b in c.background:
            t.append(f"•{b}\n")
    t.append("\n" + " ".join(tactic_label(x, lang) for x in sc.persona.tactics) + " · " + "★" * sc.spec.difficulty,
             style="dim")
    return t


# ---------------------------------------------------------------------------------------------


class ConversationScreen(Screen):
    AUTO_FOCUS = "#reply"
    BINDINGS = [
        Binding("f2", "silence", "Silence"),
        Binding("f3", "end", "End"),
        Binding("escape", "back", "Back"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(self, session: Session, resume_id: str | None = None):
        super().__init__()
        self.session = session
        self.resume_id = resume_id
        self.coach = Coach.for_session(session)
        self.deadline: float | None = None
        self.ticker = None
        self.recorder = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="conversation"):
            with Vertical(id="chat-column"):
                yield VerticalScroll(id="chat")
                yield Static("", id="hint")
                yield Static("", id="countdown")
                yield Input(placeholder="", id="reply")
            with VerticalScroll(id="side"):
                yield Static("", id="mood")
                yield Static("", id="case")
        yield Footer()

    def on_mount(self) -> None:
        localize_bindings(self, self.ui)
        self.relabel()
        self.session.start()
        for turn in self.session.turns:  # one turn, or every turn of a resumed conversation
            self.add_turn(turn)
        self.recorder = self.ui.recorder()
        self.recorder.begin(self.session, self.resume_id)
        self.coach.update(from_session(self.session).lines)  # loads the scoring data now, not on the first reply
        # After the first frame is on screen: compiling the lexicons must not delay it.
        self.set_timer(0.3, lambda: self.run_worker(_warm_up, thread=True, exclusive=True, group="warm-up"))
        self.query_one("#reply", Input).focus()
        self.arm()
        self.ticker = self.set_interval(0.1, self.tick)

    @property
    def ui(self) -> CuikuanApp:
        return self.app  # type: ignore[return-value]

    def relabel(self) -> None:
        app = self.ui
        self.sub_title = f"{case_file(self.session.scenario, self.session.lang).title} · {app.s(app.mode)}"
        self.query_one("#reply", Input).placeholder = app.s("reply_placeholder")
        self.query_one("#case", Static).update(_case_text(app, self.session.scenario, self.session.lang))
        self.refresh_side()
        self.refresh_bindings()

    # -- the silence timer ------------------------------------------------------------------

    def arm(self) -> None:
        delay = self.ui.options.silence_after
        self.deadline = time.monotonic() + delay if delay and delay > 0 and not self.session.over else None
        self.tick()

    def tick(self) -> None:
        box = self.query_one("#countdown", Static)
        if self.deadline is None:
            box.update("")
            return
        if self.query_one("#reply", Input).value:
            box.update(self.ui.s("silence_paused"))
            self.deadline = time.monotonic() + self.ui.options.silence_after
            return
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.deadline = None
            self.send("")
            return
        box.update(self.ui.s("silence_in", secs=max(1, round(left))))

    # -- turns ------------------------------------------------------------------------------

    def add_turn(self, turn) -> None:
        chat = self.query_one("#chat", VerticalScroll)
        app = self.ui
        if turn.speaker == "debtor":
            who = turn.name or ""
            body = Text()
            body.append(f"{who}\n" if who else "", style="bold")
            body.append(turn.text)
            chat.mount(Static(body, classes="bubble debtor"))
        else:
            text = turn.text.strip()
            if not text or turn.labels == ["silence"]:
                chat.mount(Static(app.s("silence_sent"), classes="bubble collector silent"))
            else:
                shown = text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + " …"
                chat.mount(Static(Text(shown), classes="bubble collector"))
        chat.scroll_end(animate=False)

    def send(self, text: str) -> None:
        if self.session.over:
            return
        text = " ".join(text.split())  # pasted lines become one reply
        if text == "/end":
            self.action_end()
            return
        if text == "/silence":
            text = ""
        new = self.session.reply(text)
        for t in new:
            self.add_turn(t)
        if self.recorder:
            self.recorder.record(self.session)  # saved as soon as it is shown
        if self.ui.mode == "practice":
            hints = self.coach.update(from_session(self.session).lines)
            self.show_hints(hints)
        self.refresh_side()
        if self.session.over:
            self.deadline = None
            chat = self.query_one("#chat", VerticalScroll)
            note = self.ui.s("ended_debtor") + " " if self.session.ended_by == "debtor" else ""
            chat.mount(Static(note + self.ui.s("ended"), classes="system"))
            chat.scroll_end(animate=False)
        else:
            self.arm()

    def show_hints(self, hints) -> None:
        box = self.query_one("#hint", Static)
        bad = [h for h in hints if h.verdict in ("violated", "missed")]
        if not bad:
            box.remove_class("shown")
            return
        lang = self.session.lang
        t = Text()
        for h in bad[:2]:
            t.append(f"{self.ui.s('hint')} · {V.PRINCIPLES[h.principle][lang]}: ", style="bold")
            t.append(h.note + "\n")
        box.update(t)
        box.add_class("shown")

    def refresh_side(self) -> None:
        mood = self.query_one("#mood", Static)
        if self.ui.mode != "practice":
            mood.update("")
            self.query_one("#hint", Static).remove_class("shown")
            return
        meters = next((t.meters for t in reversed(self.session.turns) if t.speaker == "debtor" and t.meters), None)
        if not meters:
            mood.update("")
            return
        mood.update(_mood_text(self.ui, meters))

    @on(Input.Submitted, "#reply")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value
        event.input.value = ""
        if self.session.over:
            if text.strip() == "/end":
                self.action_end()
            return
        self.send(text)

    def action_silence(self) -> None:
        if not self.session.over:
            self.send("")

    def action_end(self) -> None:
        if self.ticker is not None:
            self.ticker.stop()
        self.session.end()
        self.ui.show_debrief(self.session, self.recorder)

    def action_back(self) -> None:
        if self.ticker is not None:
            self.ticker.stop()
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.switch_screen(PickerScreen())

    def on_resize(self, event) -> None:
        side = self.query_one("#side")
        side.set_class(event.size.width < 80, "hidden")
        self.query_one("#chat", VerticalScroll).scroll_end(animate=False)


def _warm_up() -> None:
    from simulator.understanding import warm_up

    warm_up()


def _bar(value: float, width: int = 10) -> str:
    filled = round(max(0.0, min(100.0, value)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def _mood_text(app: CuikuanApp, meters: dict[str, float]) -> Text:
    p, r, h = meters.get("pressure", 0), meters.get("rapport", 50), meters.get("hostility", 0)
    cue = ("mood_angry" if h >= 50 else "mood_cornered" if p >= 70 else "mood_tense" if p >= 35 else "mood_calm")
    warmth = "mood_warm" if r >= 60 else "mood_cool" if r >= 35 else "mood_cold"
    t = Text()
    t.append(app.s("mood") + "\n", style="bold")
    t.append(f"{app.s(cue)} · {app.s(warmth)}\n")
    for key, value, style in (("pressure", p, "red"), ("rapport", r, "blue"), ("hostility", h, "magenta")):
        t.append(f"{app.s(key)} ", style="dim")
        t.append(_bar(value), style=style)
        t.append(f" {value:.0f}\n", style="dim")
    return t


# ---------------------------------------------------------------------------------------------


class DebriefScreen(Screen):
    BINDINGS = [
        Binding("r", "replay", "Replay"),
        Binding("n", "another", "Another"),
        Binding("m", "export('md')", "Markdown"),
        Binding("h", "export('html')", "HTML"),
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "another", "Back", show=False),
        Binding("question_mark", "app.help", "?", show=False),
    ]

    def __init__(self, session: Session | None, assessment, from_history: bool = False):
        super().__init__()
        self.session = session
        self.a = assessment
        self.from_history = from_history

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="debrief-body"):
            yield Static("", id="debrief-text")
            with Vertical(id="chart"):
                yield Static("", id="chart-title", classes="chart-label")
                yield Static("", id="chart-pressure", classes="chart-label")
                yield Sparkline([v for _, v in self.a.series.get("pressure", [])] or [0], id="spark-pressure")
                yield Static("", id="chart-rapport", classes="chart-label")
                yield Sparkline([v for _, v in self.a.series.get("rapport", [])] or [0], id="spark-rapport")
        with Horizontal(id="debrief-buttons"):
            yield Button("", id="replay", variant="primary")
            yield Button("", id="another")
            yield Button("", id="export-md")
            yield Button("", id="export-html")
            yield Button("", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        localize_bindings(self, self.app)
        self.relabel()

    def on_resize(self, event) -> None:
        self.relabel()

    def relabel(self) -> None:
        app: CuikuanApp = self.app  # type: ignore[assignment]
        width = max(40, self.size.width - 4) if self.size.width else 100
        self.sub_title = app.s("debrief_title")
        self.query_one("#debrief-text", Static).update(Text.from_ansi(render(self.a, "text", width=width, color=True)))
        ds = debrief_strings(self.a.language)
        self.query_one("#chart-title", Static).update(Text(app.s("chart"), style="bold"))
        self.query_one("#chart-pressure", Static).update(ds["pressure"])
        self.query_one("#chart-rapport", Static).update(ds["rapport_line"])
        for bid, key in (("replay", "key_replay"), ("another", "key_another"), ("export-md", "key_export_md"),
                         ("export-html", "key_export_html"), ("quit", "key_quit")):
            self.query_one(f"#{bid}", Button).label = app.s(key)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        {"replay": self.action_replay, "another": self.action_another, "quit": self.app.exit,
         "export-md": lambda: self.action_export("md"), "export-html": lambda: self.action_export("html")}[event.button.id]()

    def action_replay(self) -> None:
        app: CuikuanApp = self.app  # type: ignore[assignment]
        if self.session is None:  # a typed-up conversation: nothing to replay
            return
        try:  # the file may have been edited (or broken) since: load it afresh
            sc = load_scenario(self.session.scenario.path)
        except ScenarioError as exc:
            app.notify(app.s("scenario_broken", error=exc.diagnostics[0]), severity="error", timeout=10)
            return
        app.start(sc, seed=self.session.seed)

    def action_another(self) -> None:
        if self.from_history:
            self.app.pop_screen()
            return
        self.app.switch_screen(PickerScreen())

    def action_export(self, fmt: str) -> None:
        self.app.export(fmt)  # type: ignore[attr-defined]


class HistoryScreen(Screen):
    """Past sessions, newest first; Enter opens a session's debrief."""

    AUTO_FOCUS = "#history"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("p", "app.progress", "Progress")]

    def __init__(self, store):
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        app: CuikuanApp = self.app  # type: ignore[assignment]
        localize_bindings(self, app)
        self.sub_title = app.s("history_title")
        table = self.query_one("#history", DataTable)
        table.add_columns(*(app.s(k) for k in ("col_date", "col_score", "col_status", "col_turns", "col_trainee",
                                                "col_title")))
        self.rows = self.store.sessions(limit=500)
        for i, r in enumerate(self.rows):
            s = r.summary()
            status = debrief_strings(app.ui_lang)["status"].get(s["status"], app.s("open"))
            table.add_row(s["started"][:16].replace("T", " "), "—" if s["score"] is None else str(s["score"]),
                          status, str(s["turns"]), s["trainee"] or "", s["scenario"], key=str(i))
        if not self.rows:
            self.notify(app.s("no_history"))

    @on(DataTable.RowSelected, "#history")
    def _open(self, event: DataTable.RowSelected) -> None:
        from simulator.store.history import rebuild

        row = self.rows[int(event.row_key.value)]
        try:
            rebuilt = rebuild(self.store, row)
        except ScenarioError as exc:
            self.app.notify(self.app.s("scenario_broken", error=exc.diagnostics[0]), severity="error", timeout=10)  # type: ignore[attr-defined]
            return
        self.app.last_assessment = rebuilt.assessment  # type: ignore[attr-defined]
        self.app.push_screen(DebriefScreen(rebuilt.session, rebuilt.assessment, from_history=True))


class ProgressScreen(Screen):
    """Each principle over the last sessions: how often followed, the trend, and what to practise."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("s", "practise", "Practise"),
                Binding("h", "app.history", "History")]

    def __init__(self, store):
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="debrief-body"):
            yield Static("", id="progress-text")
            with Vertical(id="chart"):
                yield Static("", id="scores-label", classes="chart-label")
                yield Sparkline([0], id="spark-scores")
        yield Footer()

    def on_mount(self) -> None:
        from simulator.store.history import progress

        app: CuikuanApp = self.app  # type: ignore[assignment]
        localize_bindings(self, app)
        self.sub_title = app.s("progress_title")
        self.data = progress(self.store, app.options.trainee or None)
        lang = app.ui_lang
        t = Text()
        who = f" · {self.data['trainee']}" if self.data.get("trainee") else ""
        t.append(app.s("progress_head", n=self.data["sessions"]) + who + "\n\n", style="bold")
        marks = {"followed": ("✓", "green"), "violated": ("✗", "red"), "missed": ("○", "yellow"),
                 "not_applicable": ("·", "dim")}
        from simulator.text import clip, pad

        col = 22 if lang == "zh" else 30
        for p, d in self.data["principles"].items():
            t.append(pad(clip(V.PRINCIPLES[p][lang], col - 1), col))
            if d["rate"] is None:
                t.append("  —       ", style="dim")
            else:
                t.append(_bar(d["rate"] * 100, 8), style="blue")
                t.append(f" {d['rate']:>4.0%} ")
            arrow = "" if d["trend"] is None else ("↑" if d["trend"] > 0 else "↓" if d["trend"] < 0 else "→")
            t.append(f"{arrow:2}", style="green" if arrow == "↑" else "red" if arrow == "↓" else "")
            for m in d["series"]:
                ch, style = marks[m]
                t.append(ch, style=style)
            t.append("\n")
        sug = self.data.get("suggest")
        if sug:
            t.append("\n" + app.s("progress_next", principle=V.PRINCIPLES[sug["principle"]][lang],
                                   scenario=sug["scenario"]), style="bold")
        self.query_one("#progress-text", Static).update(t)
        self.query_one("#scores-label", Static).update(app.s("progress_scores"))
        self.query_one("#spark-scores", Sparkline).data = self.data["scores"] or [0]

    def action_practise(self) -> None:
        sug = self.data.get("suggest") if hasattr(self, "data") else None
        if not sug:
            return
        try:
            sc = load_scenario(sug["scenario"], self.app.options.scenarios_dir)  # type: ignore[attr-defined]
        except ScenarioError as exc:
            self.app.notify(str(exc.diagnostics[0]), severity="error")
            return
        self.app.start(sc)  # type: ignore[attr-defined]


class NameScreen(ModalScreen):
    """Asked once: who is practising (and, optionally, in which workshop). Remembered after."""

    AUTO_FOCUS = "#name"
    BINDINGS = [Binding("escape", "skip", "Skip")]

    def compose(self) -> ComposeResult:
        app: CuikuanApp = self.app  # type: ignore[assignment]
        with Vertical(id="help-box"):
            yield Static(Text(app.s("name_title"), style="bold"))
            yield Static(app.s("name_body"))
            yield Input(placeholder=app.s("name_placeholder"), id="name")
            yield Input(placeholder=app.s("cohort_placeholder"), id="cohort", value=app.options.cohort or "")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _name(self) -> None:
        self.query_one("#cohort", Input).focus()

    @on(Input.Submitted, "#cohort")
    def _done(self) -> None:
        name = " ".join(self.query_one("#name", Input).value.split())
        if not name:
            self.query_one("#name", Input).focus()
            return
        self.dismiss((name[:40], " ".join(self.query_one("#cohort", Input).value.split())[:40]))

    def action_skip(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("f1", "dismiss", "Close"),
                Binding("question_mark", "dismiss", "Close", show=False)]

    def compose(self) -> ComposeResult:
        app: CuikuanApp = self.app  # type: ignore[assignment]
        with Vertical(id="help-box"):
            yield Static(Text(app.s("help_title"), style="bold"))
            yield Static(app.s("help_body"))

    def action_dismiss(self) -> None:
        self.app.pop_screen()


def run(options: Options) -> int:
    CuikuanApp(options).run()
    return 0
