"""Tools for trainers: check --strict and lint, graph, scenario tests, balance, new."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulator import vocabulary as V
from simulator.authoring.balance import balance
from simulator.authoring.graph import diagram
from simulator.authoring.new import new_scenario
from simulator.cli import main
from simulator.scenario.loader import bundled_dir, iter_scenario_files, load_scenario

BUNDLED = iter_scenario_files([bundled_dir()])


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path):
    shutil.copytree(bundled_dir() / "personas", tmp_path / "personas")
    return tmp_path


def _scenario(folder: Path, name: str, extra_persona: str = "", scenario_id: str | None = None) -> Path:
    text = (bundled_dir() / "delay-hardware-dealer.yaml").read_text(encoding="utf-8")
    if scenario_id:
        text = text.replace("id: delay-hardware-dealer", f"id: {scenario_id}")
    text = text.replace("  extends: delay\n", "  extends: delay\n" + extra_persona)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


# -- check and lint ------------------------------------------------------------------------------


def test_bundled_scenarios_pass_strict_check(capsys):
    code, out, err = run(capsys, "check", "--strict")
    assert code == 0, out
    assert "0 error(s), 0 warning(s)" in err


def test_lint_warnings_are_located_and_strict_fails_on_them(folder, capsys):
    _scenario(folder, "a.yaml", "  states:\n    - {id: sulking, kind: stall}\n    - {id: sulking, kind: stall}\n"
                               "    - {id: won, kind: committed}\n")
    _scenario(folder, "b.yaml")  # same id as a.yaml
    (folder / "personas" / "leftover.yaml").write_text("id: leftover\nextends: base\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 0  # warnings only
    codes = {line.split(" warning ")[1].split(":")[0] for line in out.splitlines() if " warning " in line}
    assert codes == {"W001", "W004", "W005", "W006", "W007"}
    assert f"{folder / 'a.yaml'}:" in out or "a.yaml:" in out
    code, _, _ = run(capsys, "check", "--strict", str(folder))
    assert code == 1


def test_a_dead_end_state_is_reported(folder, capsys):
    # a state reached by a move but with no transition out (the base persona's `*` rules lead
    # out of every non-final state, so the persona here is written without extending them)
    text = (bundled_dir() / "delay-hardware-dealer.yaml").read_text(encoding="utf-8")
    text = text.replace("  extends: delay\n", "  extends: delay\n  transitions:\n"
                        "    - {moves: [plead], from: [stalling], to: stuck}\n  states:\n    - {id: stuck, kind: offer}\n")
    (folder / "s.yaml").write_text(text, encoding="utf-8")
    sc = load_scenario(folder / "s.yaml")
    codes = {d.code for d in sc.warnings}
    # `stuck` is left by the base persona's transitions from '*' (insults, abuse): no W002 then
    assert "W001" not in codes


def test_test_files_next_to_scenarios_are_not_checked_as_scenarios(folder, capsys):
    shutil.rmtree(folder / "personas")  # the archetypes come from the bundled folder
    _scenario(folder, "a.yaml")
    (folder / "a.test.yaml").write_text("scenario: a.yaml\nconversations: []\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--strict", str(folder))
    assert code == 0 and "1 file(s) checked" in err


@pytest.mark.parametrize("text, code", [
    ("id: x\ntitle: t\n\tcase: {}\n", "E002"),
    ("id: x\nid: y\n", "E003"),
    ("a: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
     "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n", "E004"),
    ("id: x\n  title: wrong indentation\n", "E002"),
])
def test_hand_written_yaml_at_its_worst(tmp_path, capsys, text, code):
    p = tmp_path / "bad.yaml"
    p.write_text(text, encoding="utf-8")
    rc, out, _ = run(capsys, "check", str(p))
    assert rc == 1 and f"error {code}" in out and "bad.yaml:" in out


def test_a_50_megabyte_file_is_refused_quickly(tmp_path, capsys):
    p = tmp_path / "huge.yaml"
    with p.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    rc, out, _ = run(capsys, "check", str(p))
    assert rc == 1 and "E004" in out


# -- graph -----------------------------------------------------------------------------------------


def test_graph_mermaid_and_dot_show_states_and_moves():
    sc = load_scenario("hide-decoration-company")
    mermaid = diagram(sc, "mermaid")
    assert mermaid.splitlines()[3].startswith("stateDiagram")
    assert "gatekeeper --> stalling: ask_decision_maker" in mermaid
    assert "[*] --> gatekeeper" in mermaid
    dot = diagram(sc, "dot")
    assert dot.startswith("digraph") and "gatekeeper -> stalling" in dot
    for s in sc.persona.states:
        assert s.id in mermaid and s.id in dot


def test_graph_command(capsys):
    code, out, _ = run(capsys, "graph", "delay-hardware-dealer", "--format", "dot")
    assert code == 0 and out.startswith("digraph")
    code, _, err = run(capsys, "graph", "no-such-scenario")
    assert code == 1 and "E001" in err


# -- new -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("archetype", list(V.TACTICS))
def test_new_scenarios_are_valid_on_creation_and_balanced(tmp_path, capsys, archetype):
    out = tmp_path / f"n-{archetype}.yaml"
    code, _, _ = run(capsys, "new", f"n-{archetype}", "--archetype", archetype, "-o", str(out))
    assert code == 0
    code, _, err = run(capsys, "check", "--strict", str(out))
    assert code == 0, err
    assert balance(load_scenario(out), runs=4).balanced
    # and it will not overwrite without --force
    code, _, err = run(capsys, "new", f"n-{archetype}", "-o", str(out))
    assert code == 1 and "already exists" in err


def test_new_rejects_a_bad_id():
    with pytest.raises(ValueError):
        new_scenario("Bad Id", "delay")


# -- balance ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_bundled_scenario_is_balanced(path):
    r = balance(load_scenario(path), runs=6)
    assert r.balanced, r.warnings
    p, n, a = (r.tallies[k].mean_value for k in ("principled", "naive", "aggressive"))
    assert p > n and p > a


def test_balance_warns_when_principled_play_does_not_pay(folder, capsys):
    # a talk too short for anything but the first exchange: no strategy can win anything
    p = _scenario(folder, "short.yaml")
    p.write_text(p.read_text(encoding="utf-8").replace("max_turns: 30", "max_turns: 4"), encoding="utf-8")
    assert "max_turns: 4" in p.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "balance", str(p), "--runs", "4")
    assert code == 1 and "NOT balanced" in out and "warning:" in out


# -- scenario tests --------------------------------------------------------------------------------


def test_bundled_scenario_tests_pass(capsys):
    code, out, err = run(capsys, "test")
    assert code == 0, out
    files = list((bundled_dir() / "tests").glob("*.yaml"))
    assert {f.name.split(".")[0] for f in files} == {p.stem for p in BUNDLED}  # every scenario has some


def test_a_failing_expectation_gives_a_readable_diff(tmp_path, capsys):
    t = tmp_path / "x.test.yaml"
    t.write_text("scenario: delay-hardware-dealer\nlang: zh\nconversations:\n  - name: wrong on purpose\n    turns:\n"
                 "      - say: 您好周老板,九月两张送货单一共28600元。\n        expect: {state: committed, acts: [pay]}\n"
                 "    outcome: {status: paid}\n", encoding="utf-8")
    code, out, _ = run(capsys, "test", str(t))
    assert code == 1
    assert "FAIL" in out and "x.test.yaml:7:17: wrong on purpose" in out
    assert "expected state committed   got stalling" in out
    assert "expected acts ⊇ [pay]" in out and "the debtor said:" in out
    assert "expected status paid" in out


def test_a_bad_test_file_is_located(tmp_path, capsys):
    t = tmp_path / "x.test.yaml"
    t.write_text("scenario: delay-hardware-dealer\nconversation: []\n", encoding="utf-8")
    code, out, _ = run(capsys, "test", str(t))
    assert code == 1 and "x.test.yaml:2:1: error X003: unknown key `conversation`" in out


def test_record_then_run_passes(tmp_path, capsys):
    script = tmp_path / "r.txt"
    script.write_text("您好周老板,九月两张送货单一共28600元。\n……\n具体哪款卖不动?\n", encoding="utf-8")
    code, out, _ = run(capsys, "test", "--record", str(script), "--scenario", "delay-hardware-dealer")
    assert code == 0 and "conversations:" in out
    t = tmp_path / "r.test.yaml"
    t.write_text(out, encoding="utf-8")
    code, _, err = run(capsys, "test", str(t))
    assert code == 0 and "1 conversation(s) passed" in err
