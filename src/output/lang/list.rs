//! What `index` and `add` say (`--lang`): the list indexed or already up to date, a pool
//! paper added to the list.

use super::Lang;

/// What one `index` run did, as its human line reports it.
pub struct Indexed<'a> {
    pub list: &'a str,
    pub dir: &'a str,
    pub papers: usize,
    pub embedded: usize,
    pub reused: usize,
    pub removed: usize,
    /// Papers taken from the checkpoint of an interrupted build.
    pub resumed: usize,
    pub seconds: f64,
    /// The index was current already: nothing to embed.
    pub up_to_date: bool,
}

impl Lang {
    /// The line `index` ends with.
    pub fn indexed(self, i: &Indexed) -> String {
        let Indexed {
            list,
            dir,
            papers,
            embedded,
            reused,
            removed,
            resumed,
            seconds,
            up_to_date,
        } = *i;
        let resumed = match (self, resumed) {
            (_, 0) => String::new(),
            (Lang::En, n) => format!(", {n} from the checkpoint of an interrupted build"),
            (Lang::Ko, n) => format!(", 중단된 색인 작업의 체크포인트에서 {n}편"),
        };
        match (self, up_to_date) {
            (Lang::En, true) => format!(
                "the index of {list} in {dir} is up to date ({papers} papers, nothing to embed) in {seconds:.1}s\n"
            ),
            (Lang::Ko, true) => format!(
                "{list}의 색인은 최신 상태입니다: {dir} (논문 {papers}편, 새로 임베딩할 것 없음), {seconds:.1}초\n"
            ),
            (Lang::En, false) => format!(
                "indexed {papers} papers of {list} into {dir} ({embedded} embedded, {reused} reused, {removed} removed{resumed}) in {seconds:.1}s\n"
            ),
            (Lang::Ko, false) => format!(
                "{list}의 논문 {papers}편을 색인함: {dir} (임베딩 {embedded}편, 재사용 {reused}편, 삭제 {removed}편{resumed}), {seconds:.1}초\n"
            ),
        }
    }

    /// The line `add` ends with in a folder of notes: `title` written as the new note
    /// `note`.
    pub fn added_note(self, title: &str, note: &str) -> String {
        match self {
            Lang::En => format!("added \"{title}\" as a new note: {note}\n"),
            Lang::Ko => format!("\"{title}\"을(를) 새 노트로 추가함: {note}\n"),
        }
    }

    /// The line `add` ends with: `title` written to `list` at `line`, the list before
    /// kept as `backup`.
    pub fn added(self, title: &str, list: &str, line: usize, backup: &str) -> String {
        match self {
            Lang::En => {
                format!("added \"{title}\" to {list}:{line} (previous list kept as {backup})\n")
            }
            Lang::Ko => {
                format!("\"{title}\"을(를) 목록에 추가함: {list}:{line} (이전 목록은 {backup}에 보관)\n")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_and_add_say_what_they_did_in_the_language_asked() {
        let mut run = Indexed {
            list: "data/papers.md",
            dir: "data/.readnext/papers.md",
            papers: 250,
            embedded: 3,
            reused: 247,
            removed: 1,
            resumed: 0,
            seconds: 0.42,
            up_to_date: false,
        };
        assert_eq!(
            Lang::En.indexed(&run),
            "indexed 250 papers of data/papers.md into data/.readnext/papers.md (3 embedded, 247 reused, 1 removed) in 0.4s\n"
        );
        assert_eq!(
            Lang::Ko.indexed(&run),
            "data/papers.md의 논문 250편을 색인함: data/.readnext/papers.md (임베딩 3편, 재사용 247편, 삭제 1편), 0.4초\n"
        );
        run.resumed = 2;
        assert!(Lang::En
            .indexed(&run)
            .contains(", 2 from the checkpoint of an interrupted build)"));
        assert!(Lang::Ko
            .indexed(&run)
            .contains(", 중단된 색인 작업의 체크포인트에서 2편)"));
        run.up_to_date = true;
        assert_eq!(
            Lang::En.indexed(&run),
            "the index of data/papers.md in data/.readnext/papers.md is up to date (250 papers, nothing to embed) in 0.4s\n"
        );
        assert!(Lang::Ko.indexed(&run).contains("최신 상태"));
        assert_eq!(
            Lang::En.added("LoRA", "papers.md", 12, "papers.md.bak"),
            "added \"LoRA\" to papers.md:12 (previous list kept as papers.md.bak)\n"
        );
        assert_eq!(
            Lang::Ko.added("LoRA", "papers.md", 12, "papers.md.bak"),
            "\"LoRA\"을(를) 목록에 추가함: papers.md:12 (이전 목록은 papers.md.bak에 보관)\n"
        );
    }
}
