"""Accuracy floors on the labelled corpus, so that understanding cannot silently get worse.

Both parts are pinned: the tuning part (what the rules were written against) and the held-out
fifth (never used for tuning; the honest estimate). Floors sit under the figures measured when they
were last set (see `cuikuan evaluate` and the margins below); raise them when accuracy improves,
never lower them to make a change pass.
"""

import pytest

from simulator import vocabulary as V
from simulator.understanding import evaluate as ev

CORPUS = ev.default_corpus()

# (speaker, script) -> micro-F1 floor. Measured 2026-11-24 with the model (rules + a linear model
# trained on tests/corpus/train/ and the tuning part; see GUIDELINES.md). The tuning part is
# in-sample for the model: its floors, 0.01 under, only catch regressions.
# tuning   collector zh .948 hant .946 en .946 · debtor zh .964 hant .964 en .957
# held-out collector zh .823 hant .842 en .825 · debtor zh .866 hant .832 en .815
# Held-out floors sit 0.02 under the measured figure, rounded down: on 41-188 utterances a cell's
# micro-F1 has a standard error of 0.017-0.036 (bootstrap over utterances), and each retraining
# chosen on left-out writers has moved single cells by that much either way. A floor at the
# measured figure would be tripped by noise and invite tuning on the held-out part.
# The held-out part grew on 2026-11-24 by a fifth of a fourth batch (150 items, harder than the
# first three). On the items held out before, the day moved collector .821 -> .835 and debtor
# .846 -> .842 (before the seventh training round).
EARLIER_TUNING_FLOORS = {
    ("collector", "zh"): 0.94, ("collector", "hant"): 0.94, ("collector", "en"): 0.94,
    ("debtor", "zh"): 0.95, ("debtor", "hant"): 0.95, ("debtor", "en"): 0.95,
}
# Tenth session: the fifth batch's tuning part (600 items) joined the model's training data and both
# models were retrained. Measured then: tuning, items before it collector zh .952 hant .953 en .954 ·
# debtor zh .968 hant .966 en .961; whole tuning part collector zh .945 hant .947 en .940 · debtor
# zh .962 hant .960 en .960 (the new writers' items are harder even in-sample).
TUNING_FLOORS = {
    ("collector", "zh"): 0.93, ("collector", "hant"): 0.93, ("collector", "en"): 0.93,
    ("debtor", "zh"): 0.95, ("debtor", "hant"): 0.95, ("debtor", "en"): 0.95,
}
# The held-out part grew again in the tenth session by a fifth of a fifth batch (150 items by three
# fresh writers; first contact on the whole batch: collector .794, debtor .797). The floors above
# stay pinned on the items held out before it (EARLIER_HELDOUT_FLOORS); the whole held-out part
# has its own, again 0.02 under the measured figure:
# held-out, all  collector zh .841 hant .837 en .825 · debtor zh .826 hant .833 en .785 (old models)
# After retraining on the new tuning items (the held-out part read for the figures only):
# held-out, all  collector zh .834 hant .841 en .832 · debtor zh .853 hant .846 en .808
# earlier items  collector zh .836 hant .867 en .821 · debtor zh .886 hant .841 en .816
# Twelfth session (rules pruned on left-out writers, a wider veto), read afterwards:
# held-out, all  collector zh .853 hant .834 en .837 · debtor zh .853 hant .856 en .806
# earlier items  collector zh .855 hant .862 en .828 · debtor zh .886 hant .855 en .813
# Floors rise where the figure rose; none falls.
EARLIER_HELDOUT_FLOORS = {
    ("collector", "zh"): 0.83, ("collector", "hant"): 0.84, ("collector", "en"): 0.80,
    ("debtor", "zh"): 0.86, ("debtor", "hant"): 0.83, ("debtor", "en"): 0.80,
}
HELDOUT_FLOORS = {
    ("collector", "zh"): 0.83, ("collector", "hant"): 0.81, ("collector", "en"): 0.81,
    ("debtor", "zh"): 0.83, ("debtor", "hant"): 0.83, ("debtor", "en"): 0.78,
}
FIFTH_BATCH = "_5.yaml"
# amount accuracy measured: tuning .989/.994, held-out .949/1.000 (collector/debtor, ninth session;
# earlier: tuning .979/.987, held-out .897/1.000);
# date accuracy: tuning .962/.943, held-out .930/.902. (On the items held out before: amount
# .946/1.000 as before; date .944/.950, one collector date fewer than before.)
# Tenth session, with the fifth batch: amounts tuning .992/.973, held-out .952/1.000 (items held out
# before: .948/1.000); dates tuning .969/.966, held-out .955/.929 (before: .957/.927).
AMOUNT_FLOORS = {"tuning": 0.97, "heldout": 0.93}
DATE_FLOORS = {"tuning": 0.94, "heldout": 0.90}


@pytest.fixture(scope="module")
def results():
    parts = ev.run(CORPUS, ["tuning", "heldout"])
    for part, folder in (("tuning", CORPUS), ("heldout", CORPUS / "heldout")):
        earlier = [i for i in ev.load_items(folder) if FIFTH_BATCH not in i.source]
        parts["earlier " + part] = ev.evaluate(earlier)
    return parts


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


@pytest.mark.parametrize("part, floors", [("tuning", TUNING_FLOORS), ("heldout", HELDOUT_FLOORS),
                                          ("earlier tuning", EARLIER_TUNING_FLOORS),
                                          ("earlier heldout", EARLIER_HELDOUT_FLOORS)])
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
