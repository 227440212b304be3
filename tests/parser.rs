//! The parser on the real reading list and on hand-made lists in each format.

mod common;

use readnext::corpus::{Corpus, Paper};

fn seed() -> Corpus {
    Corpus::load(&common::seed_list()).expect("seed list parses")
}

fn by_title<'a>(c: &'a Corpus, title: &str) -> &'a Paper {
    c.papers
        .iter()
        .find(|p| p.title == title)
        .unwrap_or_else(|| panic!("no paper titled {title:?}"))
}

#[test]
fn seed_list_has_pinned_number_of_distinct_papers() {
    let c = seed();
    assert_eq!(c.papers.len(), 250, "distinct papers in data/papers.md");
    let ids: std::collections::HashSet<&str> = c.papers.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), c.papers.len(), "ids are unique");
    assert_eq!(c.papers.iter().filter(|p| p.has_abstract()).count(), 21);
}

#[test]
fn kosmos_2_has_no_url_but_its_abstract() {
    let c = seed();
    let k = by_title(
        &c,
        "Kosmos-2: Grounding Multimodal Large Language Models to the World",
    );
    assert_eq!(k.url, "");
    assert_eq!(k.lines, vec![95]);
    assert!(k
        .abstract_text
        .get()
        .unwrap_or("")
        .starts_with("We introduce Kosmos-2"));
    assert_eq!(k.id.len(), 12, "hash id without an arXiv URL");
}

#[test]
fn a_line_with_several_links_holds_several_entries() {
    let c = seed();
    let on_181: Vec<&str> = c
        .papers
        .iter()
        .filter(|p| p.lines.contains(&181))
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(
        on_181,
        ["LLaMA-7B", "LLAMA Up-data", "LLaMA: INT8 edition", "UForm"]
    );
    let on_177: Vec<&str> = c
        .papers
        .iter()
        .filter(|p| p.lines.contains(&177))
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(on_177, ["LLaMA-based ChatGPT training", "ChatLLaMA"]);
    // `[Blog](…)` belongs to Flamingo, it is not a paper.
    let f = by_title(
        &c,
        "Flamingo: a Visual Language Model for Few-Shot Learning",
    );
    assert_eq!(f.extra_links.len(), 1);
    assert!(c
        .papers
        .iter()
        .all(|p| p.title != "Blog" && p.title != "Google AI Blog"));
}

#[test]
fn dated_bert_entry_has_alias_and_date() {
    let c = seed();
    let b = by_title(
        &c,
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
    );
    assert_eq!(b.date.as_deref(), Some("2018/10"));
    assert_eq!(b.alias.as_deref(), Some("BERT"));
    assert_eq!(b.id, "1810.04805");
    assert_eq!(b.heading.as_deref(), Some("before 2023"));
    // An alias on the line after the link is an alias, not an abstract.
    let t = by_title(
        &c,
        "ToD-BERT: Pre-trained Natural Language Understanding for Task-Oriented Dialogues",
    );
    assert_eq!(t.alias.as_deref(), Some("ToD-BERT"));
    assert!(!t.has_abstract());
}

#[test]
fn duplicates_fold_and_keep_every_line() {
    let c = seed();
    let e = by_title(
        &c,
        "ERNIE 2.0: A Continual Pre-training Framework for Language Understanding",
    );
    assert_eq!(
        e.lines,
        vec![384, 435],
        "same arXiv id with and without v1.pdf"
    );
    let r = by_title(
        &c,
        "Improving language models by retrieving from trillions of tokens",
    );
    assert_eq!(
        r.lines,
        vec![154, 207, 255],
        "same URL twice and a `Deepmind:` title"
    );
    let h = by_title(
        &c,
        "Training a Helpful and Harmless Assistant with Reinforcement Learning from Human Feedback",
    );
    assert_eq!(
        h.lines,
        vec![164, 178],
        "same arXiv id under an `RLHF:` title"
    );
    // The name the second entry gives it is kept.
    assert_eq!(h.alias.as_deref(), Some("RLHF"));
    // A duplicate with the same head as the kept title adds no alias.
    let c = seed();
    let d = by_title(
        &c,
        "Do Prompt-Based Models Really Understand the Meaning of their Prompts?",
    );
    assert_eq!(d.lines.len(), 2);
    assert_eq!(d.alias, None);
}

