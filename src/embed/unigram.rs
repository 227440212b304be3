//! A SentencePiece Unigram model for `tokenizers` that is quick to load.
//!
//! `tokenizers`' own `Unigram` puts every piece in a byte trie of small hash maps when
//! it is read: for multilingual-e5's 250,002 pieces that took about 0.6 s of each
//! `search` (a trie node and its map per byte; zeroing their pages was half of it),
//! to tokenize one query. This model keeps the pieces' ids in one hash table and finds the
//! pieces at a position by looking up each longer prefix of the word (the word is one
//! pre-token, a few dozen bytes), so reading it costs what parsing the JSON costs.
//! The best path is `tokenizers`' `encode_optimized` (SentencePiece's Viterbi) step
//! for step — candidates in order of length, ties kept by the shorter, unknown
//! characters at the lowest score minus 10 and consecutive unknowns fused — so the
//! ids are the same (`tests/tokenizer.rs` compares them with `tokenizers`' model on
//! real text).

use hashbrown::{DefaultHashBuilder, HashTable};
use serde::{Deserialize, Deserializer};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use tokenizers::models::unigram::UnigramTrainer;
use tokenizers::{Model, Token};

/// What an unknown character scores below the lowest piece (`tokenizers`' `K_UNK_PENALTY`).
const UNKNOWN_PENALTY: f64 = 10.0;

/// The pieces of a Unigram model with their scores, and the lookups the best path needs.
#[derive(Debug, Clone)]
pub struct UnigramPieces {
    /// Piece and score by id, as the file lists them.
    vocab: Vec<(String, f64)>,
    /// Ids of the pieces, hashed by their text (a piece listed twice: the later id, as
    /// `tokenizers` keeps). Ids, not copies of the 250,002 strings: reading is allocation.
    ids: HashTable<u32>,
    hasher: DefaultHashBuilder,
    unk_id: Option<usize>,
    /// Lowest score of any piece.
    min_score: f64,
    /// Longest piece in bytes: no longer prefix is looked up.
    max_piece_bytes: usize,
}

/// `model` of a `tokenizer.json`, as `tokenizers` reads a Unigram model.
#[derive(Deserialize)]
struct UnigramFile {
    #[serde(rename = "type")]
    kind: String,
    vocab: Vec<(String, f64)>,
    #[serde(default)]
    unk_id: Option<usize>,
    #[serde(default)]
    byte_fallback: bool,
}

impl<'de> Deserialize<'de> for UnigramPieces {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let file = UnigramFile::deserialize(deserializer)?;
        if file.kind != "Unigram" {
            return Err(D::Error::custom(format!(
                "a {} model, not Unigram",
                file.kind
            )));
        }
        // Byte fallback (unknown characters as `<0xNN>` pieces) is `tokenizers`' to do.
        if file.byte_fallback {
            return Err(D::Error::custom("a Unigram model with byte fallback"));
        }
        UnigramPieces::new(file.vocab, file.unk_id).map_err(D::Error::custom)
    }
}

impl UnigramPieces {
    /// The model of `vocab` (pieces and scores by id) and its unknown piece, checked as
    /// `tokenizers` checks them.
    pub fn new(vocab: Vec<(String, f64)>, unk_id: Option<usize>) -> Result<Self, String> {
        if unk_id.is_some() && vocab.is_empty() {
            return Err("a Unigram model without pieces".into());
        }
        if unk_id.is_some_and(|u| u >= vocab.len()) {
            return Err("the unknown piece's id is not in the vocabulary".into());
        }
        let hasher = DefaultHashBuilder::default();
        let mut ids: HashTable<u32> = HashTable::with_capacity(vocab.len());
        let mut min_score = f64::INFINITY;
        let mut max_piece_bytes = 0;
        for (id, (piece, score)) in vocab.iter().enumerate() {
            // A vocabulary of more than u32::MAX pieces is not a tokenizer anyone ships;
            // `tokenizers` itself keeps ids as u32 the same way.
            let id = id as u32;
            let hash = hasher.hash_one(piece.as_str());
            let same = |&other: &u32| vocab[other as usize].0 == *piece;
            let hash_of = |&other: &u32| hasher.hash_one(vocab[other as usize].0.as_str());
            match ids.entry(hash, same, hash_of) {
                hashbrown::hash_table::Entry::Occupied(mut e) => *e.get_mut() = id,
                hashbrown::hash_table::Entry::Vacant(e) => {
                    e.insert(id);
                }
            }
            min_score = min_score.min(*score);
            max_piece_bytes = max_piece_bytes.max(piece.len());
        }
        Ok(UnigramPieces {
            vocab,
            ids,
            hasher,
            unk_id,
            min_score,
            max_piece_bytes,
        })
    }

