"""Scenario files: located errors that say how to fix them, and the persona merge."""

import textwrap
from pathlib import Path

import pytest

from simulator.scenario.diagnostics import ScenarioError
from simulator.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "scenarios" / "delay-hardware-dealer.yaml").read_text(encoding="utf-8")


def write(tmp_path, text, name="s.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def errors_of(path):
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    return exc.value.diagnostics


def test_a_bundled_scenario_resolves_its_persona_chain():
    sc = load_scenario("delay-hardware-dealer")
    assert sc.persona.chain == ["base", "delay", "scenario"]
    assert sc.persona.tactics == ["delay"]
    assert sc.persona.initial == "stalling"
    # the scenario overrides opening lines but inherits the base's offers
    assert any("钢管" in (l.zh or "") or "{product}" in (l.zh or "") for l in sc.persona.lines["opening"])
    assert sc.persona.lines["offer"]


def test_a_missing_file_is_a_clear_error():
    (d,) = errors_of(Path("no/such/file.yaml"))
    assert d.code == "E001" and "not found" in d.message


def test_an_unknown_bundled_id_suggests_the_closest(tmp_path):
    (d,) = errors_of("delay-hardware-dealr")
    assert "delay-hardware-dealer" in (d.fix or "")


def test_yaml_syntax_errors_are_located(tmp_path):
    p = write(tmp_path, "id: x\ntitle: a\n\tcase: 1\n")
    (d,) = errors_of(p)
    assert (d.where.line, d.code) == (3, "E002")
    assert "tab" in d.message


def test_duplicate_keys_are_reported_with_both_lines(tmp_path):
    p = write(tmp_path, GOOD.replace("difficulty: 1", "difficulty: 1\ndifficulty: 2"))
    (d,) = errors_of(p)
    assert d.code == "E003" and "first given at line" in d.message


def test_an_unknown_move_says_did_you_mean(tmp_path):
    text = GOOD.replace("  extends: delay\n", "  extends: delay\n  effects:\n    refuse_ofer: {pressure: 3}\n")
    p = write(tmp_path, text)
    ds = errors_of(p)
    d = next(d for d in ds if "refuse_ofer" in d.message)
    assert d.code == "E020" and "refuse_offer" in d.fix
    assert d.where.file.endswith("s.yaml") and d.where.line == text.splitlines().index("    refuse_ofer: {pressure: 3}") + 1


def test_a_missing_field_is_named(tmp_path):
    text = GOOD.replace("  debtor_company: {zh: 老周五金店, en: Zhou's Hardware}\n", "")
    ds = errors_of(write(tmp_path, text))
    assert any(d.code == "E010" and "debtor_company" in d.message for d in ds)


def test_a_comma_inside_braces_is_explained(tmp_path):
    text = GOOD.replace("{zh: 合作三年的老经销商，以前付款还算准时。", "{zh: 合作三年的老经销商,以前付款还算准时。")
    ds = errors_of(write(tmp_path, text))
    assert any(d.code == "E011" and "comma" in d.message for d in ds)


def test_an_undefined_template_field_is_an_error(tmp_path):
    text = GOOD.replace("又是为钢管那点钱吧?", "又是为{prodcut}那点钱吧?")
    ds = errors_of(write(tmp_path, text))
    d = next(d for d in ds if d.code == "E024")
    assert "prodcut" in d.message and "product" in d.fix


def test_a_line_missing_a_declared_language_is_an_error(tmp_path):
    text = GOOD.replace("        en: Ah, it's you. The shop's busy right now, what is it?\n", "")
    ds = errors_of(write(tmp_path, text))
    assert any(d.code == "E025" and "`en`" in d.message for d in ds)


def test_an_unknown_persona_and_a_cycle_are_errors(tmp_path):
    ds = errors_of(write(tmp_path, GOOD.replace("extends: delay", "extends: dealy")))
    assert any(d.code == "E021" and "delay" in (d.fix or "") for d in ds)
    personas = tmp_path / "personas"
    personas.mkdir()
    (personas / "a.yaml").write_text("id: a\nextends: b\n", encoding="utf-8")
    (personas / "b.yaml").write_text("id: b\nextends: a\n", encoding="utf-8")
    ds = errors_of(write(tmp_path, GOOD.replace("extends: delay", "extends: a")))
    assert any(d.code == "E021" and "cycle" in d.message for d in ds)


def test_a_transition_to_a_missing_state_is_an_error(tmp_path):
    text = GOOD.replace("  extends: delay\n", "  extends: delay\n  transitions:\n    - {moves: probe, from: stalling, to: offerring}\n")
    ds = errors_of(write(tmp_path, text))
    d = next(d for d in ds if d.code == "E022")
    assert "offerring" in d.message and "offering" in d.fix


def test_a_bad_condition_is_an_error(tmp_path):
    text = GOOD.replace("  extends: delay\n", "  extends: delay\n  transitions:\n    - {moves: probe, from: stalling, to: offering, when: [\"presure > 3\"]}\n")
    ds = errors_of(write(tmp_path, text))
    assert any(d.code == "E020" and "presure" in d.message for d in ds)


def test_best_terms_below_the_first_offer_are_an_error(tmp_path):
    text = GOOD.replace("best_terms: {pay_now: 10000, amount: 18600, days: 4}", "best_terms: {pay_now: 0, amount: 5000, days: 4}")
    ds = errors_of(write(tmp_path, text))
    assert any(d.code == "E012" and "best_terms" in d.message for d in ds)


def test_an_alias_bomb_is_stopped(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    ds = errors_of(write(tmp_path, bomb))
    assert ds[0].code == "E004"


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "big.yaml"
    with p.open("wb") as f:
        f.seek(3 * 1024 * 1024)
        f.write(b"\n")
    (d,) = errors_of(p)
    assert d.code == "E004"


def test_a_scenario_adds_its_own_lexicon(tmp_path):
    from simulator.session.session import Session
    from helpers import TODAY

    text = GOOD + "lexicon:\n  collector:\n    zh:\n      probe: ['DN(?:25|32).{0,6}(?:卖|走)']\n"
    sc = load_scenario(write(tmp_path, text))
    s = Session(sc, lang="zh", seed=1, today=TODAY)
    s.start()
    collector = s.reply("DN32那批卖得怎样")[0]
    assert "probe" in collector.labels
    assert any(e["rule"].startswith("delay-hardware-dealer.lexicon") for e in collector.evidence)


def test_the_decider_is_recognised_by_name():
    from simulator.session.session import Session
    from helpers import TODAY

    s = Session(load_scenario("hide-decoration-company"), lang="en", seed=1, today=TODAY)
    s.start()
    assert "ask_decision_maker" in s.reply("Could you get me Mr. Zheng?")[0].labels


def test_a_bad_lexicon_pattern_is_located(tmp_path):
    text = GOOD + "lexicon:\n  collector:\n    zh:\n      probe: ['DN(25']\n      prob: ['x']\n"
    ds = errors_of(write(tmp_path, text))
    bad = next(d for d in ds if d.code == "E014")
    assert bad.where.line == len(GOOD.splitlines()) + 4
    assert any(d.code == "E020" and "probe" in (d.fix or "") for d in ds)


def test_an_unbounded_lexicon_pattern_is_refused_with_a_bounded_fix(tmp_path):
    text = GOOD + "lexicon:\n  collector:\n    zh:\n      probe: ['DN\\d+卖']\n"
    d = next(d for d in errors_of(write(tmp_path, text)) if d.code == "E015")
    assert "DN\\d{1,12}卖" in d.fix


def test_a_numbered_group_reference_is_refused_with_a_named_fix(tmp_path):
    text = GOOD + "lexicon:\n  debtor:\n    zh:\n      ask_concession: ['([0-9]万)就\\1']\n"
    d = next(d for d in errors_of(write(tmp_path, text)) if d.code == "E014")
    assert d.where.line == len(GOOD.splitlines()) + 4
    assert "(?P=n)" in d.fix


def test_a_broken_persona_file_is_located_in_that_file(tmp_path):
    personas = tmp_path / "personas"
    personas.mkdir()
    (personas / "delay.yaml").write_text("id: delay\nextends: base\n\ttactics: [delay]\n", encoding="utf-8")
    ds = errors_of(write(tmp_path, GOOD))
    assert any(d.code == "E002" and d.where.file.endswith("delay.yaml") and d.where.line == 3 for d in ds)


def test_an_edited_persona_file_is_read_again(tmp_path):
    personas = tmp_path / "personas"
    personas.mkdir()
    part = personas / "delay.yaml"
    part.write_text("id: delay\nextends: delay-base\n", encoding="utf-8")
    (personas / "delay-base.yaml").write_text((ROOT / "scenarios" / "personas" / "delay.yaml").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    assert load_scenario(write(tmp_path, GOOD)).persona.traits["temper"] == 0.2  # the scenario's own trait
    part.write_text("id: delay\nextends: delay-base\ntactics: [delay, deflect]\n", encoding="utf-8")
    assert load_scenario(tmp_path / "s.yaml").persona.tactics == ["delay", "deflect"]
