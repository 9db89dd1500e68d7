"""The command line as users and scripts use it: contracts, exit codes, no tracebacks."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "您好周老板,九月两张单子一共28600。\n具体哪款卖不动?\n……\n不行,月底太晚,我们要还银行贷款。\n……\n那你给个准话,哪天付多少?\n好,谢谢,再见。\n"


def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def script(tmp_path):
    p = tmp_path / "script.txt"
    p.write_text(SCRIPT, encoding="utf-8")
    return p


def test_list_json_follows_the_contract(capsys):
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    entries = json.loads(out)
    assert entries and all({"id", "title", "path", "tactics", "difficulty", "languages", "debt"} <= set(e) for e in entries)
    e = next(e for e in entries if e["id"] == "delay-hardware-dealer")
    assert e["debt"] == {"amount": 28600, "currency": "CNY"} and e["tactics"] == ["delay"]


def test_run_prints_transcript_and_outcome(capsys, script):
    code, out, _ = run(capsys, "run", "delay-hardware-dealer", "--script", str(script), "--seed", "7", "--today", "2026-11-23")
    assert code == 0
    assert "周老板" in out and "结果" in out


def test_run_json_is_the_session_result(capsys, script):
    code, out, _ = run(capsys, "run", "delay-hardware-dealer", "--script", str(script), "--seed", "7",
                       "--today", "2026-11-23", "--json", "--lang", "en")
    result = json.loads(out)
    assert result["scenario"] == "delay-hardware-dealer" and result["seed"] == 7 and result["language"] == "en"
    assert result["turns"][0]["speaker"] == "debtor" and "acts" in result["turns"][0] and "state" in result["turns"][0]
    collector = [t for t in result["turns"] if t["speaker"] == "collector"]
    assert all({"moves", "amount", "date"} <= set(t) for t in collector)
    assert result["outcome"]["status"] in ("paid", "committed", "partial", "stalemate", "broken_off")
    assert set(result["outcome"]) >= {"status", "paid", "commitment", "reliability", "rapport", "compliance"}


def test_same_seed_same_session_different_seed_may_differ(capsys, script):
    argv = ["run", "delay-hardware-dealer", "--script", str(script), "--today", "2026-11-23", "--json"]
    outs = [run(capsys, *argv, "--seed", s)[1] for s in ("3", "3", "4", "5", "6")]
    assert outs[0] == outs[1]
    assert len(set(outs[2:] + outs[:1])) > 1


def test_a_missing_script_exits_1_with_a_message(capsys):
    code, out, err = run(capsys, "run", "delay-hardware-dealer", "--script", "nope.txt")
    assert code == 1 and "nope.txt" in err and "not found" in err and "Traceback" not in err


def test_a_broken_scenario_exits_1_with_a_located_message(capsys, tmp_path, script):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: [unclosed\n", encoding="utf-8")
    code, _, err = run(capsys, "run", str(bad), "--script", str(script))
    assert code == 1 and f"{bad}:" in err and "E002" in err


def test_an_unknown_scenario_id_exits_1(capsys, script):
    code, _, err = run(capsys, "run", "no-such-scenario", "--script", str(script))
    assert code == 1 and "no-such-scenario" in err


def test_a_script_of_odd_text_still_plays(capsys, tmp_path):
    p = tmp_path / "odd.txt"
    p.write_text("\n".join(["", "# comment", "……", "x" * 10000, "😀🔥💰", "\x00\x07\x1b[31m红\x1b[0m", "/silence",
                            "請問王總哪天回來?", "   "]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "run", "delay-hardware-dealer", "--script", str(p), "--json")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert [t["moves"] for t in result["turns"] if t["speaker"] == "collector"][0] == ["silence"]


def test_a_script_that_is_not_utf8_is_refused(capsys, tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes("周五前付一万".encode("gbk"))
    code, _, err = run(capsys, "run", "delay-hardware-dealer", "--script", str(p))
    assert code == 1 and "UTF-8" in err


def test_check_reports_every_file_despite_a_broken_one(capsys, tmp_path):
    good = (ROOT / "scenarios" / "delay-hardware-dealer.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text("id: a\n\tbroken: yes\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(good.replace("refuse", "refuse").replace("extends: delay", "extends: dealy"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(good, encoding="utf-8")
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert "a.yaml:2:1: error E002" in out and "b.yaml:" in out and "E021" in out
    assert "c.yaml" not in out and "3 file(s) checked: 2 error(s)" in err


def test_check_passes_on_the_bundled_scenarios(capsys):
    code, out, err = run(capsys, "check")
    assert code == 0, out
    assert " 0 error(s)" in err


def test_understand_one_json_line_per_input_line(capsys, monkeypatch):
    lines = "不行,我们月底要给工人发工资,周五之前先付一万二\n\n那行吧,年后再说\n"
    code, out, _ = run(capsys, "understand", "--today", "2026-11-23", stdin=lines, monkeypatch=monkeypatch)
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and len(rows) == 3
    assert set(rows[0]["moves"]) >= {"refuse_offer", "give_reason", "counter_offer"}
    assert rows[0]["amount"] == 12000 and rows[0]["date"] == "2026-11-27"
    assert rows[1]["moves"] == ["silence"]
    assert rows[2]["moves"] == ["concede"]


def test_understand_one_text_shows_the_evidence_and_what_was_set_aside(capsys):
    code, out, _ = run(capsys, "understand", "--today", "2026-11-23", "我们公司规定超过九十天的账就要转法务")
    assert code == 0
    assert out.startswith("moves: lawful_pressure\n")
    assert "lawful_pressure: 「法务」" in out
    aside = out.split("set aside:\n", 1)[1]
    assert aside.startswith("  give_reason: 「公司规定」 (collector.zh.yaml:give_reason#") and "announces" in aside


def test_a_bad_today_is_a_usage_error(capsys, script):
    with pytest.raises(SystemExit) as exc:
        main(["run", "delay-hardware-dealer", "--script", str(script), "--today", "23/11/2026"])
    assert exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_help_does_not_import_textual():
    code = ("import sys\nfrom simulator.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "assert 'textual' not in sys.modules, 'textual imported'\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "cuikuan" in r.stdout


def test_python_dash_m_works():
    r = subprocess.run([sys.executable, "-m", "simulator", "list", "--json"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and json.loads(r.stdout)


def test_schema_is_json_schema(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["type"] == "object" and "case" in schema["properties"] and "persona" in schema["properties"]


def test_the_committed_schema_matches_the_models(capsys):
    """Editors read simulator/scenario/schema.json through the modeline; it must not go stale."""
    run(capsys, "schema")
    from simulator.scenario.schema import persona_schema, scenario_schema
    folder = ROOT / "simulator" / "scenario"
    assert json.loads((folder / "schema.json").read_text(encoding="utf-8")) == scenario_schema(), \
        "regenerate: cuikuan schema > simulator/scenario/schema.json"
    assert json.loads((folder / "persona.schema.json").read_text(encoding="utf-8")) == persona_schema(), \
        "regenerate: cuikuan schema --persona > simulator/scenario/persona.schema.json"


def test_bundled_files_carry_the_schema_modeline():
    for p in (ROOT / "scenarios").glob("*.yaml"):
        assert "yaml-language-server: $schema=../simulator/scenario/schema.json" in p.read_text(encoding="utf-8"), p
    for p in (ROOT / "scenarios" / "personas").glob("*.yaml"):
        assert "yaml-language-server: $schema=../../simulator/scenario/persona.schema.json" in p.read_text(encoding="utf-8"), p


def test_a_language_the_scenario_lacks_exits_1(capsys, tmp_path, script):
    zh_only = tmp_path / "zh.yaml"
    text = (ROOT / "scenarios" / "delay-hardware-dealer.yaml").read_text(encoding="utf-8")
    zh_only.write_text(text.replace("languages: [zh, en]", "languages: [zh]"), encoding="utf-8")
    code, _, err = run(capsys, "run", str(zh_only), "--script", str(script), "--lang", "en")
    assert code == 1 and "not playable in `en`" in err and "Traceback" not in err


def test_options_without_a_command_are_plays(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n/end\n"))
    code = main(["--lang", "en", "--silence-after", "0", "--plain", "--seed", "1"])
    assert code == 0
    assert "Pick a scenario" in capsys.readouterr().out
