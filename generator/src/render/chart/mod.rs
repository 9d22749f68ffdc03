//! The `chart` shortcode: a data file drawn as an inline SVG at build time
//! (`{{ chart(src="…", x="姓名", y="得票", kind="hbar") }}`).
//!
//! The output is safe by construction (every text from the data file or the
//! shortcode is escaped; no scripts, event attributes or outside
//! references) and byte-for-byte deterministic. Accessibility: the SVG is one
//! `role="img"` with a title and a one-sentence summary, every mark carries
//! its value as text, several series differ by fill pattern or line dash and
//! marker shape as well as colour, and the caption links to the same data as
//! a table and as CSV.

mod axis;
mod bar;
mod line;
mod pie;
mod svg;
#[cfg(test)]
mod tests;

use super::shortcode::Shortcode;
use super::templates::escape;
use crate::data::{CellRef, DataSheet};
use crate::diagnostics::{list, text, Code, Diagnostic, Location, Text};
use gongshi_widgets::table::keys::{parse_date, parse_number};
use gongshi_widgets::table::total;
use std::fmt::Write as _;

/// Where the chart's data can also be read, for its accessible fallback.
pub struct ChartLinks {
    /// `#t-…` when the same data is shown as a table on the page.
    pub table_anchor: Option<String>,
    /// The table's CSV download, relative to the page (e.g. "2021-xuanju-jieguo.csv").
    pub csv_href: String,
}

/// The shortcode's arguments, for the error about an unknown one.
const ARGUMENTS: &[&str] = &["src", "sheet", "x", "y", "kind", "title", "unit"];

/// More series than this would need patterns nobody can tell apart.
const MAX_SERIES: usize = 8;

/// More categories than this make no readable chart (and a heavy page).
const MAX_CATEGORIES: usize = 500;

/// Rows whose category is one of these are totals, not categories: a bar
/// for 合计 would dwarf the others and a pie would count everything twice.
/// Checked in the x column and the first column (where the table looks),
/// on every row (小计 rows stand in the middle).
const TOTAL_ROWS: &[&str] = &["合计", "总计", "共计", "总数", "小计"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bar,
    HBar,
    Line,
    Pie,
}

impl Kind {
    fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "bar" | "柱状图" | "柱形图" => Some(Kind::Bar),
            "hbar" | "条形图" => Some(Kind::HBar),
            "line" | "折线图" => Some(Kind::Line),
            "pie" | "饼图" => Some(Kind::Pie),
            _ => None,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Kind::Bar => "bar",
            Kind::HBar => "hbar",
            Kind::Line => "line",
            Kind::Pie => "pie",
        }
    }
}

/// What every kind of chart draws from: categories along one axis and one
/// or more series of numbers (`None` where the cell is empty).
struct Data {
    x_name: String,
    categories: Vec<String>,
    series: Vec<Series>,
    /// Written after every value (`票`, `元`, `%`), or empty.
    unit: String,
    /// Line charts over dates: each category's day number, for spacing
    /// points by time.
    days: Option<Vec<i64>>,
}

struct Series {
    name: String,
    values: Vec<Option<f64>>,
    /// Decimal places the cells are written with, so labels show values as
    /// precisely as the table does.
    decimals: u8,
}

impl Data {
    /// `1,201 票`, `24.6%`, `1,200.50 元`.
    fn value_text(&self, series: usize, value: f64) -> String {
        with_unit(
            &total::format(value, self.series[series].decimals),
            &self.unit,
        )
    }

    /// The value axis title: `得票（票）` for one series, `单位：元` for several.
    fn value_title(&self) -> String {
        if let [series] = self.series.as_slice() {
            if self.unit.is_empty() || header_unit(&series.name) == Some(self.unit.as_str()) {
                series.name.clone()
            } else {
                format!("{}（{}）", series.name, self.unit)
            }
        } else if self.unit.is_empty() {
            String::new()
        } else {
            format!("单位：{}", self.unit)
        }
    }
}

fn with_unit(number: &str, unit: &str) -> String {
    match unit {
        "" => number.to_string(),
        "%" | "‰" | "％" => format!("{number}{unit}"),
        _ => format!("{number} {unit}"),
    }
}

