//! Roll-up statistics of elected members, up the region tree.
