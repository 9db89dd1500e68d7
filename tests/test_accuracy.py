"""Accuracy floors on the labelled corpus, so that understanding cannot silently get worse.

Both parts are pinned: the tuning part (what the rules were written against) and the held-out
fifth (never used for tuning; the honest estimate). Floors sit just under the figures measured
when they were last raised (see `cuikuan evaluate`); raise them when accuracy improves, never lower
them to make a change pass.
"""

import pytest

from simulator import vocabulary as V
from simulator.understanding import evaluate as ev

CORPUS = ev.default_corpus()

# (speaker, script) -> micro-F1 floor. Re-measured 2026-11-24 with the model (rules + a linear model
# trained on tests/corpus/train/ and the tuning part; see GUIDELINES.md). The tuning part is
# in-sample for the model: its floors only catch regressions.
# tuning   collector zh .948 hant .946 en .946 · debtor zh .964 hant .964 en .957
# held-out collector zh .839 hant .829 en .821 · debtor zh .854 hant .825 en .824
# The held-out part grew on 2026-11-24 by a fifth of a fourth batch (150 items, harder than the
# first three), so these floors are pinned on a different set than before. On the items held out
# before, the same day moved collector .821 -> .835 and debtor .846 -> .842 (hant debtor
# .889 -> .875, zh debtor .885 -> .857, en debtor .777 -> .804); the retraining behind it was
# chosen on left-out writers and on the fourth batch before it was split, never on held-out.
TUNING_FLOORS = {
    ("collector", "zh"): 0.94, ("collector", "hant"): 0.94, ("collector", "en"): 0.94,
    ("debtor", "zh"): 0.96, ("debtor", "hant"): 0.96, ("debtor", "en"): 0.95,
}
HELDOUT_FLOORS = {
    ("collector", "zh"): 0.83, ("collector", "hant"): 0.82, ("collector", "en"): 0.82,
    ("debtor", "zh"): 0.85, ("debtor", "hant"): 0.82, ("debtor", "en"): 0.82,
}
# amount accuracy measured: tuning .979/.987, held-out .897/1.000 (collector/debtor);
# date accuracy: tuning .962/.943, held-out .930/.902. (On the items held out before: amount
# .946/1.000 as before; date .944/.950, one collector date fewer than before.)
AMOUNT_FLOORS = {"tuning": 0.97, "heldout": 0.89}
DATE_FLOORS = {"tuning": 0.94, "heldout": 0.90}


@pytest.fixture(scope="module")
def results():
    return ev.run(CORPUS, ["tuning", "heldout"])


def test_the_corpus_is_large_and_covers_every_id():
    items = ev.load_items(CORPUS) + ev.load_items(CORPUS / "heldout")
    collector = [i for i in items if i.speaker == "collector"]
    debtor = [i for i in items if i.speaker == "debtor"]
    assert len(collector) >= 400 and len(debtor) >= 150
    assert sum(i.script == "hant" for i in items) >= 60 and sum(i.script == "en" for i in items) >= 100
    for speaker, ids in (("collector", V.MOVES), ("debtor", V.ACTS)):
        counts = {l: sum(l in i.labels for i in items if i.speaker == speaker) for l in ids}
        assert min(counts.values()) >= 8, counts
    heldout = ev.load_items(CORPUS / "heldout")
    assert len(heldout) >= 0.18 * len(items)


@pytest.mark.parametrize("part, floors", [("tuning", TUNING_FLOORS), ("heldout", HELDOUT_FLOORS)])
def test_micro_f1_floors(results, part, floors):
    measured = {key: round(results[part][key].micro_f1, 3) for key in floors}
    below = {key: (measured[key], floor) for key, floor in floors.items() if measured[key] < floor}
    assert not below, f"{part}: micro-F1 under its floor (measured, floor): {below}"


@pytest.mark.parametrize("part", ["tuning", "heldout"])
def test_amount_and_date_floors(results, part):
    for speaker in ("collector", "debtor"):
        sc = results[part][(speaker, "all")]
        assert sc.amount_accuracy >= AMOUNT_FLOORS[part], (speaker, sc.amount_accuracy)
    for speaker in ("collector", "debtor"):
        sc = results[part][(speaker, "all")]
        assert sc.date_accuracy >= DATE_FLOORS[part], (speaker, sc.date_accuracy)


def test_every_id_is_recognised_on_the_tuning_part(results):
    for speaker, ids in (("collector", V.MOVES), ("debtor", V.ACTS)):
        sc = results["tuning"][(speaker, "all")]
        unrecognised = [l for l in ids if sc.tp[l] == 0]
        assert not unrecognised, f"{speaker}: never recognised: {unrecognised}"
