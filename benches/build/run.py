#!/usr/bin/env python3
"""Build benchmark: gongshi and Hugo on the same content, side by side.

    python3 benches/build/run.py [--sizes 1000,10000,100000:1] [--repeats 3]
        [--no-hugo] [--install] [--work /dev/shm] [--out benches/build/results]
        [--idle 0.15] [--idle-timeout 900] [--reuse] [--keep]

For each size N: generate a site of N notices with benches/gen_site.py, write
its Hugo twin with benches/build/hugo_site.py, then build both R times,
alternating (gongshi, Hugo, gongshi, Hugo, ...), each into a freshly removed
output folder:

    SOURCE_DATE_EPOCH=1700000000 gongshi build --no-precompress --root SITE --out OUT
    hugo --quiet --source SITE-hugo --destination OUT --cacheDir CACHE   (cache removed too)

Before each build it waits (--idle) until other jobs leave the CPU idle.
Each build is one child process; its wall time is taken around it, its CPU
time (user + system) and peak resident memory (ru_maxrss) come from wait4.
Reports medians, Hugo / gongshi ratios, time per notice and the pages each
wrote; writes OUT/results.json and OUT/results.md and prints the table.

Python 3.11 standard library only. See BENCHMARKS.md at the repository root.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import hugo_site  # noqa: E402  (beside this file)

EPOCH = "1700000000"
NOTICE_PAGE = re.compile(r"/n\d{6}/index\.html$")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def mem_available_mib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def machine() -> dict:
    info = {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def output_of(cmd: list[str]) -> str | None:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def find_hugo(path: str | None, install: bool) -> str | None:
    if path:
        if not shutil.which(path):
            sys.exit(f"run.py: --hugo {path}: not an executable")
        return path
    hugo = shutil.which("hugo")
    if hugo:
        return hugo
    if not install:
        log("hugo is not installed: skipping Hugo. Install Debian's package with "
            "`apt-get install -y hugo` (or pass --install), or pass --no-hugo to silence this.")
        return None
    cmd = ["apt-get", "install", "-y", "hugo"]
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            sys.exit("run.py: --install needs root or sudo to run apt-get")
        cmd = ["sudo"] + cmd
    log("installing hugo: " + " ".join(cmd))
    subprocess.run(cmd, check=True)
    return shutil.which("hugo")


def run_measured(cmd: list[str], env: dict, log_dir: Path, name: str) -> dict:
    """Runs one build as a child process; wall time around it, CPU time and
    peak RSS of the child from wait4."""
    out_path, err_path = log_dir / f"{name}.stdout", log_dir / f"{name}.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4 already
    result = {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "user_s": round(usage.ru_utime, 3),
        "sys_s": round(usage.ru_stime, 3),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        "exit": proc.returncode,
    }
    if proc.returncode != 0:
        tail = err_path.read_text("utf-8", "replace")[-3000:] or out_path.read_text("utf-8", "replace")[-3000:]
        result["error"] = tail.strip()
    return result


def count_output(out: Path, verify: bool) -> dict:
    """HTML pages and files written; with verify, the notice pages and how
    many of them carry a data table."""
    html = files = size = notices = with_table = 0
    for dirpath, _, filenames in os.walk(out):
        for f in filenames:
            p = os.path.join(dirpath, f)
            files += 1
            size += os.path.getsize(p)
            if f.endswith(".html"):
                html += 1
                if verify and NOTICE_PAGE.search(p):
                    notices += 1
                    with open(p, "rb") as fh:
                        if b'class="gs-table"' in fh.read():
                            with_table += 1
    counts = {"html_pages": html, "files": files, "bytes": size}
    if verify:
        counts.update(notice_pages=notices, notice_pages_with_table=with_table)
    return counts


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def cpu_busy(seconds: float = 3.0) -> float | None:
    """Share of the machine's CPU time (0..1) that was busy over a short
    window, from /proc/stat; between our builds, that is other jobs."""
    def sample():
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields), idle
    try:
        t0, i0 = sample()
        time.sleep(seconds)
        t1, i1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return 1 - (i1 - i0) / max(t1 - t0, 1)


def wait_idle(threshold: float, timeout: float) -> float | None:
    """Waits (up to timeout seconds) until other jobs use less than threshold
    of the machine's CPU, so their work does not land in the timings."""
    deadline = time.monotonic() + timeout
    busy = cpu_busy()
    told = False
    while busy is not None and busy >= threshold and time.monotonic() < deadline:
        if not told:
            log(f"waiting for the machine to be idle (CPU {busy:.0%} busy, waiting for < {threshold:.0%})")
            told = True
        time.sleep(2)
        busy = cpu_busy()
    if busy is not None and busy >= threshold:
        log(f"warning: the machine is still {busy:.0%} busy; timings will be noisy")
    return busy


