//! Data tables: the typed sort keys the generator computes at build time
//! and the table widget sorts and filters by in the browser.
//!
//! The generator reads a data file into rows of cell text, infers each
//! column's [`ColumnType`], parses every cell into a [`Key`] and turns the
//! keys into dense ranks ([`rank`]), which it publishes in the table's JSON. The widget never re-parses cell text: sorting is ordering row
//! indices by those ranks ([`view`]).

pub mod column;
pub mod csv;
pub mod keys;
pub mod rank;
pub mod total;
pub mod view;

pub use column::ColumnType;
pub use keys::Key;
