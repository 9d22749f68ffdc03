//! The static `<table>`: readable with no script, at 320 px (a scrolling
//! region with a visible cue), and what the widget enhances in place.

use super::{Table, HTML_ROWS, LARGE_TABLE_ROWS};
use crate::render::templates::escape;
use gongshi_widgets::table::ColumnType;
use std::fmt::Write;

pub fn render(table: &Table) -> String {
    let rows = table.rows;
    let shown = if rows.len() > LARGE_TABLE_ROWS {
        HTML_ROWS
    } else {
        rows.len()
    };
    let id = &table.id;
    let stem = escape(&relative(&table.stem));
    let mut html = String::with_capacity(256 + shown * table.columns.len() * 24);
    let _ = write!(
        html,
        "<div class=\"gs-table\" id=\"{id}\" data-gs-table=\"{stem}.json\" data-rows=\"{}\">",
        rows.len()
    );
    match &table.caption {
        Some(_) => {
            let _ = write!(
                html,
                "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}-caption\">"
            );
        }
        None => html.push_str(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"数据表\">",
        ),
    }
    html.push_str("<table class=\"data-table\">");
    if let Some(caption) = &table.caption {
        let _ = write!(
            html,
            "<caption id=\"{id}-caption\">{}</caption>",
            escape(caption)
        );
    }
    html.push_str("<thead><tr>");
    for column in &table.columns {
        let _ = write!(
            html,
            "<th scope=\"col\"{} data-type=\"{}\">{}</th>",
            class(column.kind),
            column.kind.as_str(),
            escape(&column.name)
        );
    }
    html.push_str("</tr></thead><tbody>");
    for (r, row) in rows.iter().take(shown).enumerate() {
        html.push_str("<tr>");
        for (c, cell) in row.iter().enumerate() {
            let content = match table.cell_html {
                Some(cells) => cells[r][c].clone(),
                None => escape(cell),
            };
            let _ = write!(html, "<td{}>{content}</td>", class(table.columns[c].kind));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody>");
    if table.columns.iter().any(|c| c.total.is_some()) {
        html.push_str("<tfoot><tr>");
        for (c, column) in table.columns.iter().enumerate() {
            match &column.total {
                Some(total) => {
                    let _ = write!(html, "<td class=\"num\">{}</td>", escape(total));
                }
                None if c == 0 => html.push_str("<th scope=\"row\">合计</th>"),
                None => html.push_str("<td></td>"),
            }
        }
        html.push_str("</tr></tfoot>");
    }
    html.push_str("</table></div>");
    if shown < rows.len() {
        let _ = write!(
            html,
            "<p class=\"table-more\">共 {} 行，此处显示前 {shown} 行。完整数据请下载下方的 CSV 文件（可用 Excel 打开）。</p>",
            thousands(rows.len())
        );
    }
    let _ = write!(
        html,
        "<p class=\"table-downloads\">下载数据：<a href=\"{stem}.csv\" download>CSV（Excel 可直接打开）</a> · <a href=\"{stem}.json\">JSON</a></p></div>"
    );
    html
}

/// A file stem as the start of a relative link: a data file named
/// `javascript:alert(1).csv` must not give `href="javascript:alert(1).csv"`.
fn relative(stem: &str) -> String {
    let scheme_like = stem
        .split_once(':')
        .is_some_and(|(before, _)| !before.contains(['/', '?', '#']));
    if scheme_like {
        format!("./{stem}")
    } else {
        stem.to_string()
    }
}

fn class(kind: ColumnType) -> &'static str {
    if kind == ColumnType::Number {
        " class=\"num\""
    } else {
        ""
    }
}

/// `3000` → `3,000`.
fn thousands(n: usize) -> String {
    gongshi_widgets::table::total::format(n as f64, 0)
}
