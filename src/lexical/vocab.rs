//! The term dictionary the tf-idf and BM25 indexes share: ids as given (the indexes
//! number their terms in text order, see [`super::analyse`]), every term's text in one
//! buffer, and the ids in text order for lookups by binary search (nothing to hash or
//! rebuild when an index is read back).

/// Terms by id, and ids by term.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Vocab {
    text: String,
    /// End of term `i` in `text` (its start is the end of term `i - 1`, or 0).
    ends: Vec<usize>,
    /// Term ids ordered by their text.
    sorted: Vec<u32>,
}

impl Vocab {
    /// The dictionary of `terms`, given in id order.
    pub fn from_terms<S: AsRef<str>>(terms: &[S]) -> Vocab {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(terms.len());
        for t in terms {
            text.push_str(t.as_ref());
            ends.push(text.len());
        }
        let mut sorted: Vec<u32> = (0..terms.len() as u32).collect();
        sorted.sort_by(|&a, &b| terms[a as usize].as_ref().cmp(terms[b as usize].as_ref()));
        Vocab { text, ends, sorted }
    }

    /// From its parts, if they describe a dictionary (ends ascending on character
    /// boundaries, every id in the sorted order once, in text order).
    pub fn from_parts(text: String, ends: Vec<usize>, sorted: Vec<u32>) -> Option<Vocab> {
        let mut prev = 0;
        for &e in &ends {
            if e < prev || !text.is_char_boundary(e) {
                return None;
            }
            prev = e;
        }
        if prev != text.len() || sorted.len() != ends.len() {
            return None;
        }
        let mut seen = vec![false; ends.len()];
        for &id in &sorted {
            match seen.get_mut(id as usize) {
                Some(s) if !*s => *s = true,
                _ => return None,
            }
        }
        let v = Vocab { text, ends, sorted };
        v.sorted
            .windows(2)
            .all(|w| v.term(w[0]) < v.term(w[1]))
            .then_some(v)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text of term `id` (empty for an unknown id).
    pub fn term(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    /// The id of `term`, if it is in the dictionary.
    pub fn id(&self, term: &str) -> Option<u32> {
        self.sorted
            .binary_search_by(|&id| self.term(id).cmp(term))
            .ok()
            .map(|at| self.sorted[at])
    }

    /// The parts (text, ends, sorted ids), for writing.
    pub fn parts(&self) -> (&str, &[usize], &[u32]) {
        (&self.text, &self.ends, &self.sorted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_by_id_and_by_text() {
        let v = Vocab::from_terms(&["lora", "bert", "adapt", "연구"]);
        assert_eq!(v.len(), 4);
        assert_eq!(v.term(1), "bert");
        assert_eq!(v.term(3), "연구");
        assert_eq!(v.term(9), "");
        assert_eq!(v.id("lora"), Some(0));
        assert_eq!(v.id("adapt"), Some(2));
        assert_eq!(v.id("연구"), Some(3));
        assert_eq!(v.id("gpt"), None);
        let (t, e, s) = v.parts();
        let back = Vocab::from_parts(t.to_string(), e.to_vec(), s.to_vec());
        assert_eq!(back, Some(v.clone()));
        // A cut inside a character, a repeated id or a wrong order is refused.
        assert_eq!(
            Vocab::from_parts("연구".into(), vec![1, 6], vec![0, 1]),
            None
        );
        assert_eq!(Vocab::from_parts("ab".into(), vec![1, 2], vec![0, 0]), None);
        assert_eq!(Vocab::from_parts("ba".into(), vec![1, 2], vec![0, 1]), None);
    }
}
