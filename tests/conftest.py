import datetime as dt
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 23)  # a Monday; tests never read the wall clock


@pytest.fixture
def today():
    return TODAY


@pytest.fixture(scope="session")
def scenarios_dir():
    return ROOT / "scenarios"
