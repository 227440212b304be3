//! FNV-1a, a stable 64-bit hash: the keys of caches (what data was made from) and
//! of normalised titles, the same on every machine and build.

/// A stable 64-bit key for a description of how cached data was made (FNV-1a).
pub fn key_of(recipe: &str) -> u64 {
    let mut k = KeyOf::default();
    k.write(recipe.as_bytes());
    k.finish()
}

/// [`key_of`] of a description given in pieces: the same key as of the pieces joined,
/// without joining them (a big list's description is every paper's fields).
#[derive(Clone, Copy)]
pub struct KeyOf(u64);

impl Default for KeyOf {
    fn default() -> KeyOf {
        KeyOf(0xcbf2_9ce4_8422_2325)
    }
}

impl KeyOf {
    /// The next piece.
    pub fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    }
    /// The key of every piece so far.
    pub fn finish(self) -> u64 {
        self.0
    }
}
