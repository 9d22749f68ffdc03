//! Checks over the loaded site. Each returns diagnostics and changes
//! nothing.

mod elections;
mod references;

use crate::diagnostics::Diagnostic;
use crate::elections::Elections;
use crate::model::Site;

pub fn check(site: &Site, elections: &Elections) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    references::check(site, &mut diagnostics);
    elections::check(site, elections, &mut diagnostics);
    diagnostics
}
