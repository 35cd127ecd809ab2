"""Shared fixtures: the repository's samples and, when present, the data in ../shared."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSMILL_SHARED", REPO.parent / "shared"))


def shared(relative: str) -> Path:
    """A file or folder under ../shared, or a skip (a failure when NEWSMILL_REQUIRE_SHARED=1)."""
    path = shared_dir() / relative
    if not path.exists():
        if os.environ.get("NEWSMILL_REQUIRE_SHARED") == "1":
            pytest.fail(f"{path} is missing and NEWSMILL_REQUIRE_SHARED=1")
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    """A store holding the repository's samples, built once for the session."""
    import newsmill

    path = tmp_path_factory.mktemp("store") / "news.db"
    newsmill.Store(path).ingest([SAMPLES])
    return path