/// The unit a header names in brackets at its end: `金额（元）` → `元`.
fn header_unit(header: &str) -> Option<&str> {
    let open = header.rfind(['（', '('])?;
    let inner = header[open..]
        .strip_prefix(['（', '('])?
        .strip_suffix(['）', ')'])?
        .trim();
    (!inner.is_empty() && inner.chars().count() <= 4).then_some(inner)
}

/// Draws `code` (a parsed `{{ chart(...) }}`) from `sheet` as a `<figure>`
/// holding an inline SVG and a caption linking to the data. `id` is
/// page-unique (`c-2021-xuanju-jieguo`) and prefixes every id inside, so two
/// charts on a page never share a pattern; `at` is where the shortcode
/// stands, for errors about its arguments.
pub fn render(
    code: &Shortcode,
    sheet: &DataSheet,
    id: &str,
    links: &ChartLinks,
    at: &Location,
) -> Result<String, Diagnostic> {
    let invalid = |message: Text| Diagnostic::new(Code::ShortcodeInvalid, at.clone(), message);
    if let Some((key, _)) = code
        .args
        .iter()
        .find(|(k, _)| !ARGUMENTS.contains(&k.as_str()))
    {
        return Err(invalid(list(ARGUMENTS).wrap(
            |known| format!("图表没有参数 “{key}”。可以用的参数：{known}"),
            |known| format!("a chart has no argument “{key}”; the arguments are: {known}"),
        )));
    }
    let kind = match code.arg("kind").map(str::trim) {
        None | Some("") => Kind::Bar,
        Some(text) => Kind::parse(text).ok_or_else(|| {
            invalid(text!(
                zh: "图表类型 kind=\"{text}\" 不认识。可以用：bar（柱状图，默认）、hbar（横向条形图，名字长时用）、line（折线图）、pie（饼图）",
                en: "unknown chart type “{text}” in kind; the types are: bar (bar chart, the default), hbar (horizontal bars, for long names), line (line chart), pie (pie chart)"
            ))
        })?,
    };
    let data = read_data(code, sheet, kind, at)?;
    let title = match code.arg("title").map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            let names: Vec<&str> = data.series.iter().map(|s| s.name.as_str()).collect();
            format!("{}（按{}）", names.join("、"), data.x_name)
        }
    };
    let mut canvas = svg::Canvas::new(id);
    let summary = match kind {
        Kind::Bar => bar::vertical(&mut canvas, &data),
        Kind::HBar => bar::horizontal(&mut canvas, &data),
        Kind::Line => line::draw(&mut canvas, &data),
        Kind::Pie => pie::draw(&mut canvas, &data),
    };
    Ok(figure(id, kind, &title, &summary, &canvas, links))
}

