//! The downloads: CSV for Excel (the core's writer, shared with the
//! widget's "export current view"), and JSON for programs and the widget.

use super::Table;
use gongshi_widgets::table::csv::to_csv;
use serde::Serialize;

pub fn csv(table: &Table) -> String {
    let header = table.sheet.header.iter().map(String::as_str);
    let rows = table
        .rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect::<Vec<_>>());
    to_csv(std::iter::once(header.collect::<Vec<_>>()).chain(rows))
}

/// The name of the format of a table's JSON download, its first field.
pub const FORMAT: &str = "gongshi-table/1";

/// The `gongshi-table/1` format, documented in ARCHITECTURE.md.
#[derive(Serialize)]
struct TableJson<'a> {
    format: &'static str,
    caption: Option<&'a str>,
    columns: Vec<ColumnJson<'a>>,
    rows: &'a [Vec<String>],
    ranks: Vec<&'a [u32]>,
    initials: Vec<Option<&'a [String]>>,
    values: Vec<Option<&'a [Option<f64>]>>,
}

#[derive(Serialize)]
struct ColumnJson<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    decimals: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<&'a str>,
}

pub fn json(table: &Table) -> Vec<u8> {
    let columns = &table.columns;
    let json = TableJson {
        format: FORMAT,
        caption: table.caption.as_deref(),
        columns: columns
            .iter()
            .map(|c| ColumnJson {
                name: &c.name,
                kind: c.kind.as_str(),
                decimals: c.values.as_ref().map(|_| c.decimals),
                total: c.total.as_deref(),
            })
            .collect(),
        rows: table.rows,
        ranks: columns.iter().map(|c| c.ranks.as_slice()).collect(),
        initials: columns.iter().map(|c| c.initials.as_deref()).collect(),
        values: columns.iter().map(|c| c.values.as_deref()).collect(),
    };
    serde_json::to_vec(&json).expect("plain data serializes")
}
