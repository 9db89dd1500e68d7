"""Scoring and the debrief: transcripts in, verdicts, outcome, score and four debrief forms out."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from simulator import vocabulary as V
from simulator.debrief import render, strings
from simulator.scenario.diagnostics import ScenarioError
from simulator.scenario.loader import load_scenario
from simulator.scoring import Coach, assess, assess_session, parse_transcript
from simulator.scoring.transcript import from_session
from simulator.session.session import Session
from simulator.text import width
from simulator.cli import main

TODAY = dt.date(2026, 11, 23)

GOOD_ZH = """\
language: zh
debt: {amount: 28600, currency: CNY}
turns:
  - debtor: 喂?又是为那点钱吧,最近生意太差了,下个月再说。
  - collector: 周老板,九月两张送货单一共28600元,您都签了字的。
  - debtor: 货卖不动啊,你再等等。
  - collector: 具体是哪一款卖不动?上周工地那单不是刚做完吗?
  - debtor: 那……月底先付一万吧。
  - collector: ……
  - debtor: 好吧,今天先付一万,剩下的12月15号之前付清。
  - collector: 行,那就说定了,今天一万,剩下一万八千六12月15号前到账,谢谢您,再见。
"""

THREAT_EN = """\
language: en
turns:
  - debtor: I told you, business is slow. Call me next month.
  - collector: If you don't pay by Friday I'll make sure everyone at your kids' school knows what a deadbeat you are.
  - debtor: Are you threatening me?
  - collector: Pay up or you'll regret it.
