"""Pages per second of `newsmill.extract_many` against the CLI's `newsmill extract`, on one folder
of pages, each in a fresh process, model loading included on both sides.

    python python/bench_extract_many.py ../shared/data/extraction/dev --threads 2 --runs 5
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PYTHON_RUN = """
import sys, time
from pathlib import Path
start = time.perf_counter()
import newsmill
pages = [p.read_bytes() for p in sorted(Path(sys.argv[1]).glob('*.htm*'))]
n = sum(1 for _ in newsmill.extract_many(pages, threads=int(sys.argv[2])))
print(n, time.perf_counter() - start)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cli", type=Path, default=Path(__file__).resolve().parents[1] / "target/release/newsmill")
    args = ap.parse_args()
    pages = sorted(args.folder.glob("*.htm*"))
    cli, py = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(
            [str(args.cli), "extract", "--threads", str(args.threads), *map(str, pages)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        cli.append(len(pages) / (time.perf_counter() - start))
        out = subprocess.run(
            [sys.executable, "-c", PYTHON_RUN, str(args.folder), str(args.threads)],
            check=True, capture_output=True, text=True,
        ).stdout.split()
        py.append(int(out[0]) / float(out[1]))
    c, p = statistics.median(cli), statistics.median(py)
    print(f"{len(pages)} pages, {args.threads} threads, median of {args.runs} runs")
    print(f"CLI extract        {c:7.1f} pages/s")
    print(f"extract_many       {p:7.1f} pages/s  ({100 * p / c:.0f} % of the CLI)")


if __name__ == "__main__":
    main()
