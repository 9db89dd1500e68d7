"""A small linear model that finds the labels the rules miss.

The rules are precise but miss wording they were never shown. The model, one logistic regression a
label trained on ``tests/corpus/train/`` (utterances written apart from the evaluation corpus) and
the corpus's tuning part, reads character 1–2-grams and English words. As shipped it only adds:
a label it is sure of (its threshold; 0.7 for the costly ones: threats, payments…) joins the
rules' with evidence like a rule's, the n-gram that pulled hardest for it and
``model:<speaker> p=…``; when nothing at all was found, its likeliest label at a low bar is given
and marked ``likeliest`` (the scoring ignores such guesses). The format can also let the model
see the rules' findings (``#r:probe``) or overrule them; measured, neither helped.

Plain Python over a JSON weight table (``data/model.<speaker>.json``, written by
``tools/train_understanding.py``): no numerical library at run time, no weights downloaded, and
a few tens of microseconds an utterance. Without the file the rules work alone.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
_SKIP = frozenset("_0123456789")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_RUN = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Packing a row of weights into one integer (Model.packed): 32 bits a label, weights in units of
# 1/10,000 lifted by 2**20 so that no field goes negative.
_FIELD, _SCALE, _OFFSET = 32, 10_000, 1 << 20
_MASK = (1 << _FIELD) - 1
_WMAX = (_OFFSET - 1) / _SCALE
MAX_CHARS = 300  # the model reads the first 300 characters: enough for any turn, and fast

# Labels a scenario or the compliance rules assert: the model may add them but never takes
# them away, so a threat a rule caught is always flagged.
NEVER_DROPPED = frozenset({"threaten", "insult", "expose_third_party", "abuse", "silence"})
# ...nor a reason given beside a refusal or a counter-offer: that pair is what reason_when_refusing reads.
KEPT_BESIDE = {"give_reason": frozenset({"refuse_offer", "counter_offer"})}


def probability(score: float) -> float:
    """A label's log-odds as a probability."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def logit(p: float) -> float:
    """A probability as log-odds: the scale the scores are on."""
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class Model:
    speaker: str
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    thresholds: tuple[float, ...]
    weights: dict[str, list[list]]  # feature → [[label index, weight], …]
    char: tuple[int, int]  # n-gram lengths, inclusive
    words: int  # English word n-grams up to this length
    overrule: bool = True  # whether the model may set aside a rule's label (else it only adds)
    rule_features: bool = True  # whether it sees the rules' labels (``#r:…``) or the words alone
    fallback: float | None = None  # when nothing else is found, the likeliest label at this probability
    stem: int = 0  # English words also stand cut to this many letters ("paying", "payment" → "s:paym")
    veto: float | None = None  # a rule's label in ``vetoable`` the model gives less than this is set aside
    vetoable: frozenset[str] = frozenset()

    def vetoes(self, label: str, scores: list[float], labels: list[str] | tuple[str, ...] = ()) -> bool:
        """Whether the model is so sure a rule's ``label`` is wrong that it is set aside (the labels a
        rule overfires on most, and whose absence costs least: give_reason, greet, grind…)."""
        if self.veto is None or label not in self.vetoable or label in NEVER_DROPPED or label not in self.labels \
                or KEPT_BESIDE.get(label, frozenset()) & set(labels):
            return False
        cut = self.__dict__.get("_veto_cut")
        if cut is None:
            cut = logit(self.veto)
            object.__setattr__(self, "_veto_cut", cut)
        return scores[self.labels.index(label)] < cut

    def scores(self, feats: list[str]) -> list[float]:
        """Each label's log-odds. Features count once however often they occur, as in training."""
        # Each feature's row of weights is packed into one integer (see ``packed``), so summing
        # the rows of the features present is one ``sum`` of integers instead of a loop a weight.
        present = [p for p in map(self.packed.get, set(feats)) if p is not None]
        total, n = sum(present), len(present)
        base = n * _OFFSET
        shifts = range(0, _FIELD * len(self.bias), _FIELD)
        return [b + (((total >> shift) & _MASK) - base) / _SCALE for b, shift in zip(self.bias, shifts)]

    def likeliest(self, feats: list[str], floor: float,
                  scores: list[float] | None = None) -> dict[str, tuple[float, str | None]]:
        """The single likeliest label, if its probability reaches ``floor`` and it is not one held
        to a stricter bar (a threat, a payment…: those are never guessed). Like every model label,
        a guess is given only with a telling n-gram (see ``understanding._weigh``): "Bye." is no
        refusal because of its full stop."""
        scores = self.scores(feats) if scores is None else scores
        best = max((i for i in range(len(scores)) if self.thresholds[i] < 0.7), key=scores.__getitem__, default=None)
        if best is None or scores[best] < logit(floor):
            return {}
        p = probability(scores[best])
        return {self.labels[best]: (p, self._strongest(feats, best))}

    @property
    def packed(self) -> dict[str, int]:
        """Each feature's weights as one integer: label i's weight, scaled to an integer and
        lifted by an offset so it is never negative, in bits ``32*i`` to ``32*i+31``. Sums of up
        to 2,000 rows stay inside their fields (an utterance has far fewer features)."""
        packed = self.__dict__.get("_packed")
        if packed is None:
            # Every field starts at the offset; each weight then adds into its own field.
            base = sum(_OFFSET << (_FIELD * i) for i in range(len(self.labels)))
            packed = {f: base + sum(round(max(-_WMAX, min(_WMAX, w)) * _SCALE) << (_FIELD * i) for i, w in pairs)
                      for f, pairs in self.weights.items()}
            object.__setattr__(self, "_packed", packed)
        return packed

    def predict(self, feats: list[str], known: tuple[str, ...] | list[str] = (),
                scores: list[float] | None = None) -> dict[str, tuple[float, str | None]]:
        """Every label at or above its threshold: its probability and its strongest n-gram (looked
        up only for labels not in ``known``, which already have their evidence)."""
        out: dict[str, tuple[float, str | None]] = {}
        cut = self._cuts
        for i, s in enumerate(self.scores(feats) if scores is None else scores):
            if s >= cut[i]:
                p = probability(s)
                label = self.labels[i]
                out[label] = (p, None if label in known else self._strongest(feats, i))
        return out

    @property
    def _cuts(self) -> tuple[float, ...]:
        """The thresholds as scores (log-odds): no exponential for the labels that fall short."""
        cuts = self.__dict__.get("_cut_cache")
        if cuts is None:
            cuts = tuple(logit(t) for t in self.thresholds)
            object.__setattr__(self, "_cut_cache", cuts)
        return cuts

    def _strongest(self, feats: list[str], label: int) -> str | None:
        """The n-gram that pulled hardest for ``label``: a word, or two characters at least with
        one of them Chinese (a single character, a number or punctuation explains little); the
        longer on a tie, then the first alphabetically. Only when nothing telling pulled for it,
        the strongest of the rest."""
        best, best_key, spare, spare_key = None, None, None, None
        for f in set(feats):
            row = self._row(f)
            if row is None:
                continue
            w = row[0].get(label)
            if w is None or w <= 0:
                continue
            key = (w, len(f), [-ord(c) for c in f])
            if row[1]:
                if best_key is None or key > best_key:
                    best, best_key = f, key
            elif len(f) >= 2 and (spare_key is None or key > spare_key):
                spare, spare_key = f, key
        return best if best is not None else spare

    def _row(self, feature: str) -> tuple[dict[int, float], bool] | None:
        """A feature's weights by label and whether it tells why, read once and remembered."""
        rows = self.__dict__.get("_rows")
        if rows is None:
            rows = {}
            object.__setattr__(self, "_rows", rows)
        row = rows.get(feature, False)
        if row is False:
            pairs = self.weights.get(feature) if feature[0] != "#" else None
            row = ({i: w for i, w in pairs}, _telling(feature)) if pairs else None
            rows[feature] = row
        return row