"""


def _assess(text: str, name: str = "t.yaml"):
    return assess(parse_transcript(text, name, TODAY))


# -- reading transcripts -----------------------------------------------------------------------


@pytest.mark.parametrize("text, code, where", [
    ("language: zh\n", "T010", "t.yaml:1:1"),
    ("turns: []\n", "T015", "t.yaml:1:8"),
    ("turns:\n  - debter: 你好\n", "T013", "t.yaml:2:5"),
    ("turns:\n  - debtor: 你好\n    collector: 好\n", "T012", "t.yaml:2:5"),
    ("turns:\n  - collector: [1, 2]\n", "T014", "t.yaml:2:16"),
    ("today: 2026-13-01\nturns:\n  - debtor: 你好\n", "T002", "t.yaml:1:8"),
    ("today: soon\nturns:\n  - debtor: 你好\n", "T018", "t.yaml:1:8"),
    ("turn:\n  - debtor: 你好\n", "T020", "t.yaml:1:1"),
    ("debt: lots\nturns:\n  - debtor: 你好\n", "T019", "t.yaml:1:7"),
    ("turns:\n\t- debtor: 你好\n", "T002", "t.yaml:2:1"),
])
def test_bad_transcripts_are_located(text, code, where):
    with pytest.raises(ScenarioError) as exc:
        parse_transcript(text, "t.yaml", TODAY)
    d = exc.value.diagnostics[0]
    assert d.code == code
    assert str(d.where) == where


def test_unknown_speaker_suggests_the_right_one():
    with pytest.raises(ScenarioError) as exc:
        parse_transcript("turns:\n  - colector: 你好\n", "t.yaml", TODAY)
    assert "did you mean `collector`" in str(exc.value)


def test_plain_text_with_chinese_prefixes_and_full_width_colons():
    t = parse_transcript("债务人\uff1a老板不在。\n催款人: 请问老板哪天回来?\ncollector: ……\n", "t.txt", TODAY)
    assert [l.speaker for l in t.lines] == ["debtor", "collector", "collector"]
    assert t.lines[2].labels == ["silence"]
    assert t.language == "zh"


def test_json_transcripts_and_their_syntax_errors():
    t = parse_transcript(json.dumps({"language": "en", "turns": [{"debtor": "Call me next week."},
                                                                  {"collector": "Which day next week?"}]}), "t.json", TODAY)
    assert t.language == "en" and len(t.lines) == 2
    with pytest.raises(ScenarioError) as exc:
        parse_transcript('{"turns": [\n  {"debtor": "x"},,\n]}', "t.json", TODAY)
    assert str(exc.value.diagnostics[0].where) == "t.json:2:19"


def test_five_thousand_turns_score_without_trouble():
    body = "".join("  - debtor: 下个月再说吧。\n  - collector: 不行,月底我们要还贷款,请今天先付一半。\n" for _ in range(2500))
    a = _assess("turns:\n" + body)
    assert len(a.lines) == 5000
    assert a.findings["reason_when_refusing"].verdict == "followed"
    assert 0 <= a.score <= 100


# -- verdicts, outcome, score ------------------------------------------------------------------


def test_a_good_conversation_scores_well_with_evidence():
    a = _assess(GOOD_ZH)
    f = a.findings
    assert f["confirm_amount"].verdict == "followed" and f["confirm_amount"].turns == [2]
    assert f["probe_excuses"].verdict == "followed" and 4 in f["probe_excuses"].turns
    assert f["refuse_first_offer"].verdict == "followed" and f["refuse_first_offer"].turns == [6]
    assert f["strategic_silence"].verdict == "followed"
    assert f["compliance"].verdict == "followed"
    assert a.outcome.status == "committed"
    assert a.outcome.paid == 10000
    assert a.outcome.commitment == {"amount": 18600, "date": "2026-12-15"}
    assert a.score >= 70
    assert all(f.note for f in a.findings.values())


def test_compliance_fails_the_session_and_caps_the_score():
    a = _assess(THREAT_EN)
    assert a.findings["compliance"].verdict == "violated"
    assert a.findings["compliance"].turns == [2, 4]
    assert not a.outcome.compliance
    assert a.score <= 40
    # compliance findings come first in every form
    md = render(a, "md")
    assert md.index("Compliance findings") < md.index("Scorecard")
    text = render(a, "text", width=100)
    assert text.index("Compliance findings") < text.index("Scorecard")
    page = render(a, "html")
    assert page.index("Compliance findings") < page.index("Scorecard")


def test_the_score_is_capped_only_by_compliance():
    clean = _assess(GOOD_ZH)
    assert clean.score > 40
    threat = _assess(GOOD_ZH.replace("具体是哪一款卖不动?上周工地那单不是刚做完吗?", "再不还钱我就去你家找你老婆孩子说道说道。"))
    assert threat.findings["compliance"].verdict == "violated"
    assert threat.score <= 40 < clean.score


# -- the debrief -------------------------------------------------------------------------------


HOSTILE_TEXT = '<script>alert("x")</script><img src=x onerror=alert(1)> & | * _ `'


def test_user_text_is_escaped_in_html_and_markdown():
    text = f"turns:\n  - debtor: '{HOSTILE_TEXT}'\n  - collector: '{HOSTILE_TEXT} 不行,今天必须付。'\n"
    a = _assess(text)
    page = render(a, "html")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    assert not re.search(r"https?://", page), "the page must not load anything from the network"
    md = render(a, "md")
    assert "<script>" not in md and "<img" not in md


def test_json_is_the_contract_session_result():
    a = _assess(GOOD_ZH)
    data = json.loads(render(a, "json"))
    assert set(data["principles"]) == set(V.PRINCIPLES)
    assert all(p["verdict"] in V.VERDICTS and isinstance(p["turns"], list) and p["note"] for p in data["principles"].values())
    assert set(data["outcome"]) >= {"status", "paid", "commitment", "reliability", "rapport", "compliance"}
    assert data["outcome"]["status"] in V.OUTCOME_STATUSES
    assert data["scenario"] is None and data["seed"] is None
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100
    first = data["turns"][0]
    assert set(first) == {"n", "speaker", "text", "acts"}
    assert first["n"] == 1 and first["speaker"] == "debtor" and "delay" in first["acts"]
    assert "moves" in data["turns"][1]


@pytest.mark.parametrize("cols", [60, 80, 120])
def test_terminal_text_fits_its_width(cols):
    a = _assess(GOOD_ZH)
    out = render(a, "text", width=cols)
    assert max(width(line) for line in out.splitlines()) <= cols
    assert "三个关键时刻" in out and "接下来练什么" in out


def test_key_moments_quote_what_was_said_and_offer_a_better_line():
    a = _assess(THREAT_EN)
    assert 1 <= len(a.moments) <= 3
    first = a.moments[0]
    assert first.principle == "compliance" and first.turn == 2
    assert "kids' school" in first.said
    assert first.better and first.caused == "Are you threatening me?"


def test_better_lines_name_the_case_when_it_is_known():
    from simulator.scoring.assess import better_line, texts

    known = {"debt": "58,400 HKD", "half": "29,200 HKD", "name": "孫經理", "decider": "郑总", "overdue_days": "50"}
    assert better_line("conditional_concessions", "zh", known) == "违约金可以不算——前提是今天把协议签了，周五前先付29,200 HKD。"
    assert better_line("find_decision_maker", "en", known).startswith("Who signs off the payment, then? When is 郑总 in?")
    # the first line whose facts the case has: with no days overdue, the figure alone
    no_days = {k: v for k, v in known.items() if k != "overdue_days"}
    assert better_line("confirm_amount", "en", known) == "Let me confirm the figure first: 58,400 HKD in total, 50 days overdue."
    assert better_line("confirm_amount", "en", no_days).endswith("Does that match your books?")
    # a transcript that gives no debt gets the fixed example, never a "{debt}" left in
    for principle in texts():
        for lang in ("zh", "en"):
            line = better_line(principle, lang, {})
            assert line == texts()[principle]["better"][lang] and "{" not in line


def test_a_session_debrief_names_its_own_debt_and_people():
    sc = load_scenario("deflect-new-management")
    s = Session(sc, "zh", 1, TODAY)
    s.start()
    for line in ["孙经理您好,不好意思打扰了", "那行吧,下个月也可以。", "那行吧,下个月也可以。"]:
        s.reply(line)
    t = from_session(s)
    assert t.facts["name"] == "孙经理" and t.facts["overdue_days"] == "50"
    betters = [m.better for m in assess_session(s).moments if m.better]
    assert any("5.84万" in b or "50天" in b for b in betters)  # this case's debt and days overdue
    assert not any("28,600" in b or "两万八" in b or "王总" in b for b in betters)  # not the example's


def test_what_to_practise_next_names_a_scenario():
    a = _assess(THREAT_EN)
    assert a.practise and a.practise[0]["principle"] == "compliance"
    assert a.practise[0]["scenario"] == "mixed-abusive-contractor"


def test_the_html_chart_has_both_series():
    page = render(_assess(GOOD_ZH), "html")
    assert page.count("<polyline") == 2
    assert strings("zh")["estimated"] in page  # a transcript's meters are estimated, and the page says so


# -- live sessions and feedback ----------------------------------------------------------------


def test_run_json_carries_principles_and_score(tmp_path, capsys):
    script = tmp_path / "s.txt"
    script.write_text("您好,九月两张送货单一共28600元。\n……\n不行,月底太晚了,我们要还银行贷款。\n", encoding="utf-8")
    code = main(["run", "delay-hardware-dealer", "--script", str(script), "--json", "--today", "2026-11-23"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert set(data["principles"]) == set(V.PRINCIPLES)
    assert isinstance(data["score"], int)
    assert data["scenario"] == "delay-hardware-dealer" and data["seed"] == 0


def test_live_feedback_flags_accepting_the_first_offer_at_once():
    sc = load_scenario("delay-hardware-dealer")
    s = Session(sc, "zh", seed=3, today=TODAY)
    coach = Coach.for_session(s)
    s.start()
    hints = []
    for _ in range(12):
        s.act(["silence"])
        if any("offer" in t.labels for t in s.turns if t.speaker == "debtor"):
            break
    s.act(["accept_offer"])
    hints = coach.update(from_session(s).lines)
    assert any(h.principle == "refuse_first_offer" and h.verdict == "violated" for h in hints)
    # nothing new happened: no hint repeats
    assert not [h for h in coach.update(from_session(s).lines) if h.principle == "refuse_first_offer"]


def test_live_feedback_never_reports_missed_before_the_end():
    sc = load_scenario("delay-hardware-dealer")
    s = Session(sc, "zh", seed=1, today=TODAY)
    coach = Coach.for_session(s)
    s.start()
    for _ in range(4):
        s.act(["greet"])
        for h in coach.update(from_session(s).lines):
            assert h.verdict != "missed" or h.principle == "refuse_first_offer"


def test_a_session_is_scored_with_the_personas_outcome():
    sc = load_scenario("delay-hardware-dealer")
    s = Session(sc, "en", seed=2, today=TODAY)
    s.start()
    s.act(["threaten"])
    s.end()
    a = assess_session(s)
    assert a.outcome.compliance is False and a.score <= 40
    assert a.findings["gradual_pressure"].verdict == "violated"  # opened with the harshest move
    assert not a.series_estimated and a.series["pressure"]


# -- the command ---------------------------------------------------------------------------------


def test_score_command_formats_and_output_file(tmp_path, capsys):
    src = tmp_path / "call.yaml"
    src.write_text(GOOD_ZH, encoding="utf-8")
    assert main(["score", str(src), "--today", "2026-11-23", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outcome"]["status"] == "committed"
    out = tmp_path / "call.html"
    assert main(["score", str(src), "--format", "html", "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["score", str(src), "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("# ")


@pytest.mark.parametrize("content", ["turns:\n  - boss: 你好\n", "", "\xff\xfe garbage", "turns: 3\n"])
def test_score_command_rejects_bad_files_without_a_traceback(tmp_path, capsys, content):
    src = tmp_path / "bad.yaml"
    src.write_bytes(content.encode("latin-1") if "\xff" in content else content.encode("utf-8"))
    assert main(["score", str(src)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:" in err and "Traceback" not in err


def test_score_command_missing_file(capsys):
    assert main(["score", "no/such/file.yaml"]) == 1
    assert "T001" in capsys.readouterr().err


@pytest.mark.parametrize("text, paid, commitment", [
    ("debt: {amount: 28000, currency: CNY}\nturns:\n"
     "  - debtor: 这个月实在紧,下个月再说吧。\n"
     "  - collector: 下个月不行。今天先转一万,剩下一万八11月30号之前付清。\n"
     "  - debtor: 行行行,就这么办,我现在就转。\n",
     10000, {"amount": 18000, "date": "2026-11-30"}),
    ("debt: {amount: 9000, currency: USD}\nturns:\n"
     "  - debtor: Things are tight, can we talk next month?\n"
     "  - collector: Next month doesn't work. 3,000 today and the remaining 6,000 by December 4.\n"
     "  - debtor: Fine. Deal.\n",
     3000, {"amount": 6000, "date": "2026-12-04"}),
])
def test_a_yes_to_the_collectors_dated_terms_is_a_commitment(text, paid, commitment):
    a = _assess(text)
    assert a.outcome.status == "committed"
    assert a.outcome.paid == paid and a.outcome.commitment == commitment


def test_a_yes_to_terms_without_a_date_commits_nothing():
    a = _assess("debt: {amount: 9000, currency: USD}\nturns:\n"
                "  - debtor: Things are tight.\n"
                "  - collector: I need you to pay something.\n"
                "  - debtor: Fine.\n")
    assert a.outcome.status == "stalemate"


def test_a_weak_model_reading_of_hiding_does_not_open_the_decision_maker_question():
    # "你下个月再来吧" said by the boss himself was read as hiding at p=0.41 (tuning transcript a01)
    from simulator.scoring.principles import firmly
    from simulator.session.turn import Line

    def hide(rule):
        return Line(1, "debtor", "…", ["hide", "delay"], evidence=[{"label": "hide", "phrase": "再来", "rule": rule}])
    assert not firmly(hide("model:debtor p=0.41"), "hide")
    assert firmly(hide("model:debtor p=0.83"), "hide")
    assert firmly(hide("debtor.zh.yaml:hide#2"), "hide")
    assert not firmly(hide("debtor.zh.yaml:hide#2"), "refuse")


def test_a_yes_restating_the_rest_agrees_the_part_due_now_too():
    a = _assess("debt: {amount: 238500, currency: CNY}\nturns:\n"
                "  - debtor: 今天账上最多5万。\n"
                "  - collector: 那今天先转5万,剩下188,500,12月15号前付清,您写个还款承诺。\n"
                "  - debtor: 行行行,我服了你了。12月15号,188,500,承诺书我签。\n"
                "  - collector: 好,您现在先转5万。\n"
                "  - debtor: 转了,你看。\n"
                "  - collector: 收到了,5万到账。谢谢黄总。\n"
                "  - debtor: 嗯。哎小周,最近钢价怎么样?我听说又要涨?\n")   # small talk undoes nothing
    assert a.outcome.status == "committed"
    assert a.outcome.paid == 50000 and a.outcome.commitment == {"amount": 188500, "date": "2026-12-15"}


@pytest.mark.parametrize("said, status", [
    ("Received, HKD 96,000, reference 2024-117. Thank you Daniel.", "paid"),
    ("已经发了。款到了我给您回执。", "stalemate"),                 # when it comes: no receipt yet
    ("We still haven't received the payment.", "stalemate"),
    ("Let me check... yes, I see it, 96,000 received this morning. Thanks.", "paid"),
    ("Received, thank you. I will confirm when the 96,000 arrives.", "stalemate"),  # the signed plan came, not the money
])
def test_the_collector_confirming_receipt_is_a_payment(said, status):
    a = _assess("debt: {amount: 96000, currency: HKD}\nturns:\n"
                "  - debtor: Ugh. Fine. Helen! can you do a transfer, what's the account\n"
                "  - collector: HSBC, the account on the invoice.\n"
                "  - debtor: She's doing it... there.\n"
                f"  - collector: {said}\n")
    assert a.outcome.status == status


def test_a_receipt_of_the_sum_just_paid_is_not_a_second_payment():
    a = _assess("debt: {amount: 54800, currency: CNY}\nturns:\n"
                "  - debtor: 少跟我来这套。一群废物!\n"
                "  - collector: 何总,请您说话注意一点。\n"
                "  - debtor: 就一半,两万七千四,现在就能转,爱要不要。\n"
                "  - collector: ……\n"
                "  - debtor: 你不说话我也就这么多。转了啊。\n"
                "  - collector: 那剩下的两万七千四,您给个准确日期。\n"
                "  - debtor: 等赔付下来再说呗。到了没有?你看看。\n"
                "  - collector: 到了,两万七千四收到了。那行,剩下的下个月再说吧。先这样,谢谢何总。\n"
                "  - debtor: 嗯。挂了。\n")   # hanging up after the goodbye is no anger
    assert a.outcome.paid == 27400 and a.outcome.status == "partial"


def test_the_collectors_restated_plan_spells_out_the_debtors_promise():
    a = _assess("debt: {amount: 23800, currency: EUR}\nturns:\n"
                "  - collector: No. Wednesday is twelve and the balance by the 15th.\n"
                "  - debtor: Right. Right. Twelve thousand Wednesday, eleven-eight by the fifteenth of December.\n"
                "  - collector: Thanks Declan. I'll email it within the hour, 12,000 on the 25th and 11,800 on the "
                "15th of December. Talk soon.\n")
    assert a.outcome.status == "committed"
    assert a.outcome.commitment == {"amount": 23800, "date": "2026-12-15"}


def test_a_promise_with_no_sum_on_a_day_agreed_restates_the_terms():
    a = _assess("debt: {amount: 44000, currency: CNY}\nturns:\n"
                "  - debtor: 唉你这人。行行行,今天下午先打两万,剩下那两万四这个礼拜五之前,肯定给你结掉。\n"
                "  - collector: ……\n"
                "  - debtor: 就这样啊,下午三点前你查账。挂了。\n")
    assert a.outcome.status == "committed"
    assert a.outcome.paid == 20000 and a.outcome.commitment == {"amount": 24000, "date": "2026-11-27"}


def test_a_sum_far_beyond_the_debt_read_only_by_the_model_is_no_first_offer():
    a = _assess("debt: {amount: 420000, currency: TWD}\nturns:\n"
                "  - collector: 全聯月底撥多少?是三十號嗎?\n"
                "  - debtor: 差不多……一百多萬吧,三十號前後。\n"
                "  - collector: 那月底您帳上就有一百多萬進來。這四十二萬,您打算怎麼處理?\n"
                "  - debtor: 這樣啦,我先給一半,剩下的過完年再說。\n"
                "  - collector: 不行。過完年太久了,今天先匯二十萬,剩下二十二萬十二月七號前付清。\n")
    v = a.findings["refuse_first_offer"]
    assert v.verdict == "followed" and list(v.turns) == [5]


@pytest.mark.parametrize("last, status", [
    ("Right, that's it. Out. We're done.", "broken_off"),
    ("Fine, I'll think about it.", "stalemate"),
])
def test_walking_out_after_a_threat_breaks_the_talk_off(last, status):
    a = _assess("debt: {amount: 14300, currency: NZD}\nturns:\n"
                "  - debtor: I'm not paying you a cent.\n"
                "  - collector: Fine. But don't say you weren't warned, mate. I know where you live.\n"
                f"  - debtor: {last}\n")
    assert a.outcome.status == status


def test_bare_figures_in_a_transcript_are_read_against_its_debt():
    a = _assess("debt: {amount: 46800, currency: USD}\nturns:\n"
                "  - debtor: Cash is tight. I can do 10 now, the rest in January.\n"
                "  - collector: I can't accept January. 25 today and 21,800 by Wednesday the 3rd.\n"
                "  - debtor: 25 today is too much. 20.\n"
                "  - collector: If it's 20 today, then the balance of 26,800 by Wednesday the 3rd.\n"
                "  - debtor: ok ok. 20 today, 26,800 on the 3rd.\n")
    assert a.outcome.status == "committed"
    assert a.outcome.commitment == {"amount": 26800, "date": "2026-12-03"}


def test_someone_else_approving_the_payment_opens_the_decision_maker_question():
    a = _assess("debt: {amount: 24600, currency: USD}\nturns:\n"
                "  - collector: The invoice is USD 24,600, 54 days overdue.\n"
                "  - debtor: 新的財務總監是何詠詩女士，付款都要她批。\n"
                "  - collector: 那您先付一半,今天。\n")
    assert a.findings["find_decision_maker"].verdict == "violated"


def test_paying_at_once_offers_nothing_to_pin():
    # GUIDELINES: pin_commitment is not_applicable when "the debtor never offered"; a payment made
    # without an offer first is no offer (tuning transcript h11).
    a = _assess("debt: {amount: 12000, currency: TWD}\nturns:\n"
                "  - collector: 林先生您好,招牌製作的尾款12,000元,請問這週可以安排嗎?\n"
                "  - debtor: 啊抱歉忘了,我現在就轉,轉好了,你查一下。\n"
                "  - collector: 收到了,謝謝林先生!\n")
    assert a.outcome.status == "paid"
    assert a.findings["pin_commitment"].verdict == "not_applicable"


def test_asking_to_move_a_date_does_not_undo_the_deal():
    a = _assess("debt: {amount: 184000, currency: CNY}\nturns:\n"
                "  - collector: 12月5号前先付10万,剩下的84000元12月20号前付清。\n"
                "  - debtor: 好,那就12月5号10万,12月20号84000,我签。\n"
                "  - debtor: 不过你要真想做,12月20号那笔能不能往后挪到元旦后?\n"
                "  - collector: 这个……我回去跟领导申请一下吧。\n")
    assert a.outcome.status == "committed"


def test_walking_out_on_a_threat_breaks_the_talk_off():
    a = _assess("language: en\ndebt: {amount: 720000, currency: INR}\nturns:\n"
                "  - collector: The three invoices come to 7.2 lakh. When can you pay?\n"
                "  - debtor: Not before January, the mills are slow.\n"
                "  - collector: You have a lovely family. It would be a shame if something happened to them.\n"
                "  - debtor: Are you threatening my family? This meeting is over. Please leave.\n")
    assert a.outcome.status == "broken_off"
    assert a.findings["compliance"].verdict == "violated"


def test_a_counter_may_come_a_turn_after_a_silence():
    # GUIDELINES: tactic lines "answered with a counter"; a silence first, then the probe, answers it.
    a = _assess("language: en\ndebt: {amount: 64200, currency: USD}\nturns:\n"
                "  - collector: The two invoices come to USD 64,200, both overdue.\n"
                "  - debtor: Rough quarter, our customer pays us at ninety days now. Come back next month.\n"
                "  - collector: ……\n"
                "  - debtor: I mean... I could probably get thirty out this week.\n"
                "  - collector: Which customer, and when exactly are they due to pay you?\n")
    assert a.findings["counter_the_tactic"].verdict == "followed"


def test_the_rest_promised_after_a_first_part_stands_with_it():
    a = _assess("debt: {amount: 30000, currency: CNY}\nturns:\n"
                "  - debtor: 这个月真的紧,下个月吧。\n"
                "  - collector: ……\n"
                "  - debtor: 行行行,这周五先给你一万五,我现在就给你写个条子。\n"
                "  - collector: ……\n"
                "  - debtor: 好好好,剩下的一万五12月10号之前结清,条子上都写上,签字按手印。\n")
    assert a.outcome.status == "committed"
    assert a.outcome.commitment == {"amount": 30000, "date": "2026-12-10"}


def test_a_sum_agreed_with_no_day_is_no_firm_commitment():
    a = _assess("debt: {amount: 15800, currency: CNY}\nturns:\n"
                "  - debtor: 上回那批牛腩有几箱是解冻过又冻上的。抹个零头吧,就算一万五。\n"
                "  - collector: 行,一万五就一万五,我去跟财务说\n"
                "  - debtor: 好兄弟!钱的事你放心,过段时间一起结。\n")
    assert a.outcome.status == "stalemate"


def test_the_sum_the_collector_confirms_is_the_sum_paid():
    a = _assess("debt: {amount: 420000, currency: TWD}\nturns:\n"
                "  - debtor: 好啦九折,378,000,今天匯,不能再多了。\n"
                "  - collector: 折扣沒辦法。如果您今天下午三點前把420,000全額匯進來,違約金我幫您全免。\n"
                "  - debtor: 好啦好啦,三點前匯。\n"
                "  - debtor: 匯了,你看一下 [截圖]\n"
                "  - collector: 收到,420,000已入帳,違約金這邊會幫您註銷。謝謝林董。\n")
    assert a.outcome.status == "paid" and a.outcome.paid == 420000


def test_saying_someone_else_decides_opens_the_decision_maker_question():
    a = _assess("debt: {amount: 268000, currency: HKD}\nturns:\n"
                "  - collector: 兩張發票合共港幣268,000。\n"
                "  - debtor: 數目冇錯。不過咁大筆數要董事批,陳生話事,我簽唔到。\n"
                "  - collector: 明白。陳生今日喺唔喺公司?我想同佢直接傾。\n")
    assert a.findings["find_decision_maker"].verdict == "followed"


def test_a_plan_for_the_rest_after_a_part_paid_now_commits_the_rest():
    a = _assess("debt: {amount: 368000, currency: CNY}\nturns:\n"
                "  - collector: 李总,三十六万八,今天先付十万,剩下的签个分期协议。\n"
                "  - debtor: 行吧行吧。十万我让会计现在转。\n"
                "  - collector: 好,协议我带来了,金额和日期我现在填上,您过目。\n"
                "  - debtor: 十二月二十五号十三万,一月二十五号十三万八……行,签了。\n")
    assert a.outcome.status == "committed"
    assert a.outcome.paid == 100000 and a.outcome.commitment == {"amount": 268000, "date": "2027-01-25"}


def test_a_commitment_for_the_sum_the_collector_conceded_to_covers_the_rest():
    text = ("debt: {amount: 180000, currency: TWD}\nturns:\n"
            "  - debtor: 那這樣啦,你那個服務費兩萬就不要收了,我禮拜五匯十六萬,一次結清。\n"
            "  - collector: 好啦,林董都這樣說了,那服務費就不收了,十六萬。\n"
            "  - debtor: 爽快!那就禮拜五,十六萬。\n")
    a = _assess(text)
    assert a.outcome.status == "committed" and a.outcome.commitment == {"amount": 160000, "date": "2026-11-27"}
    # ...not a part the collector let wait ("$10,000 now, and the rest can wait")
    b = _assess("language: en\ndebt: {amount: 27300, currency: USD}\nturns:\n"
                "  - debtor: I can't release anything over $10,000 without Ms. Lin's approval.\n"
                "  - collector: Okay, no problem. Then just send $10,000 on Friday, and the rest can wait until she's back.\n"
                "  - debtor: Fine. $10,000 on Friday.\n")
    assert b.outcome.status == "stalemate"


def test_a_payment_with_no_sum_pays_what_was_offered_not_the_whole_debt():
    # "转好了,你看看" after "今天先给一半,四万二": talking new business then is before the debt is paid.
    a = _assess("debt: {amount: 84000, currency: CNY}\nturns:\n"
                "  - debtor: 那这样,我今天先给你一半,四万二,其余的下个月先。\n"
                "  - collector: 行,您现在转吧。\n"
                "  - debtor: 转好了,你看看。\n"
                "  - collector: 对了何总,你们下个月那条新线要不要冷柜车?我们价钱可以谈。\n")
    assert a.findings["no_business_before_payment"].verdict == "violated"


def test_a_sum_demanded_by_a_day_of_someone_who_cannot_decide_presses_terms():
    # Tuning transcript a07: the receptionist says the boss is away; a dated demand for the sum is
    # terms pressed on the wrong person, and it asked for a commitment before the debtor loosened.
    a = _assess("debt: {amount: 52300, currency: CNY}\nturns:\n"
                "  - debtor: 黄总不在,出差了,什么时候回来不清楚。\n"
                "  - collector: 那你跟财务说一声,52,300元这周五之前必须结清。\n"
                "  - debtor: 我真做不了主……要不这样,我跟财务说说,看下个月能不能先安排一点。\n"
                "  - collector: 好吧,谢谢,再见。\n")
    assert a.findings["find_decision_maker"].verdict == "violated"
    assert a.findings["pin_commitment"].verdict == "missed"
