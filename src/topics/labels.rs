//! Hand labels of a list's papers (`title \t topic [\t confidence]`, a header row), as
//! in `../shared/eval/topics-dev.tsv`, matched to papers by normalised title.

use crate::corpus::normalize::normalize_title;
use crate::corpus::Paper;
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// Labels matched to a list.
#[derive(Debug, Clone, Default)]
pub struct Labelled {
    /// Positions of the labelled papers in the list.
    pub rows: Vec<usize>,
    /// The label of each row (an index into `names`).
    pub truth: Vec<usize>,
    /// Number of distinct labels among the rows.
    pub classes: usize,
    /// Label names, by index.
    pub names: Vec<String>,
    /// Labelled titles that match no paper of the list.
    pub unmatched: Vec<String>,
}

/// Read a label file and match its titles to `papers`.
pub fn read(path: &Path, papers: &[Paper]) -> Result<Labelled> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let by_title = crate::corpus::paper::title_index(papers);
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Labelled::default();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 || cols[1].trim().is_empty() {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: i + 1,
                message: "expected tab-separated columns: title, topic[, confidence]".into(),
            });
        }
        let Some(&row) = by_title.get(&normalize_title(cols[0])) else {
            out.unmatched.push(cols[0].trim().to_string());
            continue;
        };
        if !seen.insert(row) {
            continue;
        }
        let next = ids.len();
        let label = *ids.entry(cols[1].trim().to_string()).or_insert(next);
        out.rows.push(row);
        out.truth.push(label);
    }
    out.classes = ids.len();
    let mut names = vec![String::new(); ids.len()];
    for (name, i) in ids {
        names[i] = name;
    }
    out.names = names;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_titles_as_written_and_say_which_match_none() {
        let papers = crate::rank::judged::tests::rlhf_papers();
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("topics.tsv");
        std::fs::write(
            &path,
            concat!(
                "title\ttopic\tconfidence\n",
                "RLHF: Training a Helpful and Harmless Assistant with Reinforcement Learning from Human Feedback\talignment\thigh\n",
                "Constitutional AI: Harmlessness from AI Feedback\talignment\thigh\n",
                "Sparrow: Improving alignment of dialogue agents\talignment\tmedium\n",
            ),
        )
        .unwrap();
        let l = read(&path, &papers).unwrap();
        assert_eq!(l.rows, vec![1, 0]);
        assert_eq!(l.classes, 1);
        assert_eq!(
            l.unmatched,
            vec!["Sparrow: Improving alignment of dialogue agents"]
        );
    }
}