    /// The id of `piece`, if it is one.
    fn id(&self, piece: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(piece);
        self.ids
            .find(hash, |&id| self.vocab[id as usize].0 == piece)
            .copied()
    }

    /// The pieces of `word` on its best path (`tokenizers`' `encode_optimized`).
    fn best_path<'w>(&self, word: &'w str) -> Result<Vec<&'w str>, UnigramError> {
        #[derive(Clone, Copy)]
        struct Best {
            id: usize,
            score: f64,
            starts_at: Option<usize>,
        }
        let size = word.len();
        let unknown_score = self.min_score - UNKNOWN_PENALTY;
        let mut best = vec![
            Best {
                id: 0,
                score: 0.0,
                starts_at: None,
            };
            size + 1
        ];
        for (start, first) in word.char_indices() {
            let here = best[start].score;
            let first_len = first.len_utf8();
            let mut single_char_piece = false;
            let limit = (start + self.max_piece_bytes).min(size);
            // Every prefix of the rest that is a piece, shortest first, as the trie yields them.
            let ends = word[start..]
                .char_indices()
                .map(|(i, c)| start + i + c.len_utf8())
                .take_while(|&end| end <= limit);
            for end in ends {
                let Some(id) = self.id(&word[start..end]) else {
                    continue;
                };
                let id = id as usize;
                let score = here + self.vocab[id].1;
                let target = &mut best[end];
                if target.starts_at.is_none() || score > target.score {
                    *target = Best {
                        id,
                        score,
                        starts_at: Some(start),
                    };
                }
                if end - start == first_len {
                    single_char_piece = true;
                }
            }
            if !single_char_piece {
                let unk_id = self.unk_id.ok_or(UnigramError::NoUnknownPiece)?;
                let score = here + unknown_score;
                let target = &mut best[start + first_len];
                if target.starts_at.is_none() || score > target.score {
                    *target = Best {
                        id: unk_id,
                        score,
                        starts_at: Some(start),
                    };
                }
            }
        }
        // Back from the end; consecutive unknown characters become one piece.
        let mut pieces = Vec::new();
        let mut end = size;
        let mut unknown_start: Option<usize> = None;
        let mut unknown_end = 0;
        while end > 0 {
            let node = best[end];
            // Every position a character ends at was reached: the character's own
            // length is always a candidate (a piece, else the unknown piece).
            let start = node.starts_at.ok_or(UnigramError::NoPath)?;
            if Some(node.id) == self.unk_id {
                if unknown_start.is_none() {
                    unknown_end = end;
                }
                unknown_start = Some(start);
            } else {
                if let Some(s) = unknown_start.take() {
                    pieces.push(&word[s..unknown_end]);
                }
                pieces.push(&word[start..end]);
            }
            end = start;
        }
        if let Some(s) = unknown_start {
            pieces.push(&word[s..unknown_end]);
        }
        pieces.reverse();
        Ok(pieces)
    }
}

/// Why a word has no pieces.
#[derive(Debug, thiserror::Error)]
enum UnigramError {
    #[error("the Unigram model has no unknown piece for a character it lacks")]
    NoUnknownPiece,
    #[error("the Unigram model found no path through a word")]
    NoPath,
}

impl Model for UnigramPieces {
    type Trainer = UnigramTrainer;