/// The shortcode's columns, read from the sheet into [`Data`].
fn read_data(
    code: &Shortcode,
    sheet: &DataSheet,
    kind: Kind,
    at: &Location,
) -> Result<Data, Diagnostic> {
    let invalid = |message: Text| Diagnostic::new(Code::ShortcodeInvalid, at.clone(), message);
    let file = sheet.file.display().to_string();
    let columns = sheet.column_list();
    let column = |role: &str, name: &str| {
        sheet.column(name).ok_or_else(|| {
            invalid(Text::new(
                format!(
                    "图表的 {role} 列 “{name}” 在数据文件 {file} 的表头里找不到。可用的列：{}",
                    columns.zh()
                ),
                format!(
                    "the chart's {role} column “{name}” is not in the header of the data file `{file}`; the columns are: {}",
                    columns.en()
                ),
            ))
        })
    };
    let x_name = code
        .arg("x")
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .ok_or_else(|| {
            let first = sheet.header.first().map_or("姓名", String::as_str);
            invalid(Text::new(
                format!(
                    "图表缺少参数 x：写分类（横轴）用哪一列，例如 x=\"{first}\"。可用的列：{}",
                    columns.zh()
                ),
                format!(
                    "the chart needs x, the column of the categories (the horizontal axis), such as x=“{first}”; the columns are: {}",
                    columns.en()
                ),
            ))
        })?;
    let x = column("x", x_name)?;
    let y_names: Vec<&str> = code
        .arg("y")
        .unwrap_or("")
        .split([',', '，', '、'])
        .map(str::trim)
        .filter(|y| !y.is_empty())
        .collect();
    if y_names.is_empty() {
        return Err(invalid(Text::new(
            format!(
                "图表缺少参数 y：写要画的数字在哪一列，例如 y=\"得票\"；几列用逗号隔开。可用的列：{}",
                columns.zh()
            ),
            format!(
                "the chart needs y, the column of the numbers to draw, such as y=“得票”, several separated by commas; the columns are: {}",
                columns.en()
            ),
        )));
    }
    let mut ys = Vec::new();
    for (i, name) in y_names.iter().enumerate() {
        if y_names[..i].contains(name) {
            return Err(invalid(text!(
                zh: "图表的 y 里 “{name}” 写了两次",
                en: "the chart's y names “{name}” twice"
            )));
        }
        ys.push(column("y", name)?);
    }
    if ys.len() > MAX_SERIES {
        return Err(invalid(text!(
            zh: "图表的 y 写了 {} 列，最多只能 {MAX_SERIES} 列：太多了图上分不清。请分成几张图",
            en: "the chart's y names {} columns, and at most {MAX_SERIES} can be drawn: more cannot be told apart; split it into several charts",
            ys.len()
        )));
    }
    if kind == Kind::Pie && ys.len() > 1 {
        let quoted: Vec<String> = y_names.iter().map(|n| format!("“{n}”")).collect();
        return Err(invalid(Text::new(
            format!(
                "饼图只能画一列数字，y 里写了 {} 列（{}）。请只写一列，或改用 kind=\"bar\"",
                ys.len(),
                y_names.join("、")
            ),
            format!(
                "a pie chart draws only one column of numbers, and y names {} ({}); name one, or use kind=\"bar\"",
                ys.len(),
                quoted.join(", ")
            ),
        )));
    }

    let rows: Vec<usize> = (0..sheet.rows.len())
        .filter(|&r| {
            let is_total = |cell: &str| {
                let label: String = cell
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '*')
                    .collect();
                TOTAL_ROWS.contains(&label.as_str())
            };
            let row = &sheet.rows[r];
            !is_total(&row[x]) && !row.first().is_some_and(|c| is_total(c))
        })
        .collect();
    if rows.is_empty() {
        let (location, _) = sheet.locate(CellRef {
            row: None,
            column: x,
        });
        return Err(Diagnostic::new(
            Code::DataFileInvalid,
            location,
            text!(
                zh: "数据文件 {file} 除了表头（和合计行）没有数据，画不出图表",
                en: "the data file `{file}` has nothing but its header (and a total row): there is no chart to draw"
            ),
        ));
    }
    if rows.len() > MAX_CATEGORIES {
        return Err(invalid(text!(
            zh: "数据文件 {file} 有 {} 行，图表最多画 {MAX_CATEGORIES} 项，再多就看不清了",
            en: "the data file `{file}` has {} rows, and a chart draws at most {MAX_CATEGORIES} items: more cannot be read",
            rows.len()
        ))
        .with_help(text!(
            zh: "这么多行的数据请只用表格（table）公开；图表请画汇总后的数据，例如按村民小组合计",
            en: "publish that many rows as a table only; draw a chart of a summary, such as totals by villagers' group"
        )));
    }

    let mut series = Vec::new();
    let mut all_percent = true;
    for (&column, name) in ys.iter().zip(&y_names) {
        let mut values = Vec::with_capacity(rows.len());
        let mut decimals = 0;
        for &row in &rows {
            let text = sheet.rows[row][column].trim();
            if text.is_empty() {
                values.push(None);
                continue;
            }
            let value = parse_number(text).filter(|v| v.is_finite());
            let Some(value) = value else {
                let (location, place) = sheet.locate(CellRef {
                    row: Some(row),
                    column,
                });
                return Err(Diagnostic::new(
                    Code::DataFileInvalid,
                    location,
                    place.wrap(
                        |place| format!("{place}填的是 “{text}”，不是数字，图表画不了"),
                        |place| format!("{place} holds “{text}”, which is not a number: the chart cannot be drawn"),
                    ),
                )
                .with_help(text!(
                    zh: "图表 y 列的格子只能写数字，例如 1201、1,201、85.5%、1.2万；说明文字请写在别的列里；没有数据的格子留空",
                    en: "the cells of a chart's y column can only hold numbers, such as 1201, 1,201, 85.5% or “1.2万”; put words in another column, and leave a cell with no data empty"
                )));
            };
            if kind == Kind::Pie && value < 0.0 {
                let (location, place) = sheet.locate(CellRef {
                    row: Some(row),
                    column,
                });
                return Err(Diagnostic::new(
                    Code::DataFileInvalid,
                    location,
                    place.wrap(
                        |place| format!("{place}填的是负数 “{text}”，饼图画不了负数"),
                        |place| format!("{place} holds the negative number “{text}”: a pie chart cannot draw negative numbers"),
                    ),
                )
                .with_help(text!(
                    zh: "有负数（例如支出）时请改用 kind=\"bar\" 或 kind=\"hbar\"",
                    en: "with negative numbers (spending, say), use kind=\"bar\" or kind=\"hbar\""
                )));
            }
            all_percent &= text.ends_with(['%', '％']);
            decimals = decimals.max(cell_decimals(text));
            values.push(Some(value));
        }
        series.push(Series {
            name: name.to_string(),
            values,
            decimals,
        });
    }
    let any_value = series.iter().any(|s| s.values.iter().any(Option::is_some));
    let unit = match code.arg("unit").map(str::trim) {
        Some(unit) if !unit.is_empty() => unit.to_string(),
        _ => {
            let units: Vec<Option<&str>> = y_names.iter().map(|n| header_unit(n)).collect();
            match units[0] {
                Some(unit) if units.iter().all(|u| *u == Some(unit)) => unit.to_string(),
                _ if any_value && all_percent => "%".to_string(),
                _ => String::new(),
            }
        }
    };
    let mut data = Data {
        x_name: x_name.to_string(),
        categories: rows
            .iter()
            .map(|&r| match sheet.rows[r][x].trim() {
                "" => "（空）".to_string(),
                label => label.to_string(),
            })
            .collect(),
        series,
        unit,
        days: None,
    };
    if kind == Kind::Line {
        order_by_date(&mut data);
    }
    Ok(data)
}

