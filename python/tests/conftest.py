"""Shared fixtures: the repository's samples and, when present, the data in ../shared."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
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


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server started for the session on a free loopback port, in a temp dir (as
    the `postgres` user when the tests run as root, which PostgreSQL refuses), or a skip where
    PostgreSQL is not installed (a failure under NEWSMILL_REQUIRE_SERVERS=1)."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        if os.environ.get("NEWSMILL_REQUIRE_SERVERS") == "1":
            pytest.fail("PostgreSQL is not installed and NEWSMILL_REQUIRE_SERVERS=1")
        pytest.skip("PostgreSQL is not installed")
    bin_dir = Path(bins[-1]).parent
    root = tempfile.mkdtemp(prefix="newsmill-py-pg-")
    as_owner = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = os.path.join(root, "data")
    quiet = dict(check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(as_owner + [str(bin_dir / "initdb"), "-D", data, "-U", "newsmill",
                               "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"], **quiet)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = as_owner + [str(bin_dir / "pg_ctl"), "-D", data]
    subprocess.run(ctl + ["-l", os.path.join(root, "log"), "-w", "-o", options, "start"], **quiet)
    try:
        base = f"postgres://newsmill@127.0.0.1:{port}"
        subprocess.run([str(bin_dir / "psql"), f"{base}/postgres", "-c", "CREATE DATABASE news"],
                       **quiet)
        yield f"{base}/news"
    finally:
        subprocess.run(ctl + ["-m", "immediate", "-w", "stop"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)