    fn tokenize(&self, sequence: &str) -> tokenizers::Result<Vec<Token>> {
        let mut offset = 0;
        let mut tokens = Vec::new();
        for piece in self.best_path(sequence)? {
            let id = match self.id(piece) {
                Some(id) => id,
                // A run of unknown characters (`best_path` found an unknown id, so it exists).
                None => self.unk_id.ok_or(UnigramError::NoUnknownPiece)? as u32,
            };
            let end = offset + piece.len();
            tokens.push(Token::new(id, piece.to_string(), (offset, end)));
            offset = end;
        }
        Ok(tokens)
    }

    fn token_to_id(&self, token: &str) -> Option<u32> {
        self.id(token)
    }

    fn id_to_token(&self, id: u32) -> Option<String> {
        self.vocab.get(id as usize).map(|(piece, _)| piece.clone())
    }

    fn get_vocab(&self) -> std::collections::HashMap<String, u32> {
        self.ids
            .iter()
            .map(|&id| (self.vocab[id as usize].0.clone(), id))
            .collect()
    }

    fn get_vocab_size(&self) -> usize {
        self.vocab.len()
    }

    fn save(&self, _folder: &Path, _prefix: Option<&str>) -> tokenizers::Result<Vec<PathBuf>> {
        Err("readnext does not write tokenizer models".into())
    }

    fn get_trainer(&self) -> UnigramTrainer {
        UnigramTrainer::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokenizers::models::unigram::Unigram;

    fn vocab(pieces: &[(&str, f64)]) -> Vec<(String, f64)> {
        pieces.iter().map(|(p, s)| (p.to_string(), *s)).collect()
    }

    fn ids(model: &impl Model, text: &str) -> Vec<(u32, String, (usize, usize))> {
        model
            .tokenize(text)
            .unwrap()
            .into_iter()
            .map(|t| (t.id, t.value, t.offsets))
            .collect()
    }

    /// Ties, unknown runs at the start, middle and end, multi-byte characters, a piece
    /// listed twice: the same tokens as `tokenizers`' own Unigram model.
    #[test]
    fn the_best_path_is_tokenizers_own() {
        let v = vocab(&[
            ("<unk>", 0.0),
            ("▁", -1.0),
            ("a", -2.0),
            ("b", -2.0),
            ("ab", -4.0),
            ("abc", -3.5),
            ("c", -1.5),
            ("한", -2.5),
            ("한국", -3.0),
            ("국어", -2.0),
            ("어", -2.0),
            ("ab", -1.0),
            ("▁a", -1.5),
            ("x", -1.0),
            ("y", -1.0),
            ("xy", -2.0),
        ]);
        let ours = UnigramPieces::new(v.clone(), Some(0)).unwrap();
        let theirs = Unigram::from(v, Some(0), false).unwrap();
        for text in [
            "ab",
            "abc",
            "▁abc",
            "zzabzz",
            "zz",
            "한국어",
            "한국어abcx",
            "x한y국z",
            "▁ab▁c",
            "é",
            "xy",
            "zxyz",
            "",
        ] {
            assert_eq!(ids(&ours, text), ids(&theirs, text), "{text:?}");
        }
    }

    #[test]
    fn a_model_tokenizers_would_refuse_is_refused() {
        assert!(UnigramPieces::new(Vec::new(), Some(0)).is_err());
        assert!(UnigramPieces::new(vocab(&[("a", 0.0)]), Some(1)).is_err());
        let json = r#"{"type": "WordPiece", "vocab": [["a", 0.0]]}"#;
        assert!(serde_json::from_str::<UnigramPieces>(json).is_err());
        let json = r#"{"type": "Unigram", "vocab": [["a", 0.0]], "byte_fallback": true}"#;
        assert!(serde_json::from_str::<UnigramPieces>(json).is_err());
        let json = r#"{"type": "Unigram", "vocab": [["<unk>", 0.0], ["a", -1.0]], "unk_id": 0}"#;
        let model: UnigramPieces = serde_json::from_str(json).unwrap();
        assert_eq!(model.token_to_id("a"), Some(1));
    }
}
