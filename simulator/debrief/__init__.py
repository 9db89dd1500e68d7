"""The debrief in four forms — terminal text (Rich), Markdown, a self-contained HTML page and
JSON — all rendered from one ``Assessment``.

Order, as a trainee reads it: compliance findings first (when there are any), the outcome in
one line, the scorecard, the three key moments with a better line for each, what to practise
next; the HTML page adds a chart of pressure and rapport and the whole transcript.
"""

from __future__ import annotations

import html
import io
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any


from simulator import vocabulary as V
from simulator.datafile import load_yaml
from simulator.persona.format import format_money
from simulator.scoring.assess import COMPLIANCE_CAP, Assessment

FORMATS = ("text", "md", "html", "json")


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, Any]]:
    return load_yaml(resources.files("simulator.debrief.data").joinpath("strings.yaml").read_text("utf-8"))


def strings(lang: str) -> dict[str, Any]:
    return _strings()["en" if lang == "en" else "zh"]


def render(a: Assessment, fmt: str, *, width: int = 100, color: bool = False) -> str:
    if fmt == "json":
        return json.dumps(a.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return markdown(a)
    if fmt == "html":
        return html_page(a)
    if fmt == "text":
        return text(a, width=width, color=color)
    raise ValueError(f"unknown debrief format `{fmt}` (one of {', '.join(FORMATS)})")


# ---------------------------------------------------------------------------------------------
# Shared pieces


def _money(a: Assessment, amount: float) -> str:
    return format_money(amount, a.language, a.currency)


def outcome_line(a: Assessment) -> str:
    s = strings(a.language)
    o = a.outcome
    sep = "\uff0c" if a.language == "zh" else "; "
    parts = [s["status"][o.status]]
    if o.paid:
        parts.append(s["paid"].format(paid=_money(a, o.paid)))
    if o.commitment:
        date = o.commitment.get("date") or s["no_date"]
        parts.append(s["commitment"].format(amount=_money(a, float(o.commitment["amount"])), date=date))
        if o.reliability is not None:
            parts.append(s["reliability"].format(pct=round(o.reliability * 100)))
    parts.append(s["rapport"].format(rapport=round(o.rapport)))
    parts.append(s["compliance_ok"] if o.compliance else s["compliance_bad"])
    line = sep.join(parts)
    if o.estimated:
        line += " " + s["estimated"]
    colon = "\uff1a" if a.language == "zh" else ": "
    end = "\u3002" if a.language == "zh" else "."
    return f"{s['outcome']}{colon}{line}{end}"


def score_formula(a: Assessment) -> str:
    s = strings(a.language)
    cap = s["capped"].format(cap=COMPLIANCE_CAP) if not a.outcome.compliance else ""
    return s["score_formula"].format(process=round(a.process), secured=round(a.secured), cap=cap)


def principle_name(p: str, lang: str) -> str:
    names = V.PRINCIPLES[p]
    return f"{names['zh']}" if lang == "zh" else names["en"]


def _said(a: Assessment, text: str) -> str:
    return text.strip() or strings(a.language)["silence"]


def _title(a: Assessment) -> str:
    s = strings(a.language)
    if a.scenario:
        return f"{s['title']} · {a.title or a.scenario}"
    return s["transcript_title"] + (f" · {a.title}" if a.title else "")


def _effect(a: Assessment, change: dict[str, float]) -> str:
    s = strings(a.language)
    bits = [f"{s['meter_names'][k]} {v:+d}" for k, v in change.items() if v]
    return ", ".join(bits)


def _ordered_findings(a: Assessment):
    """Compliance first when it failed, then violated, missed, followed, not applicable."""
    rank = {"violated": 0, "missed": 1, "followed": 2, "not_applicable": 3}
    order = list(V.PRINCIPLES)
    return sorted(a.findings.values(), key=lambda f: (not (f.principle == "compliance" and f.verdict == "violated"),
                                                      rank[f.verdict], order.index(f.principle)))


# ---------------------------------------------------------------------------------------------
# Terminal text (Rich)


def text(a: Assessment, width: int = 100, color: bool = False) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table

    s = strings(a.language)
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False, soft_wrap=False)
    console.print(f"[bold]{escape(_title(a))}[/bold]")
    if a.compliance_findings:
        body = escape(s["compliance_intro"].format(cap=COMPLIANCE_CAP))
        for l in a.compliance_findings:
            moves = ", ".join(m for m in l.labels if m in V.NON_COMPLIANT_MOVES)
            body += f"\n• {escape(s['turn'].format(n=l.n))} [{moves}]: “{escape(_said(a, l.text))}”"
        console.print(Panel(body, title=escape(s["compliance_title"]), border_style="red"))
    console.print(f"[bold]{escape(s['score'])} {a.score}/100[/bold]  [dim]{escape(score_formula(a))}[/dim]")
    console.print(escape(outcome_line(a)))
    console.print()
    table = Table(title=s["scorecard"], title_justify="left", show_lines=False, expand=True)
    table.add_column(s["principle"], ratio=2, overflow="fold")
    table.add_column(s["verdict"], no_wrap=True)
    table.add_column(s["turns"], no_wrap=True)
    table.add_column(s["note"], ratio=5, overflow="fold")
    style = {"followed": "green", "violated": "red", "missed": "yellow", "not_applicable": "dim"}
    for f in _ordered_findings(a):
        table.add_row(escape(principle_name(f.principle, a.language)),
                      f"[{style[f.verdict]}]{escape(s['verdicts'][f.verdict])}[/]",
                      escape(",".join(str(n) for n in f.turns[:4])), escape(f.note))
    console.print(table)
    if a.moments:
        console.print()
        console.print(f"[bold]{escape(s['moments'])}[/bold]")
        for m in a.moments:
            head = f"{s['turn'].format(n=m.turn)} · {principle_name(m.principle, a.language)} · {s['verdicts'][m.verdict]}"
            body = f"{escape(s['you_said'])}“{escape(_said(a, m.said))}”"
            if m.caused:
                body += f"\n{escape(s['debtor_then'])}“{escape(m.caused)}”"
            if m.change and _effect(a, m.change):
                body += f"\n{escape(s['effect'])}{escape(_effect(a, m.change))}"
            if m.better:
                body += f"\n[green]{escape(s['better'])}“{escape(m.better)}”[/green]"
            body += f"\n[dim]{escape(m.why)}[/dim]"
            console.print(Panel(body, title=escape(head), title_align="left",
                                border_style=style.get(m.verdict, "white")))
    console.print()
    console.print(f"[bold]{escape(s['practise'])}[/bold]")
    if not a.practise:
        console.print(escape(s["nothing_to_practise"]))
    for item in a.practise:
        where = f" — {s['practise_with']}{item['scenario']}" if item.get("scenario") else ""
        console.print(f"• {escape(item['name'])}{escape(where)}")
        console.print(Padding(f"[dim]{escape(item['advice'])}[/dim]", (0, 0, 0, 2)))
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Markdown


