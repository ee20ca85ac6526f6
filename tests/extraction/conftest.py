"""Fixtures for the extractor's tests: where the labelled corpus lives (never copied here)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def corpus_root() -> Path | None:
    """The shared corpus: $TRIENKHAI_CORPUS_DIR, or shared/corpus beside the repository."""
    candidates = [os.environ.get("TRIENKHAI_CORPUS_DIR", ""), REPO.parent / "shared" / "corpus",
                  "/work/shared/corpus"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "dev").is_dir():
            return Path(candidate)
    return None


def scorer_path() -> Path | None:
    root = corpus_root()
    if root is None:
        return None
    path = root.parent / "tools" / "score_extraction.py"
    return path if path.is_file() else None


@pytest.fixture
def corpus() -> Path:
    root = corpus_root()
    if root is None:
        pytest.skip("the labelled corpus (shared/corpus/dev) is not available on this machine")
    return root
