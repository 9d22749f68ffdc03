//! Notices that name an election must name one of their own region.

use crate::diagnostics::{Code, Diagnostic, Location};
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
        let help = if known.is_empty() {
            format!("{} 的 _region.toml 中还没有任何 [[elections]]", region.name)
        } else {
            format!("{} 的选举有：{}", region.name, known.join("、"))
        };
        diagnostics.push(
            Diagnostic::new(
                Code::ElectionNotFound,
                Location::new(&notice.source, line, column),
                format!("election = “{id}” 在 {} 中不存在", region.name),
            )
            .with_help(help),
        );
    }
}
