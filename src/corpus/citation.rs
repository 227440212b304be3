//! A title written as a citation in a hand-written list: the title in quotes before
//! its authors (`"Deep Residual Learning for Image Recognition". Kaiming He, Xiangyu
//! Zhang`), authors after it (`Toolformer: …. Schick et al.`), or its authors and year
//! in brackets (`"A Neural Probabilistic Language Model" (Bengio et al., 2003)`), or its
//! year alone (`GloVe: … (2014)`). The authors and the year are no part of the title; the
//! year is the paper's date.

use super::paper::Entry;

/// Whether `w` is a year a citation gives: four digits from 1900 to 2099.
pub(crate) fn is_year(w: &str) -> bool {
    w.len() == 4
        && w.bytes().all(|b| b.is_ascii_digit())
        && (w.starts_with("19") || w.starts_with("20"))
}

/// Where a bracket of authors and a year ends `title` (`(Bengio et al., 2003)`,
/// `(Mikolov, 2013)`, `(Sutskever and Le, 2014)`, `(Hu et al. 2021)`): its start and
/// the year. Authors are one to five words, the first capitalised; one name alone
/// needs the comma (`(ResNet 2016)` may be a name and a year of the title's own).
fn author_year_tail(title: &str) -> Option<(usize, &str)> {
    let body = title.trim_end().strip_suffix(')')?;
    let start = body.rfind('(')?;
    let inner = body[start + 1..].trim();
    let (names, year) = inner.rsplit_once([' ', ','])?;
    let names = names.trim_end_matches([',', ' ']);
    let words: Vec<&str> = names.split_whitespace().collect();
    let cited = is_year(year.trim())
        && (1..=5).contains(&words.len())
        && words[0].starts_with(|c: char| c.is_uppercase())
        && (names.contains("et al") || words.contains(&"and") || words.contains(&"&") || {
            words.len() == 1 && inner[names.len()..].starts_with(',')
        });
    cited.then(|| (start, year.trim()))
}

/// Where a year alone in brackets ends `title` (`Efficient Estimation … (2013)`, as a
/// list dates its papers), and the year; not one a cited work's authors give in the title
/// (`… Inspired by Tian et al. (2024)`, `Replicating … Krügel, and Uhl (2025)`).
fn year_tail(title: &str) -> Option<(usize, &str)> {
    let body = title.trim_end().strip_suffix(')')?;
    let start = body.rfind(" (")?;
    let year = &body[start + 2..];
    let before: Vec<&str> = body[..start].split_whitespace().collect();
    let cites = before
        .last()
        .is_some_and(|w| w.ends_with("al.") || w.ends_with("al"))
        || before
            .iter()
            .rev()
            .take(3)
            .any(|w| *w == "and" || *w == "&");
    (is_year(year) && before.len() >= 2 && !cites).then_some((start, year))
}

/// The title a quoted citation opens with before its authors (`"Title". Authors`,
/// `“Title,” Authors`): a quote of two words or more, then a full stop or comma and a
/// space, or a comma closing the quote. A title that opens with a quote of its own goes on
/// after it (`"Why Should I Trust You?" Explaining …`, `"…Prompt Smarter"... Approaches`,
/// `"… I will veto." : An Investigation …`), and a title quoted whole is left as written.
fn quoted_title(title: &str) -> Option<&str> {
    let t = title.trim();
    let open = t.chars().next().filter(|c| matches!(c, '"' | '\u{201c}'))?;
    let inner = &t[open.len_utf8()..];
    let end = inner.find(['"', '\u{201d}'])?;
    let close = inner[end..].chars().next()?;
    let quoted = inner[..end].trim();
    let rest = &inner[end + close.len_utf8()..];
    let authors_follow = rest.starts_with(". ") || rest.starts_with(", ");
    let comma_closes = quoted.ends_with(',') && rest.starts_with(' ');
    let words = rest.trim_start_matches([' ', '.', ',']);
    let quoted = quoted.trim_end_matches(',');
    ((authors_follow || comma_closes)
        && words.starts_with(char::is_uppercase)
        && quoted.split_whitespace().count() >= 2)
        .then_some(quoted)
}

/// Whether `text` reads as a citation of one paper: a quoted title, or a title with its
/// authors and year in brackets after it.
pub fn is_citation(text: &str) -> bool {
    let t = text.trim();
    quoted_title(t).is_some() || author_year_tail(t).is_some_and(|(at, _)| at > 0)
}

