//! The map page's words and `map`'s message in each language (`map --lang`).

use super::Lang;
use crate::map::MapWords;
use crate::output::count;

impl Lang {
    /// The words of the map page.
    pub fn map_words(self) -> MapWords {
        match self {
            Lang::En => {
                let note = |how: &str| {
                    format!(
                        "Circles are papers placed by {how}, coloured by topic; a black ring \
                         marks a paper you read. Hover for details, click to open, click a topic \
                         to hide it."
                    )
                };
                MapWords {
                    lang: "en".into(),
                    search: "Search titles…".into(),
                    map: "Map of the reading list".into(),
                    note_graph: note(
                        "relatedness (nearby papers are related; a topic's papers are pulled \
                         together)",
                    ),
                    note_pca: note("PCA of their embeddings"),
                    topic: "Topic".into(),
                    read: "read".into(),
                }
            }
            Lang::Ko => {
                let note = |how: &str| {
                    format!(
                        "원 하나가 논문 한 편이며 {how} 배치하고 주제별로 색을 칠했습니다. \
                         검은 테두리는 읽은 논문입니다. 마우스를 올리면 자세히 보고, 클릭하면 \
                         열고, 주제를 클릭하면 숨깁니다."
                    )
                };
                MapWords {
                    lang: "ko".into(),
                    search: "제목 검색…".into(),
                    map: "읽기 목록 지도".into(),
                    note_graph: note(
                        "관련성에 따라(가까운 논문일수록 관련이 깊고, 같은 주제의 논문끼리 모이도록)",
                    ),
                    note_pca: note("임베딩의 PCA로"),
                    topic: "주제".into(),
                    read: "읽음".into(),
                }
            }
        }
    }

    /// The page's heading: the list's file name and its size.
    pub fn map_title(self, name: &str, papers: usize) -> String {
        match self {
            Lang::En => format!("{name}: {}", count(papers, "paper")),
            Lang::Ko => format!("{name}: 논문 {papers}편"),
        }
    }

    /// What `map` says it wrote.
    pub fn map_written(self, out: &str, papers: usize, topics: usize, bytes: usize) -> String {
        let kb = bytes.div_ceil(1024);
        match self {
            Lang::En => format!(
                "wrote {out} ({}, {}, {kb} KB)\n",
                count(papers, "paper"),
                count(topics, "topic")
            ),
            Lang::Ko => {
                format!("지도를 저장함: {out} (논문 {papers}편, 주제 {topics}개, {kb} KB)\n")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_speaks_the_language_asked() {
        let en = Lang::En.map_words();
        assert_eq!(en.lang, "en");
        assert!(en.note_graph.contains("relatedness"));
        let ko = Lang::Ko.map_words();
        assert_eq!((ko.lang.as_str(), ko.topic.as_str()), ("ko", "주제"));
        assert!(ko.note_pca.contains("PCA"));
        assert_eq!(
            Lang::En.map_title("papers.md", 250),
            "papers.md: 250 papers"
        );
        assert_eq!(
            Lang::Ko.map_title("papers.md", 250),
            "papers.md: 논문 250편"
        );
        assert_eq!(
            Lang::En.map_written("map.html", 1, 1, 1),
            "wrote map.html (1 paper, 1 topic, 1 KB)\n"
        );
        assert_eq!(
            Lang::Ko.map_written("map.html", 250, 11, 2048),
            "지도를 저장함: map.html (논문 250편, 주제 11개, 2 KB)\n"
        );
    }
}