/// Decimal places of a cell, less the places its 万/亿 multiplier eats:
/// `1.5万` is 15,000, shown with none.
fn cell_decimals(text: &str) -> u8 {
    let places = total::decimals(text);
    let eaten = if text.contains('亿') {
        8
    } else if text.contains('万') {
        4
    } else if text.contains('千') {
        3
    } else {
        0
    };
    places.saturating_sub(eaten).min(4)
}

/// A line chart over dates: when every category reads as a date, sorts
/// the points by date (keeping row order for equal dates) and records each
/// date's day number; otherwise the row order stands.
fn order_by_date(data: &mut Data) {
    let Some(dates) = data
        .categories
        .iter()
        .map(|c| parse_date(c))
        .collect::<Option<Vec<u32>>>()
    else {
        return;
    };
    let mut order: Vec<usize> = (0..dates.len()).collect();
    order.sort_by_key(|&i| dates[i]);
    data.categories = order.iter().map(|&i| data.categories[i].clone()).collect();
    for series in &mut data.series {
        series.values = order.iter().map(|&i| series.values[i]).collect();
    }
    data.days = Some(order.iter().map(|&i| day_number(dates[i])).collect());
}

/// Days since 1970-01-01 of a `yyyymmdd` date (a missing month or day
/// counts as the first).
fn day_number(date: u32) -> i64 {
    let year = i64::from(date / 10_000);
    let month = i64::from((date / 100 % 100).max(1));
    let day = i64::from((date % 100).max(1));
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Up to three names joined by 、, then “等 n 项”.
fn names(list: &[&str]) -> String {
    let shown: Vec<&str> = list.iter().take(3).copied().collect();
    let mut text = shown.join("、");
    if list.len() > 3 {
        let _ = write!(text, "等 {} 项", list.len());
    }
    text
}

/// `最高 张三 1,201 票，最低 李四 12 票` over one series, or `None` when it
/// has no values.
fn extremes(data: &Data, series: usize, indices: &[usize]) -> Option<String> {
    let values = &data.series[series].values;
    let present: Vec<(usize, f64)> = indices
        .iter()
        .filter_map(|&i| values[i].map(|v| (i, v)))
        .collect();
    let max = present.iter().map(|p| p.1).reduce(f64::max)?;
    let min = present.iter().map(|p| p.1).reduce(f64::min)?;
    let who = |target: f64| {
        let list: Vec<&str> = present
            .iter()
            .filter(|p| p.1 == target)
            .map(|p| data.categories[p.0].as_str())
            .collect();
        names(&list)
    };
    if present.len() == 1 {
        return Some(format!("{} {}", who(max), data.value_text(series, max)));
    }
    if max == min {
        return Some(format!("都是 {}", data.value_text(series, max)));
    }
    Some(format!(
        "最高 {} {}，最低 {} {}",
        who(max),
        data.value_text(series, max),
        who(min),
        data.value_text(series, min)
    ))
}

/// The summary of a bar chart (either direction).
fn bar_summary(data: &Data) -> String {
    let n = data.categories.len();
    let all: Vec<usize> = (0..n).collect();
    let mut text = format!("共 {n} 项");
    if let [_] = data.series.as_slice() {
        match extremes(data, 0, &all) {
            Some(e) => {
                let _ = write!(text, "，{e}");
            }
            None => text.push_str("，都没有数据"),
        }
    } else {
        let _ = write!(text, "，{} 组数据", data.series.len());
        for (s, series) in data.series.iter().enumerate() {
            let part = extremes(data, s, &all).unwrap_or_else(|| "没有数据".into());
            let _ = write!(text, "；{}：{part}", series.name);
        }
    }
    let missing = data
        .series
        .iter()
        .map(|s| s.values.iter().filter(|v| v.is_none()).count())
        .sum::<usize>();
    if missing > 0
        && data
            .series
            .iter()
            .any(|s| s.values.iter().any(Option::is_some))
    {
        let _ = write!(text, "；{missing} 个格子没有数据");
    }
    text.push('。');
    text
}

/// The `<figure>` around a drawn chart.
fn figure(
    id: &str,
    kind: Kind,
    title: &str,
    summary: &str,
    canvas: &svg::Canvas,
    links: &ChartLinks,
) -> String {
    let id_attr = escape(id);
    let (width, height) = (canvas.width, canvas.height);
    let mut html = String::with_capacity(canvas.body.len() + 1024);
    // A chart too wide for a phone scrolls sideways: keyboards must reach it.
    let focus = if width * svg::MIN_SCALE > svg::PHONE_WIDTH {
        " tabindex=\"0\""
    } else {
        ""
    };
    let _ = write!(
        html,
        "<figure class=\"gs-chart gs-chart-{kind}\" id=\"{id_attr}\"{focus}>\n\
         <svg class=\"gs-chart-svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         style=\"max-width:{max_em}em;min-width:{min_px}px\" role=\"img\" \
         aria-labelledby=\"{id_attr}-title {id_attr}-desc\">\n\
         <title id=\"{id_attr}-title\">{title_text}</title>\n\
         <desc id=\"{id_attr}-desc\">{desc}</desc>\n",
        kind = kind.class(),
        w = svg::num(width),
        h = svg::num(height),
        max_em = svg::num(width / svg::UNITS_PER_EM),
        min_px = svg::num(width * svg::MIN_SCALE),
        title_text = escape(title),
        desc = escape(summary),
    );
    html.push_str(&canvas.defs());
    let _ = writeln!(
        html,
        "<g class=\"gs-chart-body\" font-size=\"{}\" fill=\"{}\">",
        svg::num(svg::FONT),
        svg::INK
    );
    html.push_str(&canvas.body);
    html.push_str("</g>\n</svg>\n<figcaption>");
    html.push_str(&escape(title));
    if !title.ends_with(['。', '.', '！', '？', '!', '?']) {
        html.push('。');
    }
    if let Some(anchor) = links.table_anchor.as_deref().filter(|a| !a.is_empty()) {
        let anchor = if anchor.starts_with('#') {
            anchor.to_string()
        } else {
            format!("#{anchor}")
        };
        let _ = write!(html, "<a href=\"{}\">查看数据表</a> 或 ", escape(&anchor));
    }
    let _ = write!(
        html,
        "<a href=\"{}\">下载数据（CSV）</a></figcaption>\n</figure>\n",
        escape(&relative_href(&links.csv_href))
    );
    html
}

/// A relative link that cannot be read as a scheme: a file named
/// `javascript:x.csv` becomes `./javascript:x.csv`.
fn relative_href(href: &str) -> String {
    let scheme_like = href
        .split_once(':')
        .is_some_and(|(before, _)| !before.contains(['/', '?', '#']));
    if scheme_like {
        format!("./{href}")
    } else {
        href.to_string()
    }
}
