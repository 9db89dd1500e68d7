"""Who is practising: a trainee name and an optional cohort tag, asked once and remembered.

Taken from the command line (`--trainee`, `--cohort`), else the environment (`CUIKUAN_TRAINEE`,
`CUIKUAN_COHORT`), else what was remembered in the user's config folder. In a workshop served to
browsers (`CUIKUAN_SERVED=1`) nothing is remembered on the server: each browser asks.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def config_path() -> Path:
    env = os.environ.get("CUIKUAN_CONFIG")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir("cuikuan", appauthor=False)) / "trainee.json"


def remembered() -> dict[str, str]:
    if os.environ.get("CUIKUAN_SERVED"):
        return {}
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
        return {k: str(v) for k, v in data.items() if k in ("trainee", "cohort") and isinstance(v, str)}
    except (OSError, ValueError):
        return {}


def resolve(trainee: str | None = None, cohort: str | None = None) -> tuple[str | None, str | None]:
    """The trainee and cohort to use; None where nobody said (the app then asks)."""
    memory = remembered()
    t = trainee or os.environ.get("CUIKUAN_TRAINEE") or memory.get("trainee")
    c = cohort if cohort is not None else os.environ.get("CUIKUAN_COHORT", memory.get("cohort"))
    return (t.strip() or None) if t else None, (c.strip() if c else c)


def remember(trainee: str, cohort: str | None) -> None:
    if os.environ.get("CUIKUAN_SERVED"):
        return
    path = config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"trainee": trainee, "cohort": cohort or ""}, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # not remembering is no reason to stop practising
