"""The one exception tree of analyze-posts.

::

    AnalyzerError
    ├── ConfigError            a setting or option is invalid
    ├── InputError             a document could not be obtained or read
    │   ├── FetchError         an http(s) URL failed (status, timeout, size cap, redirects)
    │   └── DocumentError      a document was read but cannot be parsed (bad JSON, bad HTML)
    ├── ModelError             a model could not be used
    │   └── ModelUnavailable   no weights here (offline, not cached); carries a hint
    └── OutputError            a result could not be written

Messages say what to do next. Only the CLI turns these into exit codes; the
library turns per-document failures into :class:`analyzer.records.ErrorRecord`
values so that a run goes on.
"""

from __future__ import annotations

__all__ = [
    "AnalyzerError",
    "ConfigError",
    "DocumentError",
    "FetchError",
    "InputError",
    "ModelError",
    "ModelUnavailable",
    "OutputError",
]


class AnalyzerError(Exception):
    """Base class of every error raised by analyze-posts."""

    #: short machine-readable name used in error records
    code = "error"


class ConfigError(AnalyzerError):
    code = "config"


class InputError(AnalyzerError):
    code = "input"


class FetchError(InputError):
    code = "fetch"


class DocumentError(InputError):
    code = "document"


class ModelError(AnalyzerError):
    code = "model"


class ModelUnavailable(ModelError):
    """No weights can be had for a model; ``hint`` says how to get them."""

    code = "model_unavailable"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class OutputError(AnalyzerError):
    code = "output"
