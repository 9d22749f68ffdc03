//! Notices that name an election must name one of their own region.

use crate::diagnostics::{text, Code, Diagnostic, Location, Text};
use crate::model::Site;

pub fn check(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    for notice in &site.notices {
        let Some(id) = &notice.election else { continue };
        let region = site.region(notice.region);
        if !region.definition_ok || region.elections.iter().any(|e| &e.id == id) {
            continue;
        }
        let (line, column) = notice.field_lines.position("election");
        let known: Vec<&str> = region.elections.iter().map(|e| e.id.as_str()).collect();
        let name = &region.name;
        let help = if known.is_empty() {
            text!(
                zh: "{name} 的 _region.toml 中还没有任何 [[elections]]",
                en: "the _region.toml of “{name}” has no [[elections]] yet"
            )
        } else {
            let quoted: Vec<String> = known.iter().map(|id| format!("“{id}”")).collect();
            Text::new(
                format!("{name} 的选举有：{}", known.join("、")),
                format!("the elections of “{name}” are {}", quoted.join(", ")),
            )
        };
        diagnostics.push(
            Diagnostic::new(
                Code::ElectionNotFound,
                Location::new(&notice.source, line, column),
                text!(
                    zh: "election = “{id}” 在 {name} 中不存在",
                    en: "election = “{id}” does not exist in “{name}”"
                ),
            )
            .with_help(help),
        );
    }
}
