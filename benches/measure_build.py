#!/usr/bin/env python3
"""Measure `gongshi build` on a site: wall time, CPU time and peak memory
(medians over several runs), and the gzip size of a typical notice page.

    python3 benches/measure_build.py --site . --runs 5
    python3 benches/gen_site.py --notices 10000 --out /dev/shm/fz10k
    python3 benches/measure_build.py --site /dev/shm/fz10k --runs 5

Standard library only. Each run is a separate process, so peak memory is
that process's own maximum resident set size (read from wait4)."""

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_once(binary, site, out):
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [binary, "build", "--root", str(site), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build failed:\n{stderr}")
    # ru_maxrss is in KiB on Linux.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def typical_notice_page(out):
    """The median-sized notice page (a page two levels or more below the root
    that is listed in disclosures.json)."""
    import json

    manifest = json.loads((out / "disclosures.json").read_text("utf-8"))
    pages = sorted(
        (out / n["path"] / "index.html" for n in manifest["notices"]),
        key=lambda p: p.stat().st_size,
    )
    return pages[len(pages) // 2] if pages else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=str(REPO / "target/release/gongshi"))
    args = parser.parse_args()
    if not Path(args.binary).exists():
        sys.exit(f"{args.binary} not found: run `cargo build --release -p gongshi` first")

    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as tmp:
        out = Path(tmp) / "public"
        runs = [run_once(args.binary, args.site, out) for _ in range(args.runs)]
        walls, cpus, peaks = zip(*runs)
        pages = len(list(out.glob("**/index.html")))
        page = typical_notice_page(out)
        html = page.read_bytes()
        css = (out / "_gongshi/gongshi.css").read_bytes()
        print(f"site: {args.site}  cores: {os.cpu_count()}  runs: {args.runs}  html pages: {pages}")
        print(f"wall  median {statistics.median(walls):.3f} s  (min {min(walls):.3f}, max {max(walls):.3f})")
        print(f"cpu   median {statistics.median(cpus):.3f} s")
        print(f"peak  median {statistics.median(peaks):.1f} MiB")
        print(
            f"typical notice page {page.relative_to(out)}: {len(html)} B, "
            f"gzip {len(gzip.compress(html, 9))} B; with stylesheet gzip "
            f"{len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))} B"
        )


if __name__ == "__main__":
    main()