/// `title` without the authors a citation writes around it, and the year it gives:
/// `None` when it is no citation or no title of two words is left.
pub fn split(title: &str) -> Option<(String, Option<String>)> {
    let mut t = title.trim();
    let mut year = None;
    let mut changed = false;
    if let Some((at, y)) = author_year_tail(t).or_else(|| year_tail(t)) {
        year = Some(y.to_string());
        t = t[..at].trim_end();
        changed = true;
        // What is left is the title, in quotes or not (`"Title" (Bengio et al., 2003)`).
        if let Some(inner) = t
            .strip_prefix(['"', '\u{201c}'])
            .and_then(|q| q.strip_suffix(['"', '\u{201d}']))
        {
            t = inner;
        }
    }
    if let Some(quoted) = quoted_title(t) {
        t = quoted;
        changed = true;
    } else if let Some(at) = t
        .rfind(" et al")
        .filter(|&at| t[at + 6..].trim_matches(['.', ' ']).is_empty())
    {
        // `Title. Schick et al.`, `Title, Lester et al.` at the end: the last sentence or
        // clause before it.
        let cut = t[..at].rfind([',', '.']).filter(|&c| {
            let authors = t[c + 1..at].split_whitespace().count();
            (1..=4).contains(&authors) && t[c + 1..].starts_with(' ')
        });
        if let Some(cut) = cut {
            t = &t[..cut];
            changed = true;
        }
    }
    let t = t
        .trim()
        .trim_matches(|c: char| matches!(c, '"' | '\u{201c}' | '\u{201d}'));
    let t = t.trim_end_matches([',', '.', ':', ';']).trim();
    (changed && t.split_whitespace().count() >= 2).then(|| (t.to_string(), year))
}

/// Take the authors a citation writes out of `entry`'s title ([`split`]), its year into
/// the date when it has none.
pub fn take(entry: &mut Entry) {
    if let Some((title, year)) = split(&entry.title) {
        entry.title = title;
        if entry.date.is_none() {
            entry.date = year;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(t: &str) -> Option<(String, Option<String>)> {
        split(t)
    }

    #[test]
    fn authors_around_a_title_are_no_part_of_it() {
        let nplm = "A Neural Probabilistic Language Model";
        assert_eq!(
            parts(&format!("\"{nplm}\" (Bengio et al., 2003)")),
            Some((nplm.into(), Some("2003".into())))
        );
        assert_eq!(
            parts(&format!("{nplm} (Bengio, 2003)")),
            Some((nplm.into(), Some("2003".into())))
        );
        assert_eq!(
            parts(&format!("{nplm} (Sutskever and Le 2014)")),
            Some((nplm.into(), Some("2014".into())))
        );
        let resnet = "Deep Residual Learning for Image Recognition";
        assert_eq!(
            parts(&format!("\"{resnet}\". Kaiming He, Xiangyu Zhang")),
            Some((resnet.into(), None))
        );
        assert_eq!(
            parts(&format!("\u{201c}{resnet},\u{201d} He et al.")),
            Some((resnet.into(), None))
        );
        let tool = "Toolformer: Language Models Can Teach Themselves to Use Tools";
        assert_eq!(
            parts(&format!("{tool}. Schick et al")),
            Some((tool.into(), None))
        );
        assert_eq!(
            parts(&format!("{tool}, Timo Schick et al.")),
            Some((tool.into(), None))
        );
        assert!(is_citation(&format!("\"{nplm}\" (Bengio et al., 2003)")));
        assert!(is_citation(&format!("{nplm} (Bengio et al., 2003)")));
    }

    #[test]
    fn a_titles_own_words_stay() {
        for t in [
            "Attention Is All You Need",
            "Deep Residual Learning (ResNet 2016)",
            "BERT (Devlin et al., 2019)",
            "\"Why Should I Trust You?\" Explaining the Predictions of Any Classifier",
            "\"Hello, World\" Programs in Forty Languages",
            "\"When Data is Scarce, Prompt Smarter\"... Approaches to Grammatical Error Correction",
            "\"As Eastern Powers, I will veto.\" : An Investigation of Nation-level Bias",
            "\"Excuse me, may I say something...\" CoLabScience, A Proactive AI Assistant",
            "Comments on \"Little ado about everything\" by A. Lapi et al. and on back-reaction",
            "\"C'Mon Dude!\"",
            "\u{201c}Interactive Poem System\u{201d}",
            "Language Models (Mostly) Know What They Know",
        ] {
            let out = parts(t);
            assert!(out.is_none(), "{t}: {out:?}");
        }
        assert!(!is_citation("Attention Is All You Need (2017)"));
        // A year alone in brackets is the date, but for a work the title cites.
        assert_eq!(
            parts("Efficient Estimation of Word Representations in Vector Space (2013)"),
            Some((
                "Efficient Estimation of Word Representations in Vector Space".into(),
                Some("2013".into())
            ))
        );
        for t in [
            "Evaluating LLMs on Chinese Topic Constructions: Inspired by Tian et al. (2024)",
            "Replicating and Reinterpreting Pfeffer, Krügel, and Uhl (2025)",
            "GPT-4 (2023)",
        ] {
            assert_eq!(parts(t), None, "{t}");
        }
        assert!(!is_citation("Foundations"));
    }
}
