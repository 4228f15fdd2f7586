from __future__ import annotations

import sys
from pathlib import Path

# seed_scenario.py beside this file is shared by the tests here
sys.path.insert(0, str(Path(__file__).resolve().parent))