def median_of(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r.get("exit") == 0]
    return round(statistics.median(values), 3) if values else None


def bench_size(n: int, repeats: int, args, gongshi: str, hugo: str | None, log_dir: Path) -> dict:
    work: Path = args.work
    site = work / f"gongshi-bench-{n}"
    hsite = work / f"gongshi-bench-{n}-hugo"
    gout = work / f"gongshi-bench-{n}-out"
    hout = work / f"gongshi-bench-{n}-hugo-out"
    hcache = work / f"gongshi-bench-{n}-hugo-cache"
    entry: dict = {"notices": n, "repeats": repeats}

    marker = site / ".gen-site.json"
    reuse = args.reuse and marker.is_file() and \
        json.loads(marker.read_text()) == {"generator": "benches/gen_site.py", "notices": n, "seed": args.seed}
    if reuse:
        log(f"{n}: reusing the site in {site}")
    else:
        log(f"{n}: generating the site in {site}")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "benches/gen_site.py"), "--notices", str(n),
                        "--seed", str(args.seed), "--out", str(site), "--force"], check=True,
                       stdout=subprocess.DEVNULL)
        entry["generate_s"] = round(time.perf_counter() - t0, 2)
    if hugo:
        log(f"{n}: writing the Hugo site in {hsite}")
        build_date = dt.datetime.fromtimestamp(int(EPOCH), dt.timezone.utc).date().isoformat()
        entry["hugo_site"] = hugo_site.convert(site, hsite, build_date)

    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    tools = {"gongshi": [gongshi, "build", "--no-precompress", "--root", str(site), "--out", str(gout)]}
    if hugo:
        tools["hugo"] = [hugo, "--quiet", "--source", str(hsite), "--destination", str(hout),
                         "--cacheDir", str(hcache)]
    runs: dict[str, list[dict]] = {t: [] for t in tools}
    failed: set[str] = set()
    for r in range(repeats):
        for tool, cmd in tools.items():
            if tool in failed:
                continue
            out = gout if tool == "gongshi" else hout
            remove(out)
            if tool == "hugo":  # a cold build, as on CI: no cache of earlier runs
                remove(hcache)
                remove(hsite / "resources")
            busy = wait_idle(args.idle, args.idle_timeout) if args.idle else cpu_busy(1.0)
            avail = mem_available_mib()
            log(f"{n}: {tool} run {r + 1}/{repeats} (other jobs: CPU {busy or 0:.0%} busy"
                + (f", memory available {avail:,.0f} MiB)" if avail else ")"))
            res = run_measured(cmd, env, log_dir, f"{n}-{tool}-{r + 1}")
            if tool == "gongshi":  # the binary may be rebuilt while the harness runs: say which one ran
                res["binary_mtime"] = dt.datetime.fromtimestamp(Path(gongshi).stat().st_mtime).isoformat(timespec="seconds")
            res["busy_before"] = None if busy is None else round(busy, 3)
            runs[tool].append(res)
            if res["exit"] != 0:
                failed.add(tool)
                log(f"{n}: {tool} FAILED (exit {res['exit']}):\n{res.get('error', '')[-1500:]}")
                continue
            log(f"{n}: {tool} wall {res['wall_s']:.2f} s, CPU {res['cpu_s']:.2f} s, "
                f"peak {res['peak_rss_mib']:,.0f} MiB")
            if r == 0:
                entry.setdefault("output", {})[tool] = count_output(out, args.verify)

    entry["tools"] = {}
    for tool, rs in runs.items():
        ok = [x for x in rs if x["exit"] == 0]
        summary = {"runs": rs, "ok_runs": len(ok)}
        if ok:
            summary.update({
                "wall_s": median_of(rs, "wall_s"),
                "cpu_s": median_of(rs, "cpu_s"),
                "peak_rss_mib": median_of(rs, "peak_rss_mib"),
                "wall_min_s": min(x["wall_s"] for x in ok),
                "wall_max_s": max(x["wall_s"] for x in ok),
                # other jobs' CPU share just before each run (0..1): high values mean noisy timings
                "busy_before_max": max((x.get("busy_before") or 0) for x in ok),
            })
            summary["wall_ms_per_notice"] = round(summary["wall_s"] * 1000 / n, 3) if n else None
            summary["cpu_ms_per_notice"] = round(summary["cpu_s"] * 1000 / n, 3) if n else None
            summary.update(entry.get("output", {}).get(tool, {}))
        else:
            summary["failed"] = rs[-1].get("error", "") if rs else "not run"
        entry["tools"][tool] = summary

    g, h = entry["tools"].get("gongshi", {}), entry["tools"].get("hugo", {})
    if g.get("wall_s") and h.get("wall_s"):
        entry["hugo_over_gongshi"] = {k: round(h[k] / g[k], 2) for k in ("wall_s", "cpu_s", "peak_rss_mib")}

    if args.verify:
        entry["checks"] = checks(n, entry)
        for c in entry["checks"]:
            log(f"{n}: check {'ok  ' if c['ok'] else 'FAIL'} {c['what']}")

    if not args.keep:
        for p in (gout, hout, hcache, hsite, site):
            remove(p)
    return entry


