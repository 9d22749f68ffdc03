#!/usr/bin/env python3
"""Live preview benchmark: how long after an edit the edited page shows it.

    python3 benches/preview/run.py [--notices 10000] [--edits 20] [--site DIR]
        [--gongshi target/release/gongshi] [--out benches/preview/results.md]

Generates a site with benches/gen_site.py (unless --site names one), starts
`gongshi serve` on it and waits for the first build. Then, for each edit, it
writes a changed notice file and polls the notice's page over HTTP every 2 ms
until the change is there: the time from the write to the first response
that shows it is what a resident at the browser waits (the file watcher, the
50 ms settle time, the rebuild and the response; the browser's reload comes
on top). Edits are spread over the site, a pause between them, in three
kinds:

- body: a sentence added to the body (the notice's page, its search records);
- title: a new title (also its region pages, feeds, neighbours, kind listings,
  home page, sitemap);
- date: an earlier date (as title, and the notice moves among the others).

Prints the median, 90th percentile and maximum per kind and overall, with the
server's own "Updated (N ms)" lines, and writes them to --out.

The search index is rebuilt once edits pause for 0.5 s (about a second of
work at 10,000 notices); an edit saved while that runs waits for it, so
edits here are --pause seconds apart, as an editor who looks at the page
between saves.
"""

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ELECTORAL = {"election-notice", "voter-list", "candidate-list", "result", "correction"}
REPO = HERE.parent.parent


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def start_server(gongshi: str, site: Path):
    proc = subprocess.Popen(
        [gongshi, "--lang", "en", "serve", "--root", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []

    def drain(stream):
        for line in stream:
            lines.append(line.rstrip("\n"))

    threading.Thread(target=drain, args=(proc.stderr,), daemon=True).start()
    for line in proc.stdout:
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found:
            threading.Thread(target=drain, args=(proc.stdout,), daemon=True).start()
            return proc, found.group(0), lines
    raise SystemExit(f"gongshi serve stopped: {' '.join(lines)[-2000:]}")


def wait_for(url: str, marker: str, timeout: float = 60.0) -> float:
    """Seconds until the page at `url` contains `marker`."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if marker in fetch(url):
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.002)
    raise SystemExit(f"{url} did not show {marker!r} within {timeout} s")


def edit(text: str, kind: str, n: int) -> tuple[str, str]:
    """The edited file and the marker its page will show."""
    if kind == "body":
        marker = f"预览测试第{n}句"
        return text.rstrip("\n") + f"\n\n{marker}。\n", marker
    if kind == "title":
        marker = f"（预览修订{n}）"
        return re.sub(r'(title\s*[=:]\s*")', r"\g<1>" + marker, text, count=1), marker
    # date: a day in 2015, older than any generated notice, shown on the page
    # as 2015年M月D日.
    month, day = 1 + n % 12, 1 + n % 28
    new = re.sub(r"(date\s*[=:]\s*)\d{4}-\d{2}-\d{2}", rf"\g<1>2015-{month:02}-{day:02}", text, count=1)
    return new, f"2015年{month}月{day}日"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notices", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20, help="edits of each kind")
    ap.add_argument("--site", type=Path, help="an existing site to copy instead of generating one")
    ap.add_argument("--gongshi", default=str(REPO / "target/release/gongshi"))
    ap.add_argument("--pause", type=float, default=3.0,
                    help="seconds between edits: an editor looks at the page; meanwhile the search index catches up")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=HERE / "results.md")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="gongshi-preview-bench-"))
    site = work / "site"
    try:
        if args.site:
            shutil.copytree(args.site, site)
        else:
            subprocess.run([sys.executable, str(REPO / "benches/gen_site.py"), "--notices", str(args.notices),
                            "--seed", "1", "--out", str(site), "--force"], check=True, stdout=subprocess.DEVNULL)
        started = time.perf_counter()
        proc, base, log = start_server(args.gongshi, site)
        first_build = time.perf_counter() - started
        try:
            manifest = json.loads(fetch(base + "disclosures.json"))
            pages = {entry["source"]: entry["url"] for entry in manifest["notices"]}
            # A new date on an election's notice may break the election's
            # rules (an error the preview shows instead of the page): dates
            # move only on other notices.
            undated = {entry["source"] for entry in manifest["notices"] if entry["kind"] not in ELECTORAL}
            rng = random.Random(args.seed)
            sources = rng.sample(sorted(pages), 2 * args.edits) + rng.sample(sorted(undated), args.edits)
            times: dict[str, list[float]] = {"body": [], "title": [], "date": []}
            n = 0
            for kind in times:
                for _ in range(args.edits):
                    source = sources[n]
                    n += 1
                    path = site / source
                    text, marker = edit(path.read_text(encoding="utf-8"), kind, n)
                    time.sleep(args.pause)
                    before = len(log)
                    t0 = time.perf_counter()
                    path.write_text(text, encoding="utf-8")
                    t1 = wait_for(pages[source], marker)
                    times[kind].append((t1 - t0) * 1000)
                    if not any("Updated" in line for line in log[before:]):
                        print(f"  note: edit {n} ({kind}) was not rebuilt incrementally: {log[before:]}")
            server_ms = [int(m.group(1)) for line in log if (m := re.search(r"Updated \((\d+) ms\)", line))]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def row(name: str, values: list[float]) -> str:
        ordered = sorted(values)
        p90 = ordered[max(0, int(round(0.9 * len(ordered))) - 1)]
        return f"| {name} | {len(values)} | {statistics.median(values):.0f} | {p90:.0f} | {max(values):.0f} |"

    everything = [t for values in times.values() for t in values]
    notices = args.notices if not args.site else len(pages)
    lines = [
        f"# Live preview: edit → page shows it ({notices} notices, {os.cpu_count()} cores)",
        "",
        f"Command: `python3 benches/preview/run.py "
        f"{f'--site {args.site}' if args.site else f'--notices {args.notices}'} --edits {args.edits}`; "
        f"first (whole) build {first_build:.1f} s.",
        "",
        "| edit | edits | median ms | p90 ms | max ms |",
        "|---|--:|--:|--:|--:|",
        *(row(kind, values) for kind, values in times.items()),
        row("all", everything),
        row("server's rebuild (\"Updated\")", [float(ms) for ms in server_ms]) if server_ms else "",
        "",
        "Times run from writing the file to the first HTTP response of the page that shows the edit:",
        "the file watcher, the 50 ms settle time, the rebuild and the response.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
