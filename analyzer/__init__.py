"""analyze-posts: find the social posts that news articles embed or quote, translate them,
and score how faithfully the article renders them.

>>> from analyzer import analyze_paths
>>> for doc in analyze_paths(["seeds/"], translate=False):
...     for result in doc.posts:
...         print(result.post.platform, result.post.author.handle, result.post.text)

Nothing heavy is imported here: torch and transformers load only when a stage needs them.
"""

from __future__ import annotations

import logging as _logging

from ._version import __version__
from .api import (  # noqa: E402
    analyze_paths,
    analyze_text,
    detect_language,
    read_renderings,
    score_fidelities,
    score_fidelity,
)
from .config import Settings, load_settings  # noqa: E402
from .errors import (  # noqa: E402
    AnalyzerError,
    ConfigError,
    DocumentError,
    FetchError,
    InputError,
    ModelError,
    ModelUnavailable,
    OutputError,
)
from .records import (  # noqa: E402
    AlignedPair,
    Alignment,
    Article,
    Author,
    Detection,
    DocumentResult,
    ErrorRecord,
    Fidelity,
    Flag,
    Paraphrase,
    Post,
    PostResult,
    Rendering,
    Span,
    Translation,
)

__all__ = [
    "AlignedPair",
    "Alignment",
    "AnalyzerError",
    "Article",
    "Author",
    "ConfigError",
    "Detection",
    "DocumentError",
    "DocumentResult",
    "ErrorRecord",
    "FetchError",
    "Fidelity",
    "Flag",
    "InputError",
    "ModelError",
    "ModelUnavailable",
    "OutputError",
    "Paraphrase",
    "Post",
    "PostResult",
    "Rendering",
    "Settings",
    "Span",
    "Translation",
    "__version__",
    "analyze_paths",
    "analyze_text",
    "detect_language",
    "load_settings",
    "read_renderings",
    "score_fidelities",
    "score_fidelity",
]

_logging.getLogger(__name__).addHandler(_logging.NullHandler())
