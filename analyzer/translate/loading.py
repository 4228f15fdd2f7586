"""Finding a checkpoint's files: a local directory, the Hugging Face cache, or the hub.

* A local directory (``--model DIR``) is used as is.
* A hub id is looked up in the Hugging Face cache first (no network). If it is not there and
  ``HF_HUB_OFFLINE`` is set, or the hub does not answer within a few seconds, the model is
  unavailable: :class:`~analyzer.errors.ModelUnavailable` with a one-line hint. Otherwise it is
  downloaded into the cache, as transformers would do.
* ``trust_remote_code`` is never used: only Marian configurations are accepted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError, ModelUnavailable
from .registry import ModelSpec

__all__ = [
    "Checkpoint",
    "resolve_checkpoint",
    "download_snapshot",
    "hub_offline",
    "hint_for",
    "HubProbe",
]

log = logging.getLogger(__name__)

PROBE_TIMEOUT = 3.0
#: a failed hub probe is believed for this long (seconds) by the run that made it
PROBE_MEMORY = 600.0
_WEIGHTS = ("model.safetensors", "pytorch_model.bin")
_TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json")
_ALLOW = ["*.json", "*.spm", "*.safetensors"]


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A checkpoint's files on disk."""

    path: Path
    model: str
    revision: str | None
    #: changes whenever the weights change (cache keys, conversion folders)
    fingerprint: str
    low_quality: bool = False


def hub_offline() -> bool:
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().lower() in {"1", "true", "yes", "on"}


def hint_for(spec: ModelSpec) -> str:
    if spec.language and not spec.is_local and spec.quality in {"fast", "best"}:
        quality = " --quality best" if spec.quality == "best" else ""
        command = f"analyze-posts models download {spec.language}{quality}"
    else:
        command = f"huggingface-cli download {spec.model}"
    return f"run '{command}' on a networked machine (or copy its Hugging Face cache), or pass --model DIR"


def _fingerprint(path: Path) -> str:
    parts = [str(path.resolve())]
    for name in _WEIGHTS + ("model.bin",):
        file = path / name
        if file.exists():
            stat = file.stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def check_marian_dir(path: Path) -> None:
    """Raise :class:`ModelError` unless ``path`` holds a Marian checkpoint we can load
    (a transformers folder, or a CTranslate2 folder with the tokenizer files)."""
    missing = [name for name in _TOKENIZER_FILES if not (path / name).exists()]
    if missing:
        raise ModelError(f"{path} is not a MarianMT checkpoint: missing {', '.join(missing)}")
    if (path / "model.bin").exists():  # CTranslate2 folder
        return
    if not any((path / name).exists() for name in _WEIGHTS):
        raise ModelError(f"{path} has no weights (model.safetensors or pytorch_model.bin)")
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {path / 'config.json'}: {exc}") from exc
    if config.get("model_type") != "marian":
        raise ModelError(
            f"{path} is a {config.get('model_type')!r} model; only MarianMT (opus-mt) checkpoints "
            "are supported"
        )


def _cached_snapshot(model: str, revision: str | None) -> Path | None:
    from huggingface_hub import snapshot_download

    try:
        path = Path(snapshot_download(model, revision=revision, local_files_only=True))
    except Exception:  # LocalEntryNotFoundError, OfflineModeIsEnabled, bad repo id, ...
        return None
    has_weights = any((path / name).exists() for name in _WEIGHTS)
    has_tokenizer = all((path / name).exists() for name in _TOKENIZER_FILES)
    return path if has_weights and has_tokenizer else None


def _hub_reachable() -> bool:
    import httpx
    from huggingface_hub import constants

    try:
        httpx.head(constants.ENDPOINT, timeout=PROBE_TIMEOUT)
    except httpx.HTTPError as exc:
        log.info("the Hugging Face hub is not reachable (%s)", exc)
        return False
    return True


class HubProbe:
    """Whether the Hugging Face hub can be reached, asked at most once per
    :data:`PROBE_MEMORY` seconds after a failure: a run shares one probe among its
    translators, so that many models missing offline cost one timeout, not one each.
    ``check`` replaces the network call (tests)."""

    def __init__(self, check: Callable[[], bool] | None = None) -> None:
        self._check = check or _hub_reachable
        self._failed_at: float | None = None

    def reachable(self) -> bool:
        if self._failed_at is not None and time.monotonic() - self._failed_at < PROBE_MEMORY:
            return False
        if self._check():
            return True
        self._failed_at = time.monotonic()
        return False


def download_snapshot(model: str, revision: str | None = None) -> Path:
    """Download a checkpoint into the Hugging Face cache (safetensors when the repo has them,
    else ``pytorch_model.bin``; never the TF/Flax/Rust weights) and return its folder."""
    from huggingface_hub import snapshot_download

    path = Path(snapshot_download(model, revision=revision, allow_patterns=_ALLOW))
    if not any((path / name).exists() for name in _WEIGHTS):
        path = Path(
            snapshot_download(
                model, revision=revision, allow_patterns=_ALLOW + ["pytorch_model.bin"]
            )
        )
    return path


def resolve_checkpoint(
    spec: ModelSpec, *, allow_download: bool = True, probe: HubProbe | None = None
) -> Checkpoint:
    """The files of ``spec`` on disk; raises :class:`ModelUnavailable` (with a hint) when they
    cannot be had, :class:`ModelError` when they are not a Marian checkpoint. ``probe`` is
    the run's hub probe (a fresh one when not given)."""
    local = Path(spec.model).expanduser()
    if local.is_dir():
        check_marian_dir(local)
        return Checkpoint(local, spec.model, None, _fingerprint(local), spec.low_quality)
    if "/" not in spec.model or spec.model.startswith((".", "/", "~")):
        raise ModelUnavailable(f"no model directory {spec.model}", hint_for(spec))
    path = _cached_snapshot(spec.model, spec.revision)
    if path is None:
        if not allow_download or hub_offline():
            raise ModelUnavailable(
                f"{spec.model} is not in the Hugging Face cache and the hub is offline",
                hint_for(spec),
            )
        if not (probe or HubProbe()).reachable():
            raise ModelUnavailable(
                f"{spec.model} is not cached and the Hugging Face hub cannot be reached",
                hint_for(spec),
            )
        try:
            path = download_snapshot(spec.model, spec.revision)
        except Exception as exc:  # network errors, missing repo, disk full
            raise ModelUnavailable(f"cannot download {spec.model}: {exc}", hint_for(spec)) from exc
    check_marian_dir(path)
    revision = path.name if path.parent.name == "snapshots" else spec.revision
    return Checkpoint(path, spec.model, revision, _fingerprint(path), spec.low_quality)
