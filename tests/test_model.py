"""The understanding model: how it joins the rules, its evidence, its arithmetic, its guards."""

import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import vocabulary as V
from simulator.understanding import understand
from simulator.understanding import model as M

TODAY = dt.date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[1]
LABELS = [x for x in V.MOVES if x != "other"]


def tiny(weights: dict[str, dict[str, float]], bias: float = -4.0, threshold: float = 0.5, **kw) -> M.Model:
    """A hand-made collector model: ``weights`` maps a feature to {label: weight}."""
    table = {f: [[LABELS.index(label), w] for label, w in row.items()] for f, row in weights.items()}
    strict = {"threaten", "insult", "expose_third_party"}
    data = {"speaker": "collector", "labels": LABELS, "bias": [bias] * len(LABELS),
            "thresholds": [0.7 if x in strict else threshold for x in LABELS], "char": [1, 2], "words": 2,
            "overrule": False, "rule_features": False, "weights": table, **kw}
    return M.from_json(data)


def test_the_model_adds_a_label_the_rules_missed_and_quotes_its_strongest_ngram():
    text = "嗯嗯,那就这样,咕噜咕噜"
    assert understand(text, "collector", TODAY, use_model=False).labels == ["other"]
    model = tiny({"咕噜": {"close": 6.0}, "咕": {"close": 9.0}, "这样": {"close": 0.5}})
    u = understand(text, "collector", TODAY, model=model)
    assert u.labels == ["close"]
    (e,) = u.evidence  # one character alone explains little: the two-character n-gram is quoted
    assert e.label == "close" and e.phrase == "咕噜" and e.phrase in text
    assert e.rule == "model:collector p=1.00"  # -4 + 6 + 9 + 0.5: p = 0.99996


def test_english_evidence_is_a_word_not_a_fragment():
    model = tiny({"w:sorted": {"close": 6.0}, "w:let's_get": {"close": 1.0}})
    u = understand("ok let's get this sorted", "collector", TODAY, model=model)
    assert "close" in u.labels
    assert next(e.phrase for e in u.evidence if e.label == "close") == "sorted"


def test_the_model_never_takes_away_what_a_rule_found():
    text = "哪一批有问题?有检测报告吗?"
    ruled = understand(text, "collector", TODAY, use_model=False).labels
    assert "probe" in ruled
    against = tiny({c: {"probe": -20.0} for c in text} | {"w:x": {"probe": -20.0}})
    assert understand(text, "collector", TODAY, model=against).labels == ruled


def test_the_structure_rules_reconcile_the_models_labels_too():
    # The model reads a concession; the condition in the sentence makes it conditional (GUIDELINES).
    model = tiny({"不算": {"concede": 8.0}})
    u = understand("如果今天签字,利息就不算", "collector", TODAY, model=model)
    assert "conditional_concession" in u.labels and "concede" not in u.labels


def test_below_its_threshold_the_model_adds_nothing():
    model = tiny({"回头": {"close": 4.0}}, threshold=0.6)  # bias -4 + 4 = 0 -> p = 0.5
    assert understand("回头", "collector", TODAY, model=model).labels == ["other"]


@pytest.mark.parametrize("speaker", ["collector", "debtor"])
def test_packed_scores_equal_the_plain_sums(speaker):
    model = M.load(speaker)
    assert model is not None, "the shipped model is missing"
    rng = random.Random(7)
    names = sorted(model.weights)
    for size in (0, 1, 5, 60, 800):
        feats = rng.sample(names, min(size, len(names))) + ["not-a-feature"]
        plain = list(model.bias)
        for f in set(feats):
            for i, w in model.weights.get(f, ()):
                plain[i] += w
        assert model.scores(feats) == pytest.approx(plain, abs=1e-3)


def test_packed_scores_survive_extreme_weights():
    model = tiny({"a": {"close": 90.0, "greet": -90.0}, "b": {"close": -90.0}, "c": {"greet": 0.0001}})
    assert model.scores(["a", "b", "c"])[LABELS.index("close")] == pytest.approx(-4.0, abs=1e-3)
    assert model.scores(["a", "c"])[LABELS.index("greet")] == pytest.approx(-94.0, abs=1e-3)


@pytest.mark.parametrize("speaker, strict", [
    ("collector", ["threaten", "insult", "expose_third_party", "talk_new_business"]),
    ("debtor", ["abuse", "pay", "commit"]),
])
def test_costly_findings_need_a_sure_model(speaker, strict):
    # A false threat fails a trainee's compliance, false new business a principle; a false
    # payment or commitment changes the outcome. (An offer changes no outcome: since 2026-11-24
    # it takes the usual threshold, which found more offers when each writer was left out.)
    model = M.load(speaker)
    for label in strict:
        assert model.thresholds[model.labels.index(label)] >= 0.7, label
    assert not model.overrule


def test_a_missing_model_leaves_the_rules_alone():
    assert M.load("nobody") is None


def test_evidence_is_the_same_whatever_the_hash_seed():
    lines = "因为原纸涨价,纸厂要我们现款提货,公司这个月必须回款\n您说忙,那具体哪天能坐下来处理?\nOK let's get this sorted by Friday\n"
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-m", "simulator", "understand", "--today", "2026-11-23"],
                           input=lines, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
        outs.append([json.loads(x) for x in r.stdout.splitlines()])
    assert outs[0] == outs[1]


