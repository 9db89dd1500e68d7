"""Tools for trainers who write scenarios: graph, scenario tests, balance, new (no Textual here)."""