#[test]
fn korean_notes_html_and_the_book_table_are_not_papers() {
    let c = seed();
    // The HTML header ends at line 37; the Korean study notes and the book table start at 463.
    assert!(c
        .papers
        .iter()
        .all(|p| p.lines.iter().all(|&l| (38..463).contains(&l))));
    assert!(c.papers.iter().all(|p| !p
        .title
        .chars()
        .any(|ch| ('\u{AC00}'..='\u{D7A3}').contains(&ch))));
    assert!(c.papers.iter().all(|p| !p.title.is_empty()));
}

#[test]
fn first_entry_takes_the_plain_paragraph_as_abstract() {
    let c = seed();
    let p = &c.papers[0];
    assert!(p.title.starts_with("Unleashing Cognitive Synergy"));
    assert!(p
        .abstract_text
        .get()
        .unwrap_or("")
        .starts_with("Human intelligence thrives"));
    assert!(p.passage().starts_with("Unleashing Cognitive Synergy in Large Language Models: A Task-Solving Agent through Multi-Persona Self-Collaboration. Human intelligence"));
}

#[test]
fn arxiv_jsonl_gz_loads_as_a_list() {
    let Some(path) = common::shared("data/arxiv-2025.jsonl.gz") else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is absent");
        return;
    };
    let c = Corpus::load(&path).expect("jsonl.gz parses");
    assert_eq!(c.papers.len(), 88_907);
    assert!(c
        .papers
        .iter()
        .all(|p| p.has_abstract() && p.category.is_some()));
}

#[test]
fn jsonl_and_csv_lists() {
    let dir = tempfile::tempdir().unwrap();
    let jl = dir.path().join("l.jsonl");
    std::fs::write(&jl, "{\"title\": \"A\", \"url\": \"https://arxiv.org/abs/2106.09685\"}\n\n{\"title\": \"B\", \"abstract\": \"x\"}\n").unwrap();
    let c = Corpus::load(&jl).unwrap();
    assert_eq!(c.papers.len(), 2);
    assert_eq!(c.papers[0].id, "2106.09685");
    assert_eq!(c.papers[1].lines, vec![3]);

    std::fs::write(&jl, "{\"title\": \"A\"}\n{\"title\": \n").unwrap();
    let err = Corpus::load(&jl).unwrap_err().to_string();
    assert!(err.contains("l.jsonl:2:"), "names the broken line: {err}");

    let csv = dir.path().join("l.csv");
    std::fs::write(
        &csv,
        "Title,URL,Abstract\n\"Attention, please\",https://x.org/a,abs\nSecond,,\n",
    )
    .unwrap();
    let c = Corpus::load(&csv).unwrap();
    assert_eq!(
        c.papers
            .iter()
            .map(|p| p.title.as_str())
            .collect::<Vec<_>>(),
        ["Attention, please", "Second"]
    );
    assert_eq!(c.papers[0].abstract_text.get(), Some("abs"));

    std::fs::write(&csv, "author,url\nA,b\n").unwrap();
    let err = Corpus::load(&csv).unwrap_err().to_string();
    assert!(err.contains("no \"title\" column"), "{err}");
    // `Name` is the title property of a Notion or Airtable export.
    std::fs::write(&csv, "name,url\nA,b\n").unwrap();
    assert_eq!(Corpus::load(&csv).unwrap().papers[0].title, "A");
}

#[test]
fn crlf_and_checked_items() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("l.md");
    std::fs::write(&md, "# Read\r\n- [x] [Done paper](https://arxiv.org/abs/2106.09685)\r\n> its abstract\r\n- [ ] [Open paper](u)\r\n").unwrap();
    let c = Corpus::load(&md).unwrap();
    assert_eq!(c.papers.len(), 2);
    assert!(c.papers[0].checked && !c.papers[1].checked);
    assert_eq!(c.papers[0].abstract_text.get(), Some("its abstract"));
    assert_eq!(c.papers[1].lines, vec![4]);
}