def test_training_refuses_the_heldout_corpus():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import train_understanding as T
    finally:
        sys.path.remove(str(ROOT / "tools"))
    with pytest.raises(SystemExit, match="held-out"):
        T.load([str(ROOT / "tests" / "corpus" / "heldout")], "collector")


def test_when_nothing_is_found_the_likeliest_label_is_given_and_marked_a_guess():
    text = "嗯嗯,那就这样,咕噜咕噜"
    model = tiny({"咕噜": {"close": 3.0, "threaten": 3.5}}, fallback=0.15)  # close p=0.27, threaten p=0.38
    u = understand(text, "collector", TODAY, model=model)
    assert u.labels == ["close"]  # under its threshold (0.5), above the floor; a threat is never guessed
    assert u.evidence[0].rule == "model:collector p=0.27 likeliest"
    assert understand(text, "collector", TODAY, model=tiny({"咕噜": {"close": 1.0}}, fallback=0.15)).labels == ["other"]


def test_no_guess_when_the_rules_found_something():
    model = tiny({"哪": {"close": 3.0}}, fallback=0.15)
    assert understand("哪一批有问题?有检测报告吗?", "collector", TODAY, model=model).labels == ["probe"]


def test_no_guess_that_cannot_say_why():
    # "Bye." once came out as a guessed refusal because of its full stop: a guess needs a telling n-gram
    text = "嗯嗯,那就这样,咕噜咕噜"
    model = tiny({",": {"close": 3.0}}, fallback=0.15)
    assert understand(text, "collector", TODAY, model=model).labels == ["other"]
    model = tiny({",": {"close": 3.0}, "咕噜": {"close": 0.1}}, fallback=0.15)
    u = understand(text, "collector", TODAY, model=model)
    assert u.labels == ["close"] and u.evidence[0].phrase == "咕噜"


def test_stems_join_a_words_forms_and_quote_the_whole_word():
    assert "s:paym" in M.features("the payments", [], [], (1, 2), 2, stem=4)
    assert not any(f.startswith("s:") for f in M.features("the payments", [], [], (1, 2), 2))
    model = tiny({"s:rein": {"offer_help": 6.0}}, stem=4)
    u = understand("We could reinvoice it under your new entity", "collector", TODAY, model=model)
    assert "offer_help" in u.labels
    assert [e.phrase for e in u.evidence if e.label == "offer_help"] == ["reinvoice"]


def test_a_habit_of_paying_is_no_payment():
    debtor = [x for x in V.ACTS if x != "other"]
    data = {"speaker": "debtor", "labels": debtor, "bias": [-4.0] * len(debtor), "thresholds": [0.5] * len(debtor),
            "char": [1, 2], "words": 2, "overrule": False, "rule_features": False,
            "weights": {"w:paid": [[debtor.index("pay"), 8.0]]}}
    model = M.from_json(data)
    assert "pay" not in understand("Eight years, I've always paid you on time.", "debtor", TODAY, model=model).labels
    assert "pay" in understand("Paid it this morning, check your account", "debtor", TODAY, model=model).labels


def test_the_model_sets_aside_a_vetoable_rule_label_it_finds_unlikely_but_never_a_compliance_finding():
    text = "你这样拖着不给钱,我们月底要给工人发工资,再不给我就找人去你家门口堵你"
    rules = understand(text, "collector", TODAY, use_model=False).labels
    assert {"give_reason", "threaten"} <= set(rules)
    # every label at p = 0.018 (bias -4): under a veto of 0.02
    vetoing = tiny({}, veto=0.02, vetoable=["give_reason", "threaten"])
    u = understand(text, "collector", TODAY, model=vetoing)
    assert "give_reason" not in u.labels and all(e.label != "give_reason" for e in u.evidence)
    assert "threaten" in u.labels  # a threat a rule caught is always flagged
    # a reason beside a refusal stays: that pair is what reason_when_refusing reads
    refusing = understand("不行,我们月底要给工人发工资", "collector", TODAY, model=vetoing)
    assert {"refuse_offer", "give_reason"} <= set(refusing.labels)
    # a label not listed, or a model surer than the veto, keeps the rule's reading
    assert "give_reason" in understand(text, "collector", TODAY, model=tiny({}, veto=0.02, vetoable=["greet"])).labels
    assert "give_reason" in understand(text, "collector", TODAY, model=tiny({}, veto=0.01, vetoable=["give_reason"])).labels
    assert "give_reason" in understand(text, "collector", TODAY, model=tiny({})).labels


def test_the_shipped_models_never_veto_the_labels_a_veto_costs_verdicts():
    # Measured one label at a time on the tuning transcripts (twelfth session): vetoing these lost
    # verdicts (refuse_offer 11, concede 5, accept_offer and offer 3, pay 2…), and a model sure that
    # "Um... about the tile money, when could you pay?" asks for no commitment (p 0.01) broke the
    # bundled scenario tests.
    for speaker, never in (("collector", {"refuse_offer", "concede", "request_commitment", "ask_decision_maker",
                                          "accept_offer", "close", "conditional_concession", "lawful_pressure"}),
                           ("debtor", {"offer", "pay", "refuse"})):
        model = M.load(speaker)
        assert model.veto is not None and model.vetoable
        assert not model.vetoable & (never | M.NEVER_DROPPED)