def _telling(feature: str) -> bool:
    """A word or stem (not a bare number), or an n-gram of two characters or more with a Chinese one."""
    if feature.startswith(("w:", "s:")):
        return not feature[2:].replace("_", "").isdigit()
    return len(feature) >= 2 and bool(_CJK.search(feature))


def features(text: str, rule_labels: list[str], flags: list[str], char: tuple[int, int] = (1, 3),
             words: int = 2, stem: int = 0) -> list[str]:
    """What the model sees of one utterance: ``text`` is the normalised (simplified) text.

    Chinese is read as character n-grams, English as words and word pairs: inside an n-gram a
    Latin word stands as one mark ("_"), so "OK,周五付" gives "_,周" and "w:ok"."""
    t = _SPACE.sub(" ", text.lower()).strip()[:MAX_CHARS]
    chars = _LATIN_RUN.sub("_", t).replace(" ", "")
    lo, hi = char
    size = len(chars)
    feats: list[str] = [c for c in chars if c not in _SKIP] if lo <= 1 else []
    for n in range(max(2, lo), hi + 1):
        feats += [chars[i:i + n] for i in range(size - n + 1)]
    if words:
        tokens = _WORD.findall(t)
        feats += ["w:" + w for w in tokens]
        if words >= 2:
            feats += ["w:" + a + "_" + b for a, b in zip(tokens, tokens[1:])]
        if stem:  # a crude stem: a word's first letters join its forms ("paid", "paying" stay apart)
            feats += ["s:" + w[:stem] for w in tokens if len(w) > stem and not w[0].isdigit()]
    feats += ["#r:" + label for label in rule_labels]
    feats += ["#" + f for f in flags]
    feats.append("#len" + str(min(4, len(t) // 20)))
    return feats


def from_json(data: dict) -> Model:
    labels = tuple(data["labels"])
    weights = data["weights"]  # feature → [[label index, weight], …], used as loaded: start-up stays short
    return Model(data["speaker"], labels, tuple(data["bias"]), tuple(data["thresholds"]), weights,
                 tuple(data["char"]), int(data["words"]), bool(data.get("overrule", True)),
                 bool(data.get("rule_features", True)), data.get("fallback"), int(data.get("stem", 0)),
                 data.get("veto"), frozenset(data.get("vetoable", ())))


@lru_cache(maxsize=2)
def load(speaker: str) -> Model | None:
    """The shipped model for ``speaker``, or None when there is none (the rules then work alone)."""
    try:
        raw = resources.files("simulator.understanding.data").joinpath(f"model.{speaker}.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    return from_json(json.loads(raw))
