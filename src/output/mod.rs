//! Rendering results for people (aligned tables) and scripts (JSON). The library
//! returns strings; only the binary prints them.

pub mod lang;
pub mod markdown;
pub mod table;

pub use table::Table;

/// Serialise a value as pretty JSON with a trailing newline.
pub fn json<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Our result types hold only strings, numbers and lists: serialising cannot fail.
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}