#[test]
fn byte_order_marks_and_excel_separators_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let jsonl = write(
        "bom.jsonl",
        b"\xEF\xBB\xBF{\"title\": \"LoRA: Low-Rank Adaptation\", \"year\": 2021}\n{\"title\": \"QLoRA\"}\n",
    );
    let c = Corpus::load(&jsonl).expect("a JSONL with a BOM loads");
    assert_eq!(c.papers.len(), 2);
    assert_eq!(c.papers[0].date.as_deref(), Some("2021"));
    for (name, bytes) in [
        (
            "excel.csv",
            &b"\xEF\xBB\xBFTitle;Abstract;Year\n\"Attention; all you need\";We propose;2017\nBERT;Deep;2019\n"[..],
        ),
        (
            "tabs.csv",
            &b"title\tabstract\nAttention; all you need\tWe propose\nBERT\tDeep\n"[..],
        ),
        (
            "plain.csv",
            &b"title,abstract\n\"Attention; all you need\",We propose\nBERT,Deep\n"[..],
        ),
    ] {
        let c = Corpus::load(&write(name, bytes)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let titles: Vec<&str> = c.papers.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, vec!["Attention; all you need", "BERT"], "{name}");
        assert_eq!(c.papers[0].abstract_text.get(), Some("We propose"), "{name}");
    }
}

/// Lines of four paper lists as their READMEs write them (github thunlp/PLMpapers,
/// Hannibal046/Awesome-LLM, dair-ai/ML-Papers-of-the-Week,
/// floodsung/Deep-Learning-Papers-Reading-Roadmap), each form once.
const AWESOME_LISTS: &str = r#"# Papers

