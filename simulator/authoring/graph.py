"""The persona's state diagram, drawn by transitions' own diagram support (no Graphviz binary).

Mermaid comes from transitions' mermaid engine; DOT from its graphviz engine, which only needs
the pure-Python `graphviz` package to write the source (rendering it is up to the reader).
"""

from __future__ import annotations

from simulator import vocabulary as V
from simulator.scenario.loader import Scenario
from simulator.scenario.models import text_in

FORMATS = ("mermaid", "dot")


class _Model:
    """A bare model for the diagram machine (the engine's debtor is not needed to draw)."""


def diagram(sc: Scenario, fmt: str = "mermaid", lang: str = "en") -> str:
    from transitions.extensions import GraphMachine

    persona = sc.persona
    non_final = [s.id for s in persona.states if s.kind not in V.FINAL_KINDS]
    states = [{"name": s.id} for s in persona.states]
    transitions = []
    for spec, _ in persona.transitions:
        label = " / ".join(spec.moves)
        if spec.when:
            label += f" [{' and '.join(spec.when)}]"
        sources = non_final if "*" in spec.from_ else list(spec.from_)
        for src in sources:
            if src == spec.to and "*" in spec.from_:
                continue  # "any state" does not mean "stay": keep the picture readable
            transitions.append({"trigger": label, "source": src, "dest": spec.to})
    model = _Model()
    title = f"{sc.id}: {text_in(sc.spec.title, lang)}"
    GraphMachine(model=model, states=states, transitions=transitions, initial=persona.initial,
                 auto_transitions=False, graph_engine="mermaid" if fmt == "mermaid" else "graphviz",
                 title=title, show_conditions=False)
    graph = model.get_graph()
    if fmt == "mermaid":
        return graph.draw(None)
    return graph.source
