//! Git's unresolved merge conflicts in a list. A study group that keeps its list in a
//! repository gets, when two members add papers at the same place, a block such as
//!
//! ```text
//! <<<<<<< HEAD
//! - [QLoRA: Efficient Finetuning of Quantized LLMs](https://arxiv.org/abs/2305.14314)
//! =======
//! - [SpQR: A Sparse-Quantized Representation …](https://arxiv.org/abs/2306.03078)
//! >>>>>>> minsu
//! ```
//!
//! Read as text, each marker line was a word of the paper above it (its "abstract") or a
//! row of its own. The marker lines of every complete block are blanked instead (the
//! file's lines keep their numbers), a diff3 block's common ancestor (`|||||||` up to
//! `=======`) with them, so both sides' papers are read; the reader says where each
//! block starts ([`super::Concern::Conflict`]).

use std::borrow::Cow;

const OURS: &[u8] = b"<<<<<<<";
const BASE: &[u8] = b"|||||||";
const SPLIT: &[u8] = b"=======";
const THEIRS: &[u8] = b">>>>>>>";

/// Whether `line` (without its line end) is the marker `marker`: the marker alone, or
/// followed by a space and a label (`<<<<<<< HEAD`); `=======` only alone.
fn is_marker(line: &[u8], marker: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match line.strip_prefix(marker) {
        Some(rest) if marker == SPLIT => rest.is_empty(),
        Some(rest) => rest.is_empty() || rest.starts_with(b" "),
        None => false,
    }
}

/// `bytes` with the marker lines of every complete conflict block (and a diff3 block's
/// common ancestor) blanked, their line ends kept, and the 1-based line of each block's
/// `<<<<<<<`. Text without a complete block is returned as it is, with no lines.
pub fn unmerged(bytes: &[u8]) -> (Cow<'_, [u8]>, Vec<usize>) {
    if !bytes.windows(OURS.len()).any(|w| w == OURS) {
        return (Cow::Borrowed(bytes), Vec::new());
    }
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    // Each complete block: its `<<<<<<<`, `|||||||` (if any), `=======` and `>>>>>>>` lines.
    let mut blocks: Vec<(usize, Option<usize>, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_marker(lines[i], OURS) {
            i += 1;
            continue;
        }
        let (mut base, mut split) = (None, None);
        let mut end = None;
        for (j, line) in lines.iter().enumerate().skip(i + 1) {
            if is_marker(line, OURS) {
                break;
            } else if split.is_none() && base.is_none() && is_marker(line, BASE) {
                base = Some(j);
            } else if split.is_none() && is_marker(line, SPLIT) {
                split = Some(j);
            } else if split.is_some() && is_marker(line, THEIRS) {
                end = Some(j);
                break;
            }
        }
        match (split, end) {
            (Some(split), Some(end)) => {
                blocks.push((i, base, split, end));
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    if blocks.is_empty() {
        return (Cow::Borrowed(bytes), Vec::new());
    }
    let mut blank = vec![false; lines.len()];
    for &(ours, base, split, theirs) in &blocks {
        blank[ours] = true;
        blank[theirs] = true;
        // The common ancestor's lines are neither side's.
        for b in blank.iter_mut().take(split + 1).skip(base.unwrap_or(split)) {
            *b = true;
        }
    }
    let mut out = Vec::with_capacity(bytes.len());
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            out.push(b'\n');
        }
        if blank[n] {
            // A CRLF file keeps its `\r`.
            if line.ends_with(b"\r") {
                out.push(b'\r');
            }
        } else {
            out.extend_from_slice(line);
        }
    }
    let starts = blocks.iter().map(|b| b.0 + 1).collect();
    (Cow::Owned(out), starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_of_a_block_stay_and_its_markers_go() {
        let text =
            "# L\n- [A](a)\n<<<<<<< HEAD\n- [B](b)\n=======\n- [C](c)\n>>>>>>> minsu\n- [D](d)\n";
        let (out, starts) = unmerged(text.as_bytes());
        assert_eq!(starts, [3]);
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            "# L\n- [A](a)\n\n- [B](b)\n\n- [C](c)\n\n- [D](d)\n"
        );
    }

    #[test]
    fn a_diff3_blocks_ancestor_goes_and_crlf_stays() {
        let text =
            "<<<<<<< ours\r\nB\r\n||||||| base\r\nOld\r\n=======\r\nC\r\n>>>>>>> theirs\r\nD\r\n";
        let (out, starts) = unmerged(text.as_bytes());
        assert_eq!(starts, [1]);
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            "\r\nB\r\n\r\n\r\n\r\nC\r\n\r\nD\r\n"
        );
        assert_eq!(out.split(|&b| b == b'\n').count(), text.split('\n').count());
    }

    #[test]
    fn markers_that_close_no_block_and_setext_headings_are_text() {
        for text in [
            // A setext heading's underline, no block.
            "Papers\n=======\n- [A](a)\n",
            // A block never closed, or closed before its split.
            "<<<<<<< HEAD\n- [A](a)\n=======\n- [B](b)\n",
            "<<<<<<< HEAD\n- [A](a)\n>>>>>>> x\n=======\n",
            // Longer runs are no markers.
            "<<<<<<<< HEAD\nA\n========\nB\n>>>>>>>> x\n",
            "- <<<<<<< in a title\n",
        ] {
            let (out, starts) = unmerged(text.as_bytes());
            assert!(starts.is_empty(), "{text:?}");
            assert_eq!(&out[..], text.as_bytes(), "{text:?}");
        }
        // Two blocks.
        let text = "<<<<<<< a\n1\n=======\n2\n>>>>>>> b\nx\n<<<<<<< a\n3\n=======\n4\n>>>>>>> b\n";
        assert_eq!(unmerged(text.as_bytes()).1, [1, 7]);
    }
}
