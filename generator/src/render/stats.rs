//! The 换届 statistics section of region pages: the roll-up figures as a
//! data table (sortable, downloadable as `stats.csv` / `stats.json`) and a
//! chart of the shares, with the definitions stated.

use super::chart::{self, ChartLinks};
use super::shortcode::Shortcode;
use super::table::{self, Download, TableOptions};
use crate::data::DataSheet;
use crate::diagnostics::Location;
use crate::elections::stats::TermRow;
use std::path::Path;

/// The section's HTML and the files published beside the region page.
pub struct StatsBlock {
    pub html: String,
    pub downloads: Vec<Download>,
}

const DEFINITIONS: &str = "<dl class=\"stats-definitions\">\
<dt>平均年龄</dt><dd>全部当选人员年龄的平均数，每人计一次（按人数加权），以选举结果表的“年龄”列为准。</dd>\
<dt>大专及以上</dt><dd>学历为大专、本科、硕士或博士的当选人员，占填写了学历的当选人员的比例。</dd>\
<dt>女性</dt><dd>当选人员中女性的比例。</dd>\
<dt>一肩挑</dt><dd>选举结果中有当选人员“一肩挑”（党组织书记兼任委员会主任）的选举，占结果表有“一肩挑”列的选举的比例，按选举个数计。</dd>\
<dt>参选率</dt><dd>各次选举参加投票人数之和除以登记选民数之和。</dd>\
<dt>变化</dt><dd>与同一机构的上一届（上一个选举年份）相比：年龄以“岁”计，比例以“百分点”计。</dd>\
</dl>";

/// The statistics section of a region page whose rows are `rows`; `file`
/// is the region's `_region.toml`, named by any (unexpected) error.
pub fn render(rows: &[TermRow], file: &Path) -> Option<StatsBlock> {
    if rows.is_empty() {
        return None;
    }
    let at = Location::file(file);
    let header = [
        "机构",
        "届（年份）",
        "选举数",
        "当选人数",
        "平均年龄（岁）",
        "大专及以上（%）",
        "女性（%）",
        "一肩挑（%）",
        "参选率（%）",
        "平均年龄变化（岁）",
        "大专及以上变化（百分点）",
        "女性变化（百分点）",
        "一肩挑变化（百分点）",
        "参选率变化（百分点）",
    ];
    let table_rows: Vec<Vec<String>> = rows.iter().map(row).collect();
    let sheet = DataSheet::from_lines(
        file,
        header.iter().map(|h| h.to_string()).collect(),
        table_rows,
        1,
        vec![1; rows.len()],
    );
    let options = TableOptions {
        caption: Some("历届换届选举当选人员统计".into()),
        totals: false,
        types: Some("届（年份）:text".into()),
    };
    let rendered = table::render(&sheet, "stats", &options, None, &at).ok()?;
    let chart_html = share_chart(rows, file, &at).unwrap_or_default();
    Some(StatsBlock {
        html: format!("{}{chart_html}{DEFINITIONS}", rendered.html),
        downloads: rendered.downloads,
    })
}

fn one_decimal(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.1}"))
}

fn change(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(now), Some(before)) => {
            let d = now - before;
            if d.abs() < 0.05 {
                "0.0".to_string()
            } else {
                format!("{d:+.1}")
            }
        }
        _ => "—".to_string(),
    }
}

fn row(r: &TermRow) -> Vec<String> {
    let f = &r.figures;
    let p = r.previous.map(|(_, p)| p);
    let was = |get: fn(&crate::elections::stats::Figures) -> Option<f64>| p.as_ref().and_then(get);
    use crate::elections::stats::Figures;
    vec![
        r.body.display_name().to_string(),
        r.year.to_string(),
        f.elections.to_string(),
        f.elected.to_string(),
        one_decimal(f.average_age()),
        one_decimal(f.college_share()),
        one_decimal(f.women_share()),
        one_decimal(f.dual_role_rate()),
        one_decimal(f.turnout()),
        change(f.average_age(), was(Figures::average_age)),
        change(f.college_share(), was(Figures::college_share)),
        change(f.women_share(), was(Figures::women_share)),
        change(f.dual_role_rate(), was(Figures::dual_role_rate)),
        change(f.turnout(), was(Figures::turnout)),
    ]
}

/// Grouped bars of the three shares for every term that has them all.
fn share_chart(rows: &[TermRow], file: &Path, at: &Location) -> Option<String> {
    let bars: Vec<Vec<String>> = rows
        .iter()
        .filter_map(|r| {
            let f = &r.figures;
            Some(vec![
                format!("{}年{}", r.year, r.body.display_name()),
                format!("{:.1}", f.college_share()?),
                format!("{:.1}", f.women_share()?),
                format!("{:.1}", f.dual_role_rate()?),
            ])
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let count = bars.len();
    let sheet = DataSheet::from_lines(
        file,
        ["届别", "大专及以上", "女性", "一肩挑"]
            .iter()
            .map(|h| h.to_string())
            .collect(),
        bars,
        1,
        vec![1; count],
    );
    let code = Shortcode {
        name: "chart".into(),
        args: [
            ("src", "stats.csv"),
            ("x", "届别"),
            ("y", "大专及以上,女性,一肩挑"),
            ("kind", "hbar"),
            ("unit", "%"),
            ("title", "当选人员中大专及以上、女性的占比和一肩挑比例（%）"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
    };
    let links = ChartLinks {
        table_anchor: Some("#t-stats".into()),
        csv_href: "stats.csv".into(),
    };
    chart::render(&code, &sheet, "c-stats", &links, at).ok()
}
