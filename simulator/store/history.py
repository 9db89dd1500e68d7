"""Rebuilding stored sessions, and what the history says: progress per principle, cohort reports.

Plain Python over the store's rows; the CLI and the app call it.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator import vocabulary as V
from simulator.store import SessionRow, Store, StoreError

RECENT = 10  # sessions that count for progress


@dataclass
class Rebuilt:
    session: Any | None  # a live Session (scenario sessions), or None for a scored transcript
    assessment: Any
    diverged_at: int | None  # the first debtor turn that came out differently on replay, if any


def rebuild(store: Store, row: SessionRow) -> Rebuilt:
    """The session again, from its stored turns: scenario sessions are replayed with their seed
    (the simulation is deterministic), transcripts are read again. Works for cut-off sessions."""
    turns = store.turns(row.id)
    if row.source == "transcript" or row.scenario == "transcript":
        from simulator.scoring import assess
        from simulator.scoring.transcript import Transcript, understood

        today = dt.date.fromisoformat(row.today)
        debt = ((row.result or {}).get("debt")) if row.result else None
        lines = understood([(t["speaker"], t["text"]) for t in turns], today, debt=debt)
        return Rebuilt(None, assess(Transcript(lines, row.lang, today, debt)), None)
    from simulator.scenario.loader import load_scenario
    from simulator.scoring import assess_session
    from simulator.session.session import Session

    ref = row.scenario_path if row.scenario_path and Path(row.scenario_path).exists() else row.scenario
    sc = load_scenario(ref)
    s = Session(sc, row.lang, row.seed, dt.date.fromisoformat(row.today))
    s.start()
    diverged = None
    stored_debtor = {t["n"]: t["text"] for t in turns if t["speaker"] == "debtor"}
    if stored_debtor.get(1) not in (None, s.turns[0].text):
        diverged = 1
    for t in turns:
        if t["speaker"] != "collector" or s.over:
            continue
        new = s.reply(t["text"])
        answer = new[-1]
        if diverged is None and answer.n in stored_debtor and stored_debtor[answer.n] != answer.text:
            diverged = answer.n
    if row.ended and not s.over:
        s.end()
    return Rebuilt(s, assess_session(s), diverged)


# ---------------------------------------------------------------------------------------------
# Progress: how often each principle was followed, lately, and the trend


def _verdicts(row: SessionRow) -> dict[str, str]:
    principles = (row.result or {}).get("principles") or {}
    return {p: v.get("verdict") for p, v in principles.items() if isinstance(v, dict)}


def progress(store: Store, trainee: str | None = None, recent: int = RECENT) -> dict[str, Any]:
    rows = [r for r in store.sessions(trainee=trainee) if r.ended and r.result][:recent]
    rows.reverse()  # oldest first
    per: dict[str, dict[str, Any]] = {}
    for p in V.PRINCIPLES:
        marks = [(_verdicts(r).get(p)) for r in rows]
        judged = [m for m in marks if m in ("followed", "violated", "missed")]
        rate = sum(m == "followed" for m in judged) / len(judged) if judged else None
        half = len(judged) // 2
        trend = None
        if half >= 1:
            early = sum(m == "followed" for m in judged[:half]) / half
            late = sum(m == "followed" for m in judged[-half:]) / half
            trend = round(late - early, 2)
        per[p] = {"rate": None if rate is None else round(rate, 2), "judged": len(judged), "trend": trend,
                  "series": [m or "not_applicable" for m in marks]}
    scores = [r.score for r in rows if r.score is not None]
    weakest = sorted((p for p in per if per[p]["rate"] is not None and per[p]["judged"] >= 1),
                     key=lambda p: (per[p]["rate"], -per[p]["judged"]))[:3]
    return {"trainee": trainee, "sessions": len(rows), "scores": scores,
            "principles": per, "weakest": weakest, "suggest": suggest(weakest, [r.scenario for r in rows])}


def suggest(weakest: list[str], done: list[str]) -> dict[str, Any] | None:
    """The next scenario to practise: one that exercises the weakest principle, not played last."""
    from simulator.scoring.assess import texts

    for p in weakest:
        options = texts()[p].get("practise") or []
        fresh = [s for s in options if not done or s != done[-1]]
        if fresh or options:
            return {"principle": p, "scenario": (fresh or options)[0]}
    return None


def render_progress(data: dict[str, Any], lang: str = "zh") -> str:
    from simulator.text import pad

    zh = lang == "zh"
    lines = [(f"最近 {data['sessions']} 次练习" if zh else f"Last {data['sessions']} sessions")
             + (f" · {data['trainee']}" if data.get("trainee") else "")]
    if data["scores"]:
        lines.append(("得分: " if zh else "Scores: ") + " ".join(str(s) for s in data["scores"]))
    lines.append("")
    marks = {"followed": "✓", "violated": "✗", "missed": "○", "not_applicable": "·"}
    width = max(len(V.PRINCIPLES[p][lang]) * (2 if zh else 1) for p in V.PRINCIPLES) + 2
    for p, d in data["principles"].items():
        rate = "  —  " if d["rate"] is None else f"{d['rate']:>4.0%} "
        trend = "" if d["trend"] is None else (" ↑" if d["trend"] > 0 else " ↓" if d["trend"] < 0 else " →")
        series = "".join(marks[m] for m in d["series"])
        lines.append(f"{pad(V.PRINCIPLES[p][lang], width)}{rate}{trend:2} {series}")
    if data["suggest"]:
        s = data["suggest"]
        lines.append("")
        lines.append((f"下一步练:{V.PRINCIPLES[s['principle']]['zh']} — cuikuan play {s['scenario']}" if zh else
                      f"Practise next: {V.PRINCIPLES[s['principle']]['en']} — cuikuan play {s['scenario']}"))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Cohort report for a trainer


def cohort_report(store: Store, cohort: str, anonymize: bool = False) -> dict[str, Any]:
    rows = [r for r in store.sessions(cohort=cohort) if r.ended and r.result]
    names: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: r.started):
        names.setdefault(r.trainee, f"trainee-{len(names) + 1}" if anonymize else (r.trainee or "(unnamed)"))
    rates: dict[str, Any] = {}
    for p in V.PRINCIPLES:
        judged = [v for r in rows if (v := _verdicts(r).get(p)) in ("followed", "violated", "missed")]
        rates[p] = {"followed": round(sum(v == "followed" for v in judged) / len(judged), 2) if judged else None,
                    "judged": len(judged)}
    weakest = sorted((p for p in rates if rates[p]["followed"] is not None), key=lambda p: rates[p]["followed"])[:3]
    trainees = []
    for original, shown in names.items():
        mine = [r for r in rows if r.trainee == original]
        scores = [r.score for r in mine if r.score is not None]
        trainees.append({
            "trainee": shown, "sessions": len(mine),
            "mean_score": round(statistics.fmean(scores), 1) if scores else None,
            "best_score": max(scores) if scores else None,
            "compliance_failures": sum(1 for r in mine if _verdicts(r).get("compliance") == "violated"),
            "followed": {p: (round(sum(_verdicts(r).get(p) == "followed" for r in mine) / judged, 2) if judged else None)
                         for p in V.PRINCIPLES
                         for judged in [sum(_verdicts(r).get(p) in ("followed", "violated", "missed") for r in mine)]},
        })
    findings = []
    for r in rows:
        comp = ((r.result or {}).get("principles") or {}).get("compliance") or {}
        if comp.get("verdict") == "violated":
            by_n = {t["n"]: t for t in (r.result or {}).get("turns", [])}
            for n in comp.get("turns", []):
                t = by_n.get(n, {})
                findings.append({"session": r.id, "trainee": names[r.trainee], "scenario": r.scenario, "turn": n,
                                 "text": t.get("text", ""), "moves": [m for m in t.get("moves", []) if m in V.NON_COMPLIANT_MOVES]})
    return {"cohort": cohort, "sessions": len(rows), "trainees": trainees, "principles": rates,
            "weakest": weakest, "compliance_findings": findings, "anonymized": anonymize}


def report_csv(data: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["trainee", "sessions", "mean_score", "best_score", "compliance_failures", *V.PRINCIPLES])
    for t in data["trainees"]:
        w.writerow([t["trainee"], t["sessions"], t["mean_score"], t["best_score"], t["compliance_failures"],
                    *("" if t["followed"][p] is None else t["followed"][p] for p in V.PRINCIPLES)])
    w.writerow(["(cohort)", data["sessions"], "", "", len(data["compliance_findings"]),
                *("" if data["principles"][p]["followed"] is None else data["principles"][p]["followed"]
                  for p in V.PRINCIPLES)])
    return buf.getvalue()


def report_html(data: dict[str, Any], lang: str = "zh") -> str:
    e = lambda x: html.escape(str(x), quote=True)  # noqa: E731
    zh = lang == "zh"
    name = lambda p: V.PRINCIPLES[p][lang]  # noqa: E731
    out = [f'<!DOCTYPE html><html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">',
           f"<title>{e(('培训班报告 · ' if zh else 'Cohort report · ') + data['cohort'])}</title>",
           "<style>body{font-family:'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',system-ui,sans-serif;"
           "max-width:1000px;margin:2rem auto;padding:0 1rem;color:#1c2833}table{border-collapse:collapse;width:100%;"
           "font-size:.9rem}th,td{border-bottom:1px solid #d5d8dc;padding:.3rem .5rem;text-align:left}"
           ".bar{display:inline-block;height:.7em;background:#2471a3;vertical-align:middle}"
           ".warn{border:2px solid #c0392b;background:#fdedec;padding:.5rem 1rem}"
           "@media print{body{margin:0}}</style></head><body>",
           f"<h1>{e(('培训班报告:' if zh else 'Cohort report: ') + data['cohort'])}</h1>",
           f"<p>{e(data['sessions'])} {'次练习' if zh else 'sessions'}, {len(data['trainees'])} "
           f"{'名学员' if zh else 'trainees'}{('(已匿名)' if zh else ' (anonymized)') if data['anonymized'] else ''}</p>"]
    if data["compliance_findings"]:
        out.append(f'<section class="warn"><h2>{"合规问题" if zh else "Compliance findings"}</h2><ul>')
        for f in data["compliance_findings"]:
            out.append(f"<li><b>{e(f['trainee'])}</b> · {e(f['scenario'])} · {'第' if zh else 'turn '}{e(f['turn'])}"
                       f"{'轮' if zh else ''} ({e(', '.join(f['moves']))}): “{e(f['text'])}”</li>")
        out.append("</ul></section>")
    out.append(f"<h2>{'各原则做到的比例' if zh else 'Principles followed'}</h2><table><tr><th>{'原则' if zh else 'principle'}"
               f"</th><th>{'做到' if zh else 'followed'}</th><th>{'评判次数' if zh else 'judged'}</th></tr>")
    for p, r in data["principles"].items():
        rate = r["followed"]
        bar = "" if rate is None else f'<span class="bar" style="width:{rate * 200:.0f}px"></span> {rate:.0%}'
        weak = " ⚠" if p in data["weakest"] else ""
        out.append(f"<tr><td>{e(name(p))}{weak}</td><td>{bar or '—'}</td><td>{e(r['judged'])}</td></tr>")
    out.append(f"</table><h2>{'学员' if zh else 'Trainees'}</h2><table><tr><th>{'学员' if zh else 'trainee'}</th>"
               f"<th>{'次数' if zh else 'sessions'}</th><th>{'平均分' if zh else 'mean score'}</th>"
               f"<th>{'最高分' if zh else 'best'}</th><th>{'合规问题' if zh else 'compliance'}</th>"
               f"<th>{'最弱的原则' if zh else 'weakest principle'}</th></tr>")
    for t in data["trainees"]:
        judged = [p for p in V.PRINCIPLES if t["followed"][p] is not None]
        weakest = name(min(judged, key=lambda p: t["followed"][p])) if judged else "—"
        out.append(f"<tr><td>{e(t['trainee'])}</td><td>{e(t['sessions'])}</td><td>{e(t['mean_score'])}</td>"
                   f"<td>{e(t['best_score'])}</td><td>{e(t['compliance_failures'])}</td><td>{e(weakest)}</td></tr>")
    out.append("</table></body></html>\n")
    return "".join(out)


__all__ = ["Rebuilt", "rebuild", "progress", "render_progress", "cohort_report", "report_csv", "report_html",
           "StoreError"]
