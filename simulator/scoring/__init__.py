"""Scoring: verdicts on the principles of domain.md §4, an outcome, a score and key moments.

Plain Python over plain data: the command line, the app and the store call it.
"""

from simulator.scoring.assess import Assessment, Coach, Hint, assess, assess_session, live_verdicts
from simulator.scoring.transcript import Line, Transcript, load_transcript, parse_transcript

__all__ = ["Assessment", "Coach", "Hint", "Line", "Transcript", "assess", "assess_session", "live_verdicts",
           "load_transcript", "parse_transcript"]