def _md(text: str) -> str:
    """Markdown-safe inline text: the characters that would format or break a table are escaped."""
    out = re.sub(r"([\\`*_\[\]|#])", r"\\\1", " ".join(text.split()))
    return html.escape(out, quote=False)


def markdown(a: Assessment) -> str:
    s = strings(a.language)
    out = [f"# {_md(_title(a))}", ""]
    if a.compliance_findings:
        out += [f"## ⚠ {s['compliance_title']}", "", _md(s["compliance_intro"].format(cap=COMPLIANCE_CAP)), ""]
        for l in a.compliance_findings:
            moves = ", ".join(m for m in l.labels if m in V.NON_COMPLIANT_MOVES)
            out.append(f"- **{s['turn'].format(n=l.n)}** ({moves}): “{_md(_said(a, l.text))}”")
        out.append("")
    out += [f"**{s['score']} {a.score}/100** · {_md(outcome_line(a))}", "", f"_{_md(score_formula(a))}_", ""]
    out += [f"## {s['scorecard']}", "", f"| {s['principle']} | {s['verdict']} | {s['turns']} | {s['note']} |",
            "|---|---|---|---|"]
    for f in _ordered_findings(a):
        out.append(f"| {_md(principle_name(f.principle, a.language))} | {s['verdicts'][f.verdict]} | "
                   f"{', '.join(str(n) for n in f.turns[:4])} | {_md(f.note)} |")
    out.append("")
    if a.moments:
        out += [f"## {s['moments']}", ""]
        for m in a.moments:
            out.append(f"### {s['turn'].format(n=m.turn)} · {_md(principle_name(m.principle, a.language))} · "
                       f"{s['verdicts'][m.verdict]}")
            out.append("")
            out.append(f"- {s['you_said']}“{_md(_said(a, m.said))}”")
            if m.caused:
                out.append(f"- {s['debtor_then']}“{_md(m.caused)}”")
            if m.change and _effect(a, m.change):
                out.append(f"- {s['effect']}{_effect(a, m.change)}")
            if m.better:
                out.append(f"- **{s['better']}** “{_md(m.better)}”")
            out.append(f"- {s['why']}{_md(m.why)}")
            out.append("")
    out += [f"## {s['practise']}", ""]
    if not a.practise:
        out.append(_md(s["nothing_to_practise"]))
    for item in a.practise:
        where = f" — {s['practise_with']}`{item['scenario']}`" if item.get("scenario") else ""
        out.append(f"- **{_md(item['name'])}**{where}: {_md(item['advice'])}")
    out += ["", f"## {s['transcript']}", ""]
    for l in a.lines:
        who = s["debtor"] if l.speaker == "debtor" else s["collector"]
        labels = ", ".join(l.labels)
        out.append(f"{l.n}. **{who}:** {_md(_said(a, l.text))} <sub>{_md(labels)}</sub>")
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# HTML (self-contained: no network, prints well, every user text escaped)


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def chart_svg(a: Assessment, w: int = 640, h: int = 220) -> str:
    s = strings(a.language)
    series = a.series
    points = [n for k in series for n, _ in series[k]]
    if not points:
        return ""
    left, right, top, bottom = 40, 12, 14, 30
    first, last = min(points), max(points)
    span = max(1, last - first)

    def x(n: float) -> float:
        return left + (n - first) / span * (w - left - right)

    def y(v: float) -> float:
        return top + (1 - max(0.0, min(100.0, v)) / 100) * (h - top - bottom)

    parts = [f'<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{_e(s["chart"])}">']
    for v in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{w - right}" y2="{y(v):.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y(v) + 4:.1f}" class="axis" text-anchor="end">{v}</text>')
    step = max(1, round(span / 10))
    n = first
    while n <= last:
        parts.append(f'<text x="{x(n):.1f}" y="{h - 10}" class="axis" text-anchor="middle">{n}</text>')
        n += step
    colours = {"pressure": "#c0392b", "rapport": "#2471a3"}
    for key, pts in series.items():
        if not pts:
            continue
        path = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colours.get(key, "#555")}" stroke-width="2"/>')
        for n, v in pts:
            parts.append(f'<circle cx="{x(n):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colours.get(key, "#555")}">'
                         f'<title>{_e(s["turn"].format(n=n))}: {v:.0f}</title></circle>')
    parts.append("</svg>")
    legend = (f'<p class="legend"><span class="key pressure"></span>{_e(s["pressure"])} '
              f'<span class="key rapport"></span>{_e(s["rapport_line"])} · {_e(s["chart_turn"])} →'
              + (f' <em>{_e(s["estimated"])}</em>' if a.series_estimated else "") + "</p>")
    return "".join(parts) + legend


