#!/usr/bin/env python3
"""What precompression saves and costs.

    python3 benches/precompress/run.py [--site DIR] [--repeats 3]
        [--gongshi target/release/gongshi]

Builds the site (the demo site by default) with and without
`--no-precompress`, alternating, `--repeats` times each. Reports the median
wall and CPU time of both, and, for every text file the build compressed
(the ones with a `.gz` and a `.br` beside them), the bytes as written
against their gzip and brotli copies: what a host with precompressed files
on (nginx `gzip_static`/`brotli_static`, Netlify, Cloudflare Pages) sends
instead, with no compression work per request.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def build(gongshi: str, site: Path, out: Path, precompress: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one build."""
    if out.exists():
        shutil.rmtree(out)
    args = [gongshi, "build", "--root", str(site), "--out", str(out)]
    if not precompress:
        args.append("--no-precompress")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def sizes(out: Path) -> dict[str, tuple[int, int, int, int]]:
    """Per kind of file (extension): count, bytes, gzip bytes, brotli bytes."""
    table: dict[str, list[int]] = {}
    for path in out.rglob("*"):
        if not path.is_file() or path.suffix in (".gz", ".br"):
            continue
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        if not (gz.is_file() and br.is_file()):
            continue
        row = table.setdefault(path.suffix or "(none)", [0, 0, 0, 0])
        row[0] += 1
        row[1] += path.stat().st_size
        row[2] += gz.stat().st_size
        row[3] += br.stat().st_size
    return {ext: tuple(row) for ext, row in sorted(table.items(), key=lambda kv: -kv[1][1])}


def mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, default=REPO, help="site folder (default: the demo site)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--gongshi", default=str(REPO / "target/release/gongshi"))
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="gongshi-precompress-"))
    try:
        timings: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for _ in range(args.repeats):
            for precompress in (False, True):
                timings[precompress].append(build(args.gongshi, args.site, work / "out", precompress))
        table = sizes(work / "out")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"# Precompression: {args.site} ({os.cpu_count()} cores, median of {args.repeats})\n")
    print("| build | wall | CPU |")
    print("|---|--:|--:|")
    for precompress in (False, True):
        walls = [w for w, _ in timings[precompress]]
        cpus = [c for _, c in timings[precompress]]
        name = "with .gz and .br" if precompress else "--no-precompress"
        print(f"| {name} | {statistics.median(walls):.2f} s | {statistics.median(cpus):.2f} s |")
    print("\n| files | count | as written | gzip | brotli | saved (brotli) |")
    print("|---|--:|--:|--:|--:|--:|")
    total = [0, 0, 0, 0]
    for ext, (count, raw, gz, br) in table.items():
        total = [a + b for a, b in zip(total, (count, raw, gz, br))]
        print(f"| {ext} | {count} | {mb(raw)} | {mb(gz)} | {mb(br)} | {100 * (1 - br / raw):.0f}% |")
    count, raw, gz, br = total
    print(f"| all | {count} | {mb(raw)} | {mb(gz)} ({100 * (1 - gz / raw):.0f}% less) | "
          f"{mb(br)} ({100 * (1 - br / raw):.0f}% less) | {100 * (1 - br / raw):.0f}% |")


if __name__ == "__main__":
    main()
