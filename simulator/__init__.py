"""催款谈判模拟器 — a negotiation-training simulator for debt collection.

The package is a functional core with thin shells:

    text ─▶ understanding ─▶ persona (state machine) ─▶ session ─▶ (scoring ─▶ debrief)
                                  ▲
                   scenario YAML ─┘

``simulator.vocabulary`` holds every public id; the other stages import it.
"""

__version__ = "0.1.0"
