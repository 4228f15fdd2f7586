"""The ``script`` detector: Unicode script and orthography rules alone (no model)."""

from __future__ import annotations

from ..records import Detection
from ..stages import Signature
from ._common import UNDETERMINED, detector_signature, finish, main_script
from .script import rule_for, script_counts

__all__ = ["ScriptDetector"]


class ScriptDetector:
    """Script rules only: answers where the script (or a letter) settles the language, else
    ``und``. Fast and model-free; a building block and a baseline, not a full detector."""

    name = "script"

    def detect(self, text: str, stated: str | None = None) -> Detection:
        counts = script_counts(text)
        script = main_script(counts)
        code = rule_for(script, counts, text) if script is not None else None
        if code is None:
            return finish(UNDETERMINED, 0.0, (), script, stated, self.name)
        return finish(code, 1.0, ((code, 1.0),), script, stated, self.name)

    def signature(self) -> Signature:
        return detector_signature(self.name)