_CSS = """
:root { --ok:#1e8449; --bad:#c0392b; --miss:#b9770e; --na:#7f8c8d; --ink:#1c2833; --line:#d5d8dc; }
* { box-sizing: border-box; }
body { font-family: "PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;
       color: var(--ink); max-width: 960px; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 2rem;
     border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.outcome { font-size: 1.1rem; font-weight: 600; } .formula { color: #566573; font-size: .9rem; }
.score { font-size: 2.4rem; font-weight: 700; float: right; margin-left: 1rem; }
.compliance { border: 2px solid var(--bad); background: #fdedec; padding: .75rem 1rem; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
td.v { white-space: nowrap; font-weight: 600; } td.followed, h3.followed { color: var(--ok); }
td.violated, h3.violated { color: var(--bad); } td.missed, h3.missed { color: var(--miss); }
td.not_applicable { color: var(--na); font-weight: 400; }
.moment { border-left: 4px solid var(--line); padding: .25rem 1rem; margin: 1rem 0; page-break-inside: avoid; }
.moment.violated { border-color: var(--bad); } .moment.missed { border-color: var(--miss); }
.moment.followed { border-color: var(--ok); } .better { color: var(--ok); font-weight: 600; }
.why { color: #566573; font-size: .9rem; }
.chart { width: 100%; height: auto; } .chart .grid { stroke: #eaecee; } .chart .axis { font-size: 10px; fill: #7f8c8d; }
.legend { font-size: .85rem; color: #566573; } .key { display: inline-block; width: 1.2em; height: .25em;
          vertical-align: middle; margin: 0 .3em 0 .8em; } .key.pressure { background: #c0392b; }
.key.rapport { background: #2471a3; }
ol.transcript { padding-left: 2.2rem; } ol.transcript li { margin: .2rem 0; }
.who { font-weight: 600; } .debtor .who { color: #884ea0; } .collector .who { color: #2471a3; }
.labels { color: #99a3a4; font-size: .78rem; }
footer { margin-top: 2rem; color: #99a3a4; font-size: .8rem; }
@media print { body { margin: 0; max-width: none; font-size: 10.5pt; } h2 { page-break-after: avoid; }
  .chart { max-height: 6cm; } a { color: inherit; text-decoration: none; } }
"""


