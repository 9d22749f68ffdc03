//! Checks over the loaded site. Each returns diagnostics and changes
//! nothing; later issues add election rules and personal information here.

mod references;

use crate::diagnostics::Diagnostic;
use crate::model::Site;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    references::check(site, &mut diagnostics);
    diagnostics
}