- [Top ML Papers of the Week (March 3 - March 9)](./#top-ml-papers-of-the-week-march-3---march-9---2025)
- [Top ML Papers of the Week (February 24 - March 2)](./#top-ml-papers-of-the-week-february-24---march-2---2025)

## Papers on PLMs Models

1. **Semi-supervised Sequence Learning**. *Andrew M. Dai, Quoc V. Le*. NIPS 2015. [[pdf](https://arxiv.org/pdf/1511.01432.pdf)]
2. **Deep contextualized word representations**. *Matthew E. Peters, Mark Neumann, Mohit Iyyer, Matt Gardner, Christopher Clark, Kenton Lee and Luke Zettlemoyer*. NAACL 2018. [[pdf](https://arxiv.org/pdf/1802.05365.pdf)] [[project](https://allennlp.org/elmo)] (**ELMo**)
3. **Universal Language Model Fine-tuning for Text Classification**. *Jeremy Howard and Sebastian Ruder*. ACL 2018. [[pdf](https://www.aclweb.org/anthology/P18-1031)] [[project](http://nlp.fast.ai/category/classification.html)] (**ULMFiT**)

## Milestone Papers

|   Date  |       keywords       |      Institute     | Paper |
|:-------:|:--------------------:|:------------------:|-------|
| 2018-10 |         BERT         |       Google       | [BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding](https://aclanthology.org/N19-1423.pdf) |
| 2022-03 |      InstructGPT     |       OpenAI       | [Training language models to follow instructions with human feedback](https://arxiv.org/pdf/2203.02155.pdf) |

## Top ML Papers of the Week (March 3 - March 9) - 2025
| **Paper**  | **Links** |
| ------------- | ------------- |
| 1) **Depth Anything** - a robust monocular depth estimation solution that can deal with any images under any circumstance; automatically annotates large-scale unlabeled data (~62M) which helps to reduce generalization error. | [Paper](https://arxiv.org/abs/2401.10891v1), [Tweet](https://x.com/dair_ai/status/1) |
| 5) Rethinking Reflection in Pre-Training  Reflection — the ability of LLMs to identify and correct their own reasoning — has often been attributed to reinforcement learning or fine-tuning. This paper argues otherwise: reflection emerges during pre-training. | [Paper](https://arxiv.org/abs/2504.04022), [Tweet](https://x.com/dair_ai/status/2) |

## 1.1 Survey

**[1]** LeCun, Yann, Yoshua Bengio, and Geoffrey Hinton. "**Deep learning**." Nature 521.7553 (2015): 436-444. [[pdf]](http://www.cs.toronto.edu/~hinton/absps/NatureDeepReview.pdf) **(Three Giants' Survey)** :star::star::star::star::star:
"#;

#[test]
fn awesome_lists_are_read_as_their_authors_wrote_them() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("awesome.md");
    std::fs::write(&list, AWESOME_LISTS).unwrap();
    let v = common::run_list_json(dir.path(), &list, &["papers", "--json"]);
    let papers = v["papers"].as_array().unwrap();
    let titles: Vec<&str> = papers
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Semi-supervised Sequence Learning",
            "Deep contextualized word representations",
            "Universal Language Model Fine-tuning for Text Classification",
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "Training language models to follow instructions with human feedback",
            "Depth Anything",
            "Rethinking Reflection in Pre-Training",
            "Deep learning",
        ]
    );
    assert_eq!(papers[7]["date"], "2015");
    assert_eq!(papers[1]["alias"], "ELMo");
    assert_eq!(papers[1]["url"], "https://arxiv.org/pdf/1802.05365.pdf");
    assert_eq!(papers[4]["keywords"][0], "InstructGPT");
    assert_eq!(papers[4]["date"], "2022-03");
    assert_eq!(papers[5]["has_abstract"], true);
    // The alias and the keywords answer as the list's own words do.
    let r = common::run_list_json(dir.path(), &list, &["related", "elmo", "-k", "2", "--json"]);
    assert_eq!(
        r["query"]["paper"]["title"], "Deep contextualized word representations",
        "{r}"
    );
    let s = common::run_list_json(
        dir.path(),
        &list,
        &["search", "instructgpt", "-k", "1", "--json"],
    );
    assert_eq!(
        s["results"][0]["title"],
        "Training language models to follow instructions with human feedback",
        "{s}"
    );
}

/// Venue tags and citations as curated lists write them (awesome lists, a study
/// group's must-read list with notes under each paper, Awesome-LLM's quoted papers).
const TAGGED_AND_CITED: &str = r#"# LLM papers

## Tagged
- [GloVe: Global Vectors for Word Representation (EMNLP 2014)](https://aclanthology.org/D14-1162/)
- **[NeurIPS 2023]** QLoRA: Efficient Finetuning of Quantized LLMs. [[paper](https://arxiv.org/abs/2305.14314)] [[code](https://github.com/artidoro/qlora)]
- ReAct: Synergizing Reasoning and Acting in Language Models - ICLR 2023
- Self-Instruct: Aligning Language Models with Self-Generated Instructions (ACL'23)
- `ICML 2023` Pythia: A Suite for Analyzing Large Language Models
- Toolformer: Language Models Can Teach Themselves to Use Tools. Schick et al. NeurIPS 2023.
- Deep Contextualized Word Representations (2018)

## Foundational

1. **"A Neural Probabilistic Language Model"** (Bengio et al., 2003)
   - First neural language model
   - Introduced learned word embeddings

2. **"Efficient Estimation of Word Representations in Vector Space"** (Mikolov et al., 2013)
   - Word2Vec: the skip-gram and CBOW architectures

## Other lists
- [Pretraining data]
  > **The Pile: An 800GB Dataset of Diverse Text for Language Modeling**, Arxiv 2020. [Paper](https://arxiv.org/abs/2101.00027) <br>
  > (2020-12) **Making Pre-trained Language Models Better Few-shot Learners** [paper](https://arxiv.org/pdf/2012.15723.pdf) <br>
"#;

#[test]
fn venue_tags_and_authors_are_no_part_of_a_title() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("must-read.md");
    std::fs::write(&list, TAGGED_AND_CITED).unwrap();
    let v = common::run_list_json(dir.path(), &list, &["papers", "--json"]);
    let papers = v["papers"].as_array().unwrap();
    let rows: Vec<(&str, &str, &str)> = papers
        .iter()
        .map(|p| {
            (
                p["title"].as_str().unwrap(),
                p["date"].as_str().unwrap_or(""),
                p["venue"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "GloVe: Global Vectors for Word Representation",
                "2014",
                "EMNLP 2014"
            ),
            (
                "QLoRA: Efficient Finetuning of Quantized LLMs",
                "2023",
                "NeurIPS 2023"
            ),
            (
                "ReAct: Synergizing Reasoning and Acting in Language Models",
                "2023",
                "ICLR 2023"
            ),
            (
                "Self-Instruct: Aligning Language Models with Self-Generated Instructions",
                "2023",
                "ACL'23"
            ),
            (
                "Pythia: A Suite for Analyzing Large Language Models",
                "2023",
                "ICML 2023"
            ),
            (
                "Toolformer: Language Models Can Teach Themselves to Use Tools",
                "2023",
                "NeurIPS 2023"
            ),
            ("Deep Contextualized Word Representations", "2018", ""),
            ("A Neural Probabilistic Language Model", "2003", ""),
            (
                "Efficient Estimation of Word Representations in Vector Space",
                "2013",
                ""
            ),
            // Awesome-LLM's form: a group's papers quoted under its name, one a line.
            (
                "The Pile: An 800GB Dataset of Diverse Text for Language Modeling",
                "2020",
                "Arxiv 2020"
            ),
            (
                "Making Pre-trained Language Models Better Few-shot Learners",
                "2020-12",
                ""
            ),
        ]
    );
    assert_eq!(papers[1]["url"], "https://arxiv.org/abs/2305.14314");
    // The notes under a cited paper are its words, not papers of their own.
    assert_eq!(papers[8]["has_abstract"], true);
    let s = common::run_list_json(
        dir.path(),
        &list,
        &["search", "skip-gram", "-k", "1", "--json"],
    );
    assert_eq!(
        s["results"][0]["title"], "Efficient Estimation of Word Representations in Vector Space",
        "{s}"
    );
    // A paper is named by its title as the world writes it, without the list's tag.
    let r = common::run_list_json(
        dir.path(),
        &list,
        &[
            "related",
            "GloVe: Global Vectors for Word Representation",
            "-k",
            "1",
            "--json",
        ],
    );
    assert_eq!(
        r["query"]["paper"]["title"], "GloVe: Global Vectors for Word Representation",
        "{r}"
    );
}

#[test]
fn a_notes_front_matter_is_no_heading_and_moves_no_paper() {
    // The seed list kept as an Obsidian note: YAML front matter on top. It was read as a
    // rule and a setext heading "title: … tags: …" over every paper before the list's
    // first heading.
    let front = "---\ntitle: 논문 읽기 목록\ntags:\n  - reading-group\naliases: [papers, 읽을 논문]\ncreated: 2026-03-02\n---\n";
    let seed_text = std::fs::read_to_string(common::seed_list()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let note = tmp.path().join("논문 목록.md");
    std::fs::write(&note, format!("{front}{seed_text}")).unwrap();
    let (with, without) = (Corpus::load(&note).unwrap(), seed());
    assert_eq!(with.papers.len(), without.papers.len());
    for (a, b) in with.papers.iter().zip(&without.papers) {
        assert_eq!((&a.title, &a.heading), (&b.title, &b.heading));
        let shifted: Vec<usize> = b.lines.iter().map(|l| l + 7).collect();
        assert_eq!(a.lines, shifted, "{}", a.title);
    }
    // A note of papers without a heading; and Hugo's TOML front matter.
    for text in [
        "---\ntitle: Papers\ntags: [ml]\n---\n\n- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)\n",
        "+++\ntitle = \"Papers\"\n[params]\ndraft = false\n+++\n\n- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)\n",
    ] {
        std::fs::write(&note, text).unwrap();
        let c = Corpus::load(&note).unwrap();
        assert_eq!(c.papers.len(), 1, "{text}");
        assert_eq!(c.papers[0].heading, None, "{text}");
        let line = text.lines().position(|l| l.starts_with("- ")).unwrap() + 1;
        assert_eq!(c.papers[0].lines, vec![line], "{text}");
    }
}

#[test]
fn a_folder_of_pdfs_listed_into_a_text_file_is_a_reading_list() {
    // `find ~/Zotero/storage ~/Downloads -name '*.pdf' > papers.txt`: Zotero's renamed
    // attachments, arXiv downloads, a name written as one word, the same paper twice.
    let listing = "/home/me/Zotero/storage/8DJE5C2V/Hu et al. - 2021 - LoRA Low-Rank Adaptation of Large Language Models.pdf\n\
                   /home/me/Zotero/storage/3QWZ9T7M/Vaswani et al. - 2017 - Attention Is All You Need.pdf\n\
                   /home/me/Downloads/2305.14314v2.pdf\n\
                   /home/me/Downloads/attention_is_all_you_need.pdf\n\
                   /home/me/Downloads/language-models-are-few-shot-learners.pdf\n";
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("papers.txt");
    std::fs::write(&path, listing).unwrap();
    let c = Corpus::load(&path).unwrap();
    let got: Vec<(&str, Option<&str>, &[usize])> = c
        .papers
        .iter()
        .map(|p| (p.title.as_str(), p.date.as_deref(), p.lines.as_slice()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "LoRA Low-Rank Adaptation of Large Language Models",
                Some("2021"),
                &[1][..]
            ),
            ("Attention Is All You Need", Some("2017"), &[2, 4][..]),
            ("arXiv:2305.14314", None, &[3][..]),
            ("language models are few shot learners", None, &[5][..]),
        ]
    );
    assert_eq!(c.papers[2].id, "2305.14314");
    assert_eq!(c.papers[2].url, "https://arxiv.org/abs/2305.14314");
}