def html_page(a: Assessment) -> str:
    s = strings(a.language)
    lang = "en" if a.language == "en" else "zh-CN"
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(_title(a))}</title><style>{_CSS}</style></head><body>",
           f'<div class="score" aria-label="{_e(s["score"])}">{a.score}</div>',
           f"<h1>{_e(_title(a))}</h1>"]
    if a.compliance_findings:
        out.append(f'<section class="compliance"><h2>⚠ {_e(s["compliance_title"])}</h2>'
                   f'<p>{_e(s["compliance_intro"].format(cap=COMPLIANCE_CAP))}</p><ul>')
        for l in a.compliance_findings:
            moves = ", ".join(m for m in l.labels if m in V.NON_COMPLIANT_MOVES)
            out.append(f"<li><b>{_e(s['turn'].format(n=l.n))}</b> ({_e(moves)}): “{_e(_said(a, l.text))}”</li>")
        out.append("</ul></section>")
    out.append(f'<p class="outcome">{_e(outcome_line(a))}</p><p class="formula">{_e(score_formula(a))}</p>')
    out.append(f'<h2>{_e(s["chart"])}</h2>{chart_svg(a)}')
    out.append(f'<h2>{_e(s["scorecard"])}</h2><table><thead><tr><th>{_e(s["principle"])}</th>'
               f'<th>{_e(s["verdict"])}</th><th>{_e(s["turns"])}</th><th>{_e(s["note"])}</th></tr></thead><tbody>')
    for f in _ordered_findings(a):
        out.append(f'<tr><td>{_e(principle_name(f.principle, a.language))}</td>'
                   f'<td class="v {f.verdict}">{_e(s["verdicts"][f.verdict])}</td>'
                   f'<td>{_e(", ".join(str(n) for n in f.turns[:4]))}</td><td>{_e(f.note)}</td></tr>')
    out.append("</tbody></table>")
    if a.moments:
        out.append(f'<h2>{_e(s["moments"])}</h2>')
        for m in a.moments:
            out.append(f'<div class="moment {m.verdict}"><h3 class="{m.verdict}">{_e(s["turn"].format(n=m.turn))} · '
                       f'{_e(principle_name(m.principle, a.language))} · {_e(s["verdicts"][m.verdict])}</h3>')
            out.append(f'<p>{_e(s["you_said"])}“{_e(_said(a, m.said))}”</p>')
            if m.caused:
                out.append(f'<p>{_e(s["debtor_then"])}“{_e(m.caused)}”</p>')
            if m.change and _effect(a, m.change):
                out.append(f'<p>{_e(s["effect"])}{_e(_effect(a, m.change))}</p>')
            if m.better:
                out.append(f'<p class="better">{_e(s["better"])}“{_e(m.better)}”</p>')
            out.append(f'<p class="why">{_e(m.why)}</p></div>')
    out.append(f'<h2>{_e(s["practise"])}</h2><ul>')
    if not a.practise:
        out.append(f"<li>{_e(s['nothing_to_practise'])}</li>")
    for item in a.practise:
        where = f" — {_e(s['practise_with'])}<code>{_e(item['scenario'])}</code>" if item.get("scenario") else ""
        out.append(f"<li><b>{_e(item['name'])}</b>{where}<br><span class=\"why\">{_e(item['advice'])}</span></li>")
    out.append(f'</ul><h2>{_e(s["transcript"])}</h2><ol class="transcript">')
    for l in a.lines:
        who = s["debtor"] if l.speaker == "debtor" else s["collector"]
        out.append(f'<li value="{l.n}" class="{l.speaker}"><span class="who">{_e(who)}:</span> '
                   f'{_e(_said(a, l.text))} <span class="labels">{_e(", ".join(l.labels))}</span></li>')
    out.append(f'</ol><footer>{_e(s["generated"])}</footer></body></html>\n')
    return "".join(out)
