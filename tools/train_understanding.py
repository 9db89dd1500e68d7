"""Train the understanding model (simulator/understanding/data/model.<speaker>.json).

    pip install scikit-learn          # for training only; the product reads the JSON in plain Python
    python tools/train_understanding.py --speaker collector \
        --train tests/corpus/train --validate tests/corpus/collector_zh_3.yaml ... [--write]

The model is one logistic regression per label over the features of ``model.features``: the
rules' findings, character n-grams and English words. It is trained on ``tests/corpus/train/``,
utterances written apart from the evaluation corpus, so the rules meet wording there they were
never tuned on and the model learns how far to trust them. ``--validate`` prints micro-F1 of
the rules alone and of rules + model on other files; ``heldout/`` is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

import warnings

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator import vocabulary as V  # noqa: E402
from simulator.understanding import model_flags, understand  # noqa: E402
from simulator.understanding import model as M  # noqa: E402
from simulator.understanding.normalize import clean, language, to_simplified  # noqa: E402

TODAY = dt.date(2026, 11, 23)
STRICT = V.NON_COMPLIANT_MOVES | {"abuse"}


def load(paths: list[str], speaker: str) -> list[dict]:
    items = []
    for p in paths:
        path = Path(p)
        if "heldout" in path.parts:
            sys.exit(f"{p}: the held-out corpus is never trained or tuned on")
        files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for f in files:
            if not f.name.startswith(speaker):
                continue
            for it in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
                it["source"] = f.name
                items.append(it)
    return items


def prepared(item: dict, speaker: str) -> dict:
    """The rules' reading of an item and what the model would see of it."""
    u = understand(item["text"], speaker, TODAY, use_model=False)
    cleaned = clean(item["text"])
    norm = to_simplified(cleaned)[0] if language(cleaned) == "zh" else cleaned
    rules = [x for x in u.labels if x != "other"]
    flags = model_flags(norm, u.script, u.amount, u.date, u.instalments)
    return {"u": u, "text": item["text"], "norm": norm, "rules": rules, "flags": flags,
            "gold": set(item["labels"]), "script": item.get("script", u.script)}


def fit(prepared_items: list[dict], labels: list[str], char, words, c: float, min_df: int,
        rule_features: bool = True, penalty: str = "l2", keep: float = 0.02, top: int = 0, stem: int = 0):
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    warnings.filterwarnings("ignore", module="sklearn")  # the penalty argument's deprecation notice

    feats = [M.features(p["norm"], p["rules"] if rule_features else [], p["flags"], char, words, stem)
             for p in prepared_items]
    df = Counter(f for fs in feats for f in set(fs))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in df.items() if n >= min_df))}
    rows, cols = [], []
    for r, fs in enumerate(feats):
        for f in set(fs):
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    X = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(feats), len(vocab)))
    names = sorted(vocab, key=vocab.get)
    bias, weights = [], {}
    for li, label in enumerate(labels):
        y = [label in p["gold"] for p in prepared_items]
        if sum(y) < 3:
            bias.append(-30.0)
            continue
        clf = LogisticRegression(C=c, penalty=penalty, solver="liblinear", max_iter=2000)
        clf.fit(X, y)
        bias.append(round(float(clf.intercept_[0]), 4))
        for j, w in enumerate(clf.coef_[0]):
            if abs(w) >= keep:
                weights.setdefault(names[j], []).append([li, round(float(w), 4)])
    if top:  # only each n-gram's strongest few labels: fewer additions an utterance
        weights = {f: sorted(pairs, key=lambda p: -abs(p[1]))[:top] for f, pairs in weights.items()}
    return bias, weights


def micro(prepared_items: list[dict], predict) -> tuple[float, dict]:
    tp = fp = fn = 0
    by_script: dict[str, list[int]] = {}
    for p in prepared_items:
        pred = set(predict(p))
        gold = p["gold"]
        a, b, c = len(pred & gold), len(pred - gold), len(gold - pred)
        tp, fp, fn = tp + a, fp + b, fn + c
        s = by_script.setdefault(p["script"], [0, 0, 0])
        s[0] += a
        s[1] += b
        s[2] += c
    f1 = lambda t, f, n: 2 * t / (2 * t + f + n) if t else 0.0  # noqa: E731
    return f1(tp, fp, fn), {k: round(f1(*v), 3) for k, v in sorted(by_script.items())}


def with_model(model: M.Model):
    def predict(p):
        return understand(p["text"], model.speaker, TODAY, model=model).labels
    return predict


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--speaker", choices=("collector", "debtor"), required=True)
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--validate", nargs="*", default=[])
    ap.add_argument("--char", default="1,3")
    ap.add_argument("--words", type=int, default=2)
    ap.add_argument("--stem", type=int, default=0, help="English words also cut to this many letters (0: off)")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--keep", type=float, default=0.1, help="drop weights smaller than this (speed)")
    ap.add_argument("--no-rule-features", action="store_true", help="the model reads the words alone")
    ap.add_argument("--add-only", action="store_true", help="the model adds labels, never sets a rule's aside")
    ap.add_argument("--strict-threshold", type=float, default=0.7,
                    help="threshold for the --strict labels")
    ap.add_argument("--strict", default=",".join(sorted(STRICT)),
                    help="labels whose false finding costs most (default: threaten, insult, "
                         "expose_third_party, abuse: they fail a trainee's compliance and turn the persona hostile)")
    ap.add_argument("--fallback", type=float, default=None,
                    help="when nothing is found, give the likeliest label if its probability reaches this")
    ap.add_argument("--veto", type=float, default=None,
                    help="set aside a rule's label in --vetoable that the model gives less than this probability")
    ap.add_argument("--vetoable", default="", help="comma-separated labels the model may set aside (see --veto)")
    ap.add_argument("--write", action="store_true", help="write data/model.<speaker>.json")
    args = ap.parse_args()
    labels = [x for x in (V.MOVES if args.speaker == "collector" else V.ACTS) if x != "other"]
    char = tuple(int(x) for x in args.char.split(","))
    train = [prepared(it, args.speaker) for it in load(args.train, args.speaker)]
    valid = [prepared(it, args.speaker) for it in load(args.validate, args.speaker)] if args.validate else []
    bias, weights = fit(train, labels, char, args.words, args.c, args.min_df,
                        rule_features=not args.no_rule_features, keep=args.keep, stem=args.stem)
    data = {"speaker": args.speaker, "labels": labels, "bias": bias,
            "thresholds": [args.strict_threshold if x in args.strict.split(",") else args.threshold for x in labels], "char": list(char), "words": args.words,
            "overrule": not args.add_only, "rule_features": not args.no_rule_features,
            "fallback": args.fallback, "stem": args.stem,
            "trained_on": len(train), "veto": args.veto,
            "vetoable": sorted(x for x in args.vetoable.split(",") if x), "weights": weights}
    model = M.from_json(data)
    rules_only = lambda p: p["rules"] or ["other"]  # noqa: E731
    print(f"{args.speaker}: trained on {len(train)} items, {len(weights)} features kept")
    for name, items in (("train", train), ("validate", valid)):
        if items:
            r, rs = micro(items, rules_only)
            m, ms = micro(items, with_model(model))
            print(f"  {name:8} n={len(items):4}  rules {r:.3f} {rs}   rules+model {m:.3f} {ms}")
    if args.write:
        out = ROOT / "simulator" / "understanding" / "data" / f"model.{args.speaker}.json"
        out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        print(f"  wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
