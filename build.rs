//! Build script: a fingerprint of what this readnext is built from (its sources, manifest,
//! lock file, model registry, features, profile and target), as `READNEXT_SOURCE_HASH`.
//! The caches beside an index name it in their keys (`index::cache::build_stamp`), so a
//! readnext built from other code never trusts them, while rebuilding the same code (a
//! new `cargo build`, another clone, `cargo install` again) keeps them: at 100,000
//! papers they take half an hour.

use std::path::{Path, PathBuf};

/// FNV-1a, 64 bits, as `index::cache::key_of` (a build script cannot use the crate it
/// builds): stable across Rust versions and platforms, which std's hasher is not.
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// A field of its own: its length first, so two fields never read as one.
    fn field(&mut self, bytes: &[u8]) {
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
    }
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let mut files = vec![
        PathBuf::from("Cargo.toml"),
        PathBuf::from("Cargo.lock"),
        PathBuf::from("build.rs"),
        // Compiled in (`include_str!`): the model registry's prefixes and cosine spreads
        // change what is embedded and how it is ranked.
        PathBuf::from("models/registry.json"),
    ];
    let mut sources = Vec::new();
    files_under(Path::new("src"), &mut sources);
    // Sorted by path with `/` separators, so the order is the same on every system.
    sources.sort_by_key(|p| p.to_string_lossy().replace('\\', "/"));
    files.extend(sources);

    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for path in &files {
        h.field(path.to_string_lossy().replace('\\', "/").as_bytes());
        // A file that cannot be read (a package without `Cargo.lock`) counts as empty.
        h.field(&std::fs::read(path).unwrap_or_default());
    }
    // What else changes the compiled code: features, profile, target and flags.
    let mut vars: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| {
            k.starts_with("CARGO_FEATURE_")
                || matches!(
                    k.as_str(),
                    "PROFILE" | "OPT_LEVEL" | "TARGET" | "CARGO_ENCODED_RUSTFLAGS"
                )
        })
        .collect();
    vars.sort();
    for (k, v) in &vars {
        h.field(k.as_bytes());
        h.field(v.as_bytes());
    }
    println!("cargo:rustc-env=READNEXT_SOURCE_HASH={:016x}", h.0);
    for path in [
        "src",
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "models/registry.json",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
}
