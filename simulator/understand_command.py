"""``cuikuan understand``: kept apart from the other commands so that labelling lines from standard
input does not first import the scenario models (pydantic) it never needs, unless ``--scenario``."""

from __future__ import annotations

import datetime as dt
import json
import sys

from simulator.understanding import understand
from simulator.understanding.lexicon import extended


def cmd_understand(args) -> int:
    today = args.today or dt.date.today()
    lexicon = None
    if args.scenario:
        from simulator.commands import EXIT_INVALID, _load

        sc = _load(args.scenario)
        if sc is None:
            return EXIT_INVALID
        lexicon = extended(args.speaker, sc.lexicon_patterns(args.speaker), f"{sc.id}.lexicon")
    if args.text is not None:
        u = understand(args.text, args.speaker, today, lexicon)
        if args.json:
            print(json.dumps(u.to_json(), ensure_ascii=False))
        else:
            key = "moves" if args.speaker == "collector" else "acts"
            print(f"{key}: {', '.join(u.labels)}")
            if u.amount is not None:
                print(f"amount: {u.to_json()['amount']}")
            if u.date is not None:
                print(f"date: {u.date.isoformat()}")
            for e in u.evidence:
                print(f"  {e.label}: 「{e.phrase}」 ({e.rule})")
            if u.set_aside:
                print("set aside:")
                for e in u.set_aside:
                    print(f"  {e.label}: 「{e.phrase}」 ({e.rule}): {e.why}")
        return 0
    out = sys.stdout
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        u = understand(text, args.speaker, today, lexicon)
        out.write(json.dumps(u.to_json(), ensure_ascii=False) + "\n")
    out.flush()
    return 0