def checks(n: int, entry: dict) -> list[dict]:
    """What the first build of each tool must have written."""
    tables = entry.get("hugo_site", {}).get("tables", round(n / 10))
    out = []
    for tool, counts in entry.get("output", {}).items():
        out.append({"what": f"{tool}: {counts.get('notice_pages')} notice pages of {n}",
                    "ok": counts.get("notice_pages") == n})
        out.append({"what": f"{tool}: {counts.get('notice_pages_with_table')} notice pages with a table "
                            f"of {tables}", "ok": counts.get("notice_pages_with_table") == tables})
    return out


def fmt(x, digits=2, unit=""):
    if x is None:
        return "—"
    if isinstance(x, float) and digits == 0:
        return f"{x:,.0f}{unit}"
    return f"{x:,.{digits}f}{unit}"


def markdown(results: dict) -> str:
    lines = [
        "| notices | tool | wall (s) | CPU (s) | peak RSS (MiB) | wall ms/notice | CPU ms/notice | HTML pages | files |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for e in results["sizes"]:
        n = f"{e['notices']:,}"
        for tool, t in e["tools"].items():
            name = "gongshi" if tool == "gongshi" else "Hugo"
            if not t.get("ok_runs"):
                lines.append(f"| {n} | {name} | failed | | | | | | |")
                continue
            lines.append(
                f"| {n} | {name} | {fmt(t['wall_s'])} | {fmt(t['cpu_s'])} | {fmt(t['peak_rss_mib'], 0)} | "
                f"{fmt(t['wall_ms_per_notice'], 3)} | {fmt(t['cpu_ms_per_notice'], 3)} | "
                f"{t.get('html_pages', 0):,} | {t.get('files', 0):,} |")
        ratio = e.get("hugo_over_gongshi")
        if ratio:
            lines.append(f"| {n} | **Hugo / gongshi** | **{ratio['wall_s']:.2f}×** | **{ratio['cpu_s']:.2f}×** | "
                         f"**{ratio['peak_rss_mib']:.2f}×** | | | | |")
    m = results["machine"]
    lines += [
        "",
        "Medians over " + ", ".join(f"{e['repeats']} run(s) at {e['notices']:,}" for e in results["sizes"])
        + f" of each tool; {m['cpu_count']} cores "
        f"({m.get('cpu_model', '?')}), {m.get('memory_gib', '?')} GiB; gongshi {results['gongshi']['version']} "
        f"({results['gongshi'].get('commit') or '?'}), {results.get('hugo', {}).get('version') or 'Hugo not run'}; "
        f"{results['date']}.",
    ]
    busy = [t.get("busy_before_max") for e in results["sizes"] for t in e["tools"].values()
            if t.get("busy_before_max") is not None]
    if busy:
        lines[-1] += f" Other jobs used at most {max(busy):.0%} of the CPU just before a measured run."
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Build benchmark: gongshi and Hugo on the same content.")
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="notice counts, comma-separated; N:R gives size N its own number of repeats")
    ap.add_argument("--repeats", type=int, default=3, help="builds of each tool per size (median reported)")
    ap.add_argument("--no-hugo", action="store_true", help="build with gongshi only")
    ap.add_argument("--install", action="store_true", help="install Debian's hugo with apt-get if missing")
    ap.add_argument("--work", type=Path, default=Path("/dev/shm") if Path("/dev/shm").is_dir()
                    else Path(tempfile.gettempdir()), help="where sites and outputs go (default /dev/shm)")
    ap.add_argument("--out", type=Path, default=HERE / "results", help="folder for results.json and results.md")
    ap.add_argument("--seed", type=int, default=1, help="gen_site.py seed")
    ap.add_argument("--gongshi", default=str(REPO / "target/release/gongshi"), help="gongshi binary")
    ap.add_argument("--hugo", default=None, help="hugo binary (default: hugo on PATH)")
    ap.add_argument("--reuse", action="store_true", help="reuse a generated site of the same size and seed")
    ap.add_argument("--keep", action="store_true", help="keep sites and outputs in --work afterwards")
    ap.add_argument("--idle", type=float, default=0.15, metavar="SHARE",
                    help="before each build, wait until other jobs use less than this share of the CPU "
                         "(default 0.15; 0 to not wait)")
    ap.add_argument("--idle-timeout", type=float, default=900, metavar="SECONDS",
                    help="wait at most this long for --idle (default 900)")
    ap.add_argument("--no-verify", dest="verify", action="store_false",
                    help="skip counting notice pages and tables after the first build")
    args = ap.parse_args(argv)
    sizes = []  # (notices, repeats): "100000:1" gives that size its own repeat count
    for item in filter(None, (x.strip() for x in args.sizes.split(","))):
        n, _, r = item.replace("_", "").partition(":")
        sizes.append((int(n), int(r) if r else args.repeats))
    if args.repeats < 1:
        ap.error("--repeats must be 1 or more")
    if not Path(args.gongshi).is_file():
        sys.exit(f"run.py: {args.gongshi} not found: build it with `cargo build --release -p gongshi`")
    hugo = None if args.no_hugo else find_hugo(args.hugo, args.install)

    args.work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    log_dir = args.work / "gongshi-bench-logs"  # each build's stdout and stderr (errors also go to the JSON)
    log_dir.mkdir(exist_ok=True)

    results = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "repeats": args.repeats,
        "machine": machine(),
        "work": str(args.work),
        "gongshi": {
            "binary": args.gongshi,
            "version": output_of([args.gongshi, "--version"]),
            "commit": output_of(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]),
            "binary_mtime": dt.datetime.fromtimestamp(Path(args.gongshi).stat().st_mtime).isoformat(timespec="seconds"),
            "command": "gongshi build --no-precompress --root SITE --out OUT",
        },
        "sizes": [],
    }
    if hugo:
        results["hugo"] = {"binary": hugo, "version": (output_of([hugo, "version"]) or "").splitlines()[0],
                           "command": "hugo --quiet --source SITE-hugo --destination OUT --cacheDir CACHE"}
    log(f"cores: {os.cpu_count()}; gongshi: {results['gongshi']['version']} ({results['gongshi']['commit']}); "
        f"hugo: {results.get('hugo', {}).get('version', 'not run')}")

    json_path = args.out / "results.json"
    for n, repeats in sizes:
        results["sizes"].append(bench_size(n, repeats, args, args.gongshi, hugo, log_dir))
        json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    table = markdown(results)
    (args.out / "results.md").write_text(table, "utf-8")
    print(table)
    ok = all(t.get("ok_runs") for e in results["sizes"] for t in e["tools"].values())
    ok = ok and all(c["ok"] for e in results["sizes"] for c in e.get("checks", []))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
