//! Rendering results for people (aligned tables) and scripts (JSON). The library
//! returns strings; only the binary prints them.

pub mod lang;
pub mod markdown;
pub mod table;

pub use table::Table;

/// `n` and a noun for people: `1 paper`, `2 papers` (`noun` is the singular; the
/// plural adds an `s`).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

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

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(super::count(1, "paper"), "1 paper");
        assert_eq!(super::count(0, "paper"), "0 papers");
        assert_eq!(super::count(250, "topic"), "250 topics");
    }
}
