#!/usr/bin/env python3
"""Write the Hugo twin of a gongshi site, for the build benchmark.

    python3 benches/build/hugo_site.py --site DIR --out DIR-hugo [--build-date 2023-11-14]

Reads DIR/site/config.toml and DIR/content/ (the layout benches/gen_site.py
writes, which is gongshi's content format) and writes a Hugo site with the
same content and pages of the same shape:

- every region folder (`_region.toml`) becomes a section with `_index.md`
  (name, kind, code and elections in its front matter), nested as in gongshi,
  so a notice keeps its address (`/350181/350181118/v205/n000908/`);
- every notice becomes a page with the same title, date and Markdown body;
  its kind goes to the taxonomy `kinds` (term pages `/kinds/<kind>/`, paged
  like gongshi's kind pages); a notice with a table becomes a leaf bundle
  (`n000908/index.md` with its CSV beside it) and `{{ table(src=…,
  caption=…) }}` becomes `{{< table src=… caption=… >}}`, whose shortcode
  reads the CSV with `transform.Unmarshal` and renders the table;
- every election gets a page `<region>/elections/<id>/` (not listed);
- `/regions/` (the city's region page) and `/search/` as gongshi has them;
- layouts from benches/build/hugo/layouts, the theme's stylesheet
  (fingerprinted by Hugo Pipes) and favicon.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
LAYOUTS = HERE / "hugo" / "layouts"
THEME = REPO / "site" / "static" / "_gongshi"

# gongshi's built-in kinds, in its order (generator/src/config.rs), and its defaults.
KINDS = [
    ("announcement", "公告"),
    ("election-notice", "选举公告"),
    ("voter-list", "选民名单公示"),
    ("candidate-list", "候选人名单公示"),
    ("result", "选举结果公告"),
    ("discipline", "换届纪律"),
    ("finance", "财务公开"),
    ("power-list", "小微权力清单"),
    ("affairs", "村务公开"),
    ("supervision", "监督举报"),
    ("correction", "更正公告"),
    ("news", "工作动态"),
]
DEFAULTS = {"paginate": 50, "feed_limit": 50, "home_latest": 20}
REGION_KINDS = {"city": "市", "county": "区县", "town": "乡镇（街道）", "village": "村", "community": "社区"}
BODIES = {"villagers-committee": "村民委员会", "residents-committee": "居民委员会", "party-branch": "党组织"}
# Election steps with gongshi's default lead-time rules (generator/src/elections/rules.rs).
STEPS = [
    {"id": "election-notice", "name": "选举公告"},
    {"id": "voter-list", "name": "选民名单公示", "before": 20},
    {"id": "candidate-list", "name": "候选人名单公示", "before": 5},
    {"id": "day", "name": "投票选举"},
    {"id": "result", "name": "选举结果公告", "after": 1},
]

SHORTCODE = re.compile(r"\{\{\s*table\((.*?)\)\s*\}\}")
ARG = re.compile(r'(\w+)\s*=\s*"((?:[^"\\]|\\.)*)"')


def q(value) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(str(value), ensure_ascii=False)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return q(value.isoformat())
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return q(value)


def front_matter(fields: dict, tables: dict | None = None) -> str:
    lines = ["+++"]
    lines += [f"{k} = {toml_value(v)}" for k, v in fields.items() if v is not None]
    for name, rows in (tables or {}).items():
        if isinstance(rows, dict):  # one table: [name]
            lines += ["", f"[{name}]"] + [f"{k} = {toml_value(v)}" for k, v in rows.items()]
            continue
        for row in rows:  # an array of tables: [[name]]
            lines += ["", f"[[{name}]]"] + [f"{k} = {toml_value(v)}" for k, v in row.items()]
    lines.append("+++")
    return "\n".join(lines) + "\n"


def split_notice(text: str, path: Path) -> tuple[dict, str]:
    if not text.startswith("+++"):
        sys.exit(f"hugo_site: {path}: only TOML front matter (+++) is converted")
    end = text.find("\n+++", 3)
    if end < 0:
        sys.exit(f"hugo_site: {path}: front matter not closed")
    meta = tomllib.loads(text[3:end])
    body = text[end + 4:].lstrip("\n")
    return meta, body


def convert_shortcodes(body: str) -> tuple[str, list[str]]:
    """`{{ table(src="x.csv", caption="…") }}` → `{{< table src="x.csv" caption="…" >}}`;
    returns the body and the data files it names."""
    files: list[str] = []

    def one(m: re.Match) -> str:
        args = ARG.findall(m.group(1))
        for key, value in args:
            if key == "src":
                files.append(value)
        return "{{< table " + " ".join(f'{k}="{v}"' for k, v in args) + " >}}"

    return SHORTCODE.sub(one, body), files


class Writer:
    def __init__(self) -> None:
        self.files = 0
        self.bytes = 0

    def write(self, path: Path | str, text: str) -> None:
        data = text.encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        self.files += 1
        self.bytes += len(data)

    def copy(self, src: Path, dst: Path) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)
        self.files += 1
        self.bytes += src.stat().st_size


def hugo_config(cfg: dict, kinds: list[tuple[str, str]], build_date: str) -> str:
    p = {k: cfg.get(k, v) for k, v in DEFAULTS.items()}
    lines = [
        f"baseURL = {q(cfg.get('base_url', 'https://example.org/'))}",
        f"languageCode = {q(cfg.get('language', 'zh-CN'))}",
        f"title = {q(cfg.get('title', ''))}",
        "hasCJKLanguage = true",
        f"paginate = {p['paginate']}",
        # gongshi writes Atom feeds (feed.xml) for regions; Hugo's RSS is replaced by the same.
        'disableKinds = ["RSS"]',
        "",
        "[taxonomies]",
        'kind = "kinds"',
        "",
        '[mediaTypes."application/atom+xml"]',
        'suffixes = ["xml"]',
        "",
        "[outputFormats.Atom]",
        'mediaType = "application/atom+xml"',
        'baseName = "feed"',
        "",
        "[outputs]",
        'home = ["HTML", "Atom", "JSON"]',
        'section = ["HTML", "Atom"]',
        'taxonomy = ["HTML"]',
        'term = ["HTML"]',
        'page = ["HTML"]',
        "",
        "[params]",
        f"description = {q(cfg.get('description', ''))}",
        f"build_date = {q(build_date)}",
        f"home_latest = {p['home_latest']}",
        f"feed_limit = {p['feed_limit']}",
        f"kindorder = {toml_value([k for k, _ in kinds])}",
        "",
        "[params.kindnames]",
    ]
    lines += [f"{q(k)} = {q(v)}" for k, v in kinds]
    lines += ["", "[params.regionkinds]"] + [f"{q(k)} = {q(v)}" for k, v in REGION_KINDS.items()]
    lines += ["", "[params.bodies]"] + [f"{q(k)} = {q(v)}" for k, v in BODIES.items()]
    for step in STEPS:
        lines += ["", "[[params.steps]]"] + [f"{k} = {toml_value(v)}" for k, v in step.items()]
    return "\n".join(lines) + "\n"


def convert(site: Path, out: Path, build_date: str) -> dict:
    t0 = time.perf_counter()
    content = site / "content"
    if not (content / "_region.toml").is_file():
        sys.exit(f"hugo_site: {content}/_region.toml not found: is {site} a gongshi site?")
    cfg_path = site / "site" / "config.toml"
    cfg = tomllib.loads(cfg_path.read_text("utf-8")) if cfg_path.is_file() else {}
    kinds = list(KINDS)
    for k, v in (cfg.get("kinds") or {}).items():  # a site may rename or add kinds
        kinds = [(i, v if i == k else n) for i, n in kinds] if any(i == k for i, _ in kinds) else kinds + [(k, v)]

    if out.exists():
        shutil.rmtree(out)
    w = Writer()
    for sub in ("content", "layouts", "assets", "static/_gongshi"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    w.write(out / "config.toml", hugo_config(cfg, kinds, build_date))
    shutil.copytree(LAYOUTS, out / "layouts", dirs_exist_ok=True)
    shutil.copyfile(THEME / "gongshi.css", out / "assets" / "gongshi.css")
    shutil.copyfile(THEME / "favicon.svg", out / "static" / "_gongshi" / "favicon.svg")

    hc = out / "content"
    regions = notices = tables = elections = 0
    city = None
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames.sort()
        here = Path(dirpath)
        rel = here.relative_to(content)
        dest = hc / rel
        dest.mkdir(parents=True, exist_ok=True)
        files = set(filenames)
        if "_region.toml" in files:
            region = tomllib.loads((here / "_region.toml").read_text("utf-8"))
            regions += 1
            if rel == Path("."):
                city = region
            # No weight: Hugo lists sibling regions in its default order (newest
            # page first) where gongshi lists them by folder; the work is the same.
            fields = {"title": region["name"], "region_kind": region.get("kind"), "code": region.get("code")}
            elist = region.get("elections") or []
            w.write(dest / "_index.md", front_matter(fields, {"elections": elist}))
            if elist:
                (dest / "elections").mkdir(exist_ok=True)
            for e in elist:
                title = f"{region['name']}{BODIES.get(e.get('body'), '')}选举（{e['id']}）"
                w.write(dest / "elections" / f"{e['id']}.md",
                        front_matter({"title": title, "layout": "election", "election": e["id"]},
                                     {"_build": {"list": "never"}}))
                elections += 1
        for name in sorted(files):
            if not name.endswith(".md") or name.startswith("_"):
                continue
            src = here / name
            meta, body = split_notice(src.read_text("utf-8"), src)
            if meta.get("draft"):
                continue
            body, data = convert_shortcodes(body)
            fields = {
                "title": meta.get("title"),
                "date": meta.get("date"),
                "kinds": [meta["kind"]] if meta.get("kind") else None,
                "election": meta.get("election"),
                "valid_until": meta.get("valid_until"),
            }
            text = front_matter(fields) + "\n" + body
            stem = name[:-3]
            if data:  # a leaf bundle: the page and its data files
                bundle = dest / stem
                bundle.mkdir(exist_ok=True)
                w.write(bundle / "index.md", text)
                for f in data:
                    w.copy(here / f, bundle / f)
                    tables += 1
            else:
                w.write(dest / name, text)
            notices += 1

    # The taxonomy's pages carry the kinds' Chinese names.
    (hc / "kinds").mkdir(exist_ok=True)
    w.write(hc / "kinds" / "_index.md", front_matter({"title": "公开栏目"}))
    for k, name in kinds:
        (hc / "kinds" / k).mkdir(exist_ok=True)
        w.write(hc / "kinds" / k / "_index.md", front_matter({"title": name}))
    # Pages gongshi has beside the tree: the city's region page and the search page.
    never = {"_build": {"list": "never"}}
    w.write(hc / "regions.md", front_matter(
        {"title": (city or {}).get("name", "地区"), "layout": "cityregion", "url": "/regions/"}, never))
    w.write(hc / "search.md", front_matter({"title": "搜索", "layout": "search", "url": "/search/"}, never))

    return {"regions": regions, "notices": notices, "tables": tables, "elections": elections,
            "files": w.files, "bytes": w.bytes, "seconds": round(time.perf_counter() - t0, 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write the Hugo twin of a gongshi site.")
    ap.add_argument("--site", type=Path, required=True, help="gongshi site (with site/ and content/)")
    ap.add_argument("--out", type=Path, required=True, help="Hugo site to write (replaced whole)")
    ap.add_argument("--build-date", default=dt.datetime.fromtimestamp(
        int(os.environ.get("SOURCE_DATE_EPOCH", "1700000000")), dt.timezone.utc).date().isoformat(),
        help="the date 公示期 status is computed against (default: SOURCE_DATE_EPOCH's, as gongshi)")
    args = ap.parse_args(argv)
    if args.out.resolve() == args.site.resolve() or args.site.resolve() in args.out.resolve().parents:
        ap.error("--out must be outside --site")
    stats = convert(args.site, args.out, args.build_date)
    print(f"hugo_site: {stats['regions']} regions, {stats['notices']} notices, {stats['tables']} tables, "
          f"{stats['elections']} elections, {stats['files']} files, {stats['bytes']} bytes "
          f"in {stats['seconds']}s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
