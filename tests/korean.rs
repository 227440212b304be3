//! Korean wherever text goes in, and Korean headings and reasons out (`--lang ko`),
//! with the default (English) model on the real list.

mod common;

use common::{fails, indexed_workspace, ok, readnext_with_model, run_list};

/// Run readnext on `list` with `args`, expect exit 2, and return its stderr.
#[test]
fn a_history_with_korean_comments_and_korean_markdown_reasons() {
    let (tmp, list) = indexed_workspace();
    let history = tmp.path().join("history.txt");
    std::fs::write(
        &history,
        "# 스터디 기록 (한국어 메모)\n\
         2026-11-20\tLoRA\t첫 주: 재미있었음\n\
         2026-11-27 QLoRA # 양자화 발표\n",
    )
    .unwrap();
    let h = history.to_str().unwrap();
    let out = run_list(
        tmp.path(),
        &list,
        &["--history", h, "suggest", "--markdown", "--lang", "ko"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("matches no paper"),
        "both history lines resolve: {stderr}"
    );
    assert!(stdout.starts_with("### 다음 주에 읽을 논문\n"), "{stdout}");
    assert!(stdout.contains("에서 이어짐"), "{stdout}");
    assert!(!stdout.contains("because you read"), "{stdout}");
    // Both read papers are left out of the suggestions.
    assert!(!stdout.contains("[QLoRA:"), "{stdout}");
    assert!(!stdout.contains("[LoRA:"), "{stdout}");

    // JSON keeps the English reasons (the schema is a contract).
    let v = common::json(&run_list(
        tmp.path(),
        &list,
        &["--history", h, "suggest", "--lang", "ko", "--json"],
    ));
    let because = v["suggestions"][0]["because"][0].as_str().unwrap();
    assert!(because.starts_with("because you read"), "{because}");

    let plan = run_list(
        tmp.path(),
        &list,
        &[
            "--history",
            h,
            "plan",
            "--weeks",
            "2",
            "--markdown",
            "--lang",
            "ko",
        ],
    );
    let plan = String::from_utf8_lossy(&plan.stdout);
    assert!(plan.contains("### 1주차: "), "{plan}");
    assert!(plan.contains("### 2주차: "), "{plan}");
    assert!(
        plan.contains("_읽은 논문 \"") || plan.contains("_앞 주차에 계획한 \""),
        "{plan}"
    );

    // The table carries each week's reason too, in the language asked for.
    // Its columns too, aligned by terminal columns: the Korean header's `이유` starts
    // where each week's reason does.
    for (lang, reason, column) in [
        ("en", "follows from \"LoRA", "because"),
        ("ko", "읽은 논문 \"LoRA", "이유"),
    ] {
        let out = run_list(
            tmp.path(),
            &list,
            &["--history", h, "plan", "--weeks", "2", "--lang", lang],
        );
        let table = String::from_utf8_lossy(&out.stdout);
        let header = table.lines().next().unwrap_or_default();
        assert!(header.ends_with(column), "{table}");
        assert!(table.contains(reason), "{lang}: {table}");
        let width = |s: &str| -> usize {
            s.chars()
                .map(|c| {
                    if ('\u{1100}'..='\u{d7a3}').contains(&c) {
                        2
                    } else {
                        1
                    }
                })
                .sum()
        };
        let row = table.lines().find(|l| l.contains(reason)).unwrap();
        let at = row.find(reason).unwrap();
        assert_eq!(
            width(&row[..at]),
            width(&header[..header.len() - column.len()]),
            "{lang}: {table}"
        );
    }
    // So does `suggest`'s, naming the paper read by its short name.
    let out = run_list(
        tmp.path(),
        &list,
        &["--history", h, "suggest", "--lang", "ko"],
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.starts_with("읽은 논문 2편 다음에 읽을 논문"),
        "{table}"
    );
    assert!(
        table.contains("읽은 논문 \"LoRA\"에서 이어짐")
            || table.contains("읽은 논문 \"QLoRA\"에서 이어짐"),
        "{table}"
    );
    // And `history`'s, with a line that names no paper of the list.
    let with_unknown = tmp.path().join("history-ko.txt");
    let lines = std::fs::read_to_string(&history).unwrap() + "2026-12-04\t없는 논문\n";
    std::fs::write(&with_unknown, lines).unwrap();
    let out = run_list(
        tmp.path(),
        &list,
        &[
            "--history",
            with_unknown.to_str().unwrap(),
            "history",
            "--lang",
            "ko",
        ],
    );
    let table = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = table.lines().collect();
    assert!(
        rows[0].starts_with("날짜") && rows[0].ends_with("출처"),
        "{table}"
    );
    assert!(rows[1].contains("LoRA: Low-Rank Adaptation"), "{table}");
    assert!(rows[2].contains("QLoRA: Efficient Finetuning"), "{table}");
    assert!(rows[3].contains("목록에 없음: 없는 논문"), "{table}");
    assert!(rows[3].ends_with("history:4"), "{table}");
}

#[test]
fn index_speaks_korean_when_asked() {
    let (tmp, list) = indexed_workspace();
    let text = |args: &[&str]| String::from_utf8(run_list(tmp.path(), &list, args).stdout).unwrap();
    let ko = text(&["index", "--lang", "ko"]);
    assert!(
        ko.contains("의 색인은 최신 상태입니다: ")
            && ko.contains("(논문 250편, 새로 임베딩할 것 없음)"),
        "{ko}"
    );
    let en = text(&["index"]);
    assert!(
        en.contains("is up to date (250 papers, nothing to embed)"),
        "{en}"
    );
    let out = run_list(tmp.path(), &list, &["index", "--rebuild", "--lang", "ko"]);
    let ko = String::from_utf8(out.stdout).unwrap();
    assert!(
        ko.contains("의 논문 250편을 색인함: ")
            && ko.contains("(임베딩 250편, 재사용 0편, 삭제 0편)"),
        "{ko}"
    );
    // The seed list's titles are English: no note about other scripts.
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("another script"), "{err}");
}

#[test]
fn a_list_of_korean_titles_is_pointed_to_the_multilingual_model() {
    // Papers the group found in Korean venues, next to English ones: MiniLM reads
    // English only and relates the Korean titles by their script.
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("list.md");
    std::fs::write(
        &list,
        [
            "# 읽을 논문",
            "- [한국어 자연어 처리를 위한 사전학습 언어모델 KoBERT](https://example.org/1)",
            "- [대규모 언어모델의 환각 현상 분석](https://example.org/2)",
            "- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)",
            "- [QLoRA: Efficient Finetuning of Quantized LLMs](https://arxiv.org/abs/2305.14314)",
            "- [한국어 문장 임베딩 모델 비교 연구](https://example.org/3)",
        ]
        .join("\n"),
    )
    .unwrap();
    let out = run_list(tmp.path(), &list, &["index"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("3 of 5 titles are mostly in another script")
            && err.contains("readnext index --model multilingual-e5-small"),
        "{err}"
    );
    // Said when passages are embedded, not on every command; never with --quiet.
    let out = run_list(tmp.path(), &list, &["related", "KoBERT"]);
    assert!(!String::from_utf8(out.stderr)
        .unwrap()
        .contains("another script"));
    let out = run_list(tmp.path(), &list, &["-q", "index", "--rebuild"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn topics_and_coverage_speak_korean_when_asked() {
    let (tmp, list) = indexed_workspace();
    let text = |args: &[&str]| String::from_utf8(run_list(tmp.path(), &list, args).stdout).unwrap();
    let en = text(&["topics"]);
    let ko = text(&["topics", "--lang", "ko"]);
    assert!(ko.starts_with("주제 "), "{ko}");
    assert!(ko.contains("와 기타(논문 ") && ko.contains("편)"), "{ko}");
    assert!(
        ko.lines().nth(1).unwrap().starts_with("주제  크기  레이블"),
        "{ko}"
    );
    assert!(ko.contains("기타: 단발성 글과 관련 없는 연구"), "{ko}");
    assert!(!ko.contains("Other: one-off"), "{ko}");
    // The same topics, papers and labels: only the words around them change.
    let labels = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with("   0.") || l.starts_with("   1."))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(labels(&en), labels(&ko));
    assert!(en.contains("Other: one-off posts and unrelated research"));
    let cov = text(&["coverage", "--lang", "ko"]);
    assert!(cov.starts_with("주제  레이블"), "{cov}");
    assert!(
        cov.trim_end().lines().last().unwrap().contains("기타: "),
        "{cov}"
    );
    // JSON stays English.
    let v = common::json(&run_list(
        tmp.path(),
        &list,
        &["topics", "--lang", "ko", "--json"],
    ));
    let last = v["topics"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["label"], "Other: one-off posts and unrelated research");
}

#[test]
fn search_and_related_speak_korean_when_asked() {
    let (tmp, list) = indexed_workspace();
    let text = |args: &[&str]| String::from_utf8(run_list(tmp.path(), &list, args).stdout).unwrap();
    let ko = text(&["search", "지식 증류", "-k", "3", "--lang", "ko"]);
    let en = text(&["search", "지식 증류", "-k", "3"]);
    let rows: Vec<&str> = ko.lines().collect();
    assert_eq!(rows[0], "검색: 지식 증류", "{ko}");
    assert!(rows[1].starts_with("순위  점수"), "{ko}");
    // The same answers: only the words around them change.
    assert_eq!(
        ko.lines().skip(2).collect::<Vec<_>>(),
        en.lines().skip(2).collect::<Vec<_>>()
    );
    assert!(rows[2].contains("Distillation"), "{ko}");
    // A science subject of the list, asked in Korean: AlphaFold's post comes first.
    let protein = text(&["search", "단백질 구조 예측", "-k", "3"]);
    assert!(
        protein
            .lines()
            .nth(2)
            .is_some_and(|l| l.contains("AlphaFold")),
        "{protein}"
    );
    let ko = text(&["related", "LoRA", "-k", "2", "--lang", "ko"]);
    assert!(
        ko.starts_with("관련 논문: LoRA: Low-Rank Adaptation of Large Language Models ("),
        "{ko}"
    );
}

#[test]
fn korean_queries_and_references_never_crash() {
    let (tmp, list) = indexed_workspace();
    // Search in Korean with the English model: the glossary reads the terms it knows
    // into English, says so on stderr and in the JSON, and parameter-efficient
    // fine-tuning comes first; the model's English-only note is kept for queries whose
    // Korean the glossary mostly does not know.
    let out = run_list(
        tmp.path(),
        &list,
        &["search", "큰 모델을 저렴하게 미세 조정하는 방법", "--json"],
    );
    let v = common::json(&out);
    assert_eq!(v["results"].as_array().unwrap().len(), 10);
    assert!(
        v["query"]["glossary"]
            .as_str()
            .is_some_and(|g| g.contains("fine-tuning") && g.contains("cheap")),
        "{v}"
    );
    let first = v["results"][0]["title"].as_str().unwrap().to_lowercase();
    assert!(first.contains("fine-tuning"), "{first}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the Korean terms read as \""), "{err}");
    assert!(!err.contains("reads English only"), "{err}");
    let out = run_list(
        tmp.path(),
        &list,
        &["search", "고양이가 귀엽게 노는 것을 보여줘", "--json"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("reads English only") && err.contains("--model multilingual-e5-small"),
        "{err}"
    );
    let out = run_list(
        tmp.path(),
        &list,
        &["search", "cheap fine-tuning", "--json"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("reads English only"), "{err}");
    assert!(!err.contains("glossary"), "{err}");
    assert!(common::json(&out)["query"].get("glossary").is_none());
    // A name in Hangul searches as the name does in English: the paper called so first
    // (`버트` put DistillBERT and FastBERT above BERT's own paper, which `bert` puts
    // first), and the start of a title (`라마 어댑터`, "LLaMA adapter").
    for (query, first) in [
        ("버트", "BERT: Pre-training"),
        ("버트를", "BERT: Pre-training"),
        ("라마 어댑터", "LLaMA-Adapter V2:"),
        ("트랜스포머 XL", "Transformer-XL:"),
    ] {
        let v = common::json(&run_list(
            tmp.path(),
            &list,
            &["search", query, "-k", "3", "--json"],
        ));
        let got = v["results"][0]["title"].as_str().unwrap();
        assert!(got.starts_with(first), "{query}: {v}");
    }

    // A Korean reference that names no paper: exit 2 with the papers closest by
    // meaning (its glossary English, "LoRA model"), not by spelling, which Hangul
    // shares with no English title.
    let err = fails(tmp.path(), &list, &["related", "로라 모델"]);
    assert!(
        err.contains("no paper matches \"로라 모델\"")
            && err.contains("closest by meaning: \"LoRA: Low-Rank Adaptation"),
        "{err}"
    );
    // Words that say a reference is to a paper (`논문`, `paper`, `the`) and a particle
    // after a name are no part of it: each of these is the paper its name alone is.
    for (reference, title) in [
        ("로라 논문", "LoRA: Low-Rank Adaptation"),
        ("LoRA 논문", "LoRA: Low-Rank Adaptation"),
        ("the QLoRA paper", "QLoRA: Efficient Finetuning"),
        ("QLoRA 논문에서", "QLoRA: Efficient Finetuning"),
        ("Transformer-XL을", "Transformer-XL: Attentive"),
        ("큐로라 논문을", "QLoRA: Efficient Finetuning"),
        // A name half Korean keeps its words' order: "transformer XL" (was "XL transformer").
        ("트랜스포머 XL", "Transformer-XL: Attentive"),
        // A name and a word, whole words of one title, as "LLaMA adapter" is (was exit 2).
        ("라마 어댑터", "LLaMA-Adapter V2:"),
    ] {
        let out = ok(readnext_with_model(tmp.path())
            .arg("--list")
            .arg(&list)
            .args(["related", reference, "-k", "1", "--json"]));
        let v = common::json(&out);
        assert!(
            v["query"]["paper"]["title"]
                .as_str()
                .is_some_and(|t| t.starts_with(title)),
            "{reference}: {v}"
        );
    }
    // Two papers are named LLaMA: "the LLaMA paper" is that ambiguity, no guess.
    let err = fails(tmp.path(), &list, &["related", "the LLaMA paper"]);
    assert!(
        err.contains("\"the LLaMA paper\" is ambiguous") && err.contains("LLaMA: INT8 edition"),
        "{err}"
    );
    // A Korean name the glossary knows, alone, is that paper's name: `로라` is *LoRA*,
    // said on stderr; `라마` is *LLaMA*, which two papers are named: that ambiguity.
    let out = ok(readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["related", "로라", "--json"]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"로라\" read as \"LoRA\""), "{err}");
    let v = common::json(&out);
    assert!(
        v["query"]["paper"]["title"]
            .as_str()
            .unwrap()
            .starts_with("LoRA: Low-Rank Adaptation"),
        "{v}"
    );
    let err = fails(tmp.path(), &list, &["related", "라마"]);
    assert!(
        err.contains("\"LLaMA\" is ambiguous") && err.contains("LLaMA: INT8 edition"),
        "{err}"
    );
    // A history file names papers the same way (a note after ` #` aside).
    let history = tmp.path().join("history-ko.txt");
    std::fs::write(
        &history,
        "2026-11-20\t큐로라 # 양자화 발표\n2026-11-21\t라마\n\
         2026.11.13\tLoRA 논문 # 민수\n2026년 11월 6일 Attention Is All You Need\n",
    )
    .unwrap();
    let v = common::json(&ok(readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .arg("--history")
        .arg(&history)
        .args(["history", "--json"])));
    assert!(
        v["read"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with("QLoRA: Efficient Finetuning"),
        "{v}"
    );
    // Dates as Korean notes write them are the same days.
    let dated = |title: &str| {
        v["read"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["title"].as_str().unwrap().starts_with(title))
            .map(|r| r["date"].clone())
    };
    assert_eq!(dated("LoRA: Low-Rank"), Some("2026-11-13".into()), "{v}");
    assert_eq!(
        dated("Attention Is All You Need"),
        Some("2026-11-06".into()),
        "{v}"
    );
    assert_eq!(v["unknown"][0]["reference"], "라마", "{v}");
    let reason = v["unknown"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("\"LLaMA\" is ambiguous"), "{reason}");
    // So does `read`.
    let err = fails(tmp.path(), &list, &["read", "지식 증류"]);
    assert!(
        err.contains("closest by meaning: \"Knowledge Distillation"),
        "{err}"
    );
    // `read --lang ko` says what it recorded and took back in Korean.
    let read = |args: &[&str]| {
        readnext_with_model(tmp.path())
            .arg("--list")
            .arg(&list)
            .arg("--history")
            .arg(tmp.path().join("history-read.txt"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = read(&["read", "큐로라", "--date", "2026-11-20", "--lang", "ko"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "읽음 2026-11-20: QLoRA: Efficient Finetuning of Quantized LLMs\n"
    );
    let out = read(&["read", "QLoRA", "--date", "2026. 11. 27.", "--lang", "ko"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("이미 읽음(2026-11-20), 2026-11-27 날짜로 다시 기록함"),
        "{said}"
    );
    let out = read(&["read", "--undo", "QLoRA", "--lang", "ko"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("기록 2줄을 지움: "));
    let out = read(&["read", "--undo", "QLoRA", "--lang", "ko"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("읽은 기록에 없습니다"));

    // A Korean topic whose glossary English is in a label names that topic.
    let out = ok(readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["suggest", "--topic", "지식 증류", "--json"]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("closest by meaning"), "{err}");
    let v = common::json(&out);
    let label = v["suggestions"][0]["topic"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert!(label.contains("knowledge distillation"), "{v}");

    // A Korean topic: no label has the words, so the topic closest by meaning answers.
    let out = ok(readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["suggest", "--topic", "대화 시스템", "--json"]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("closest by meaning: topic "), "{err}");
    let v = common::json(&out);
    let topic = v["suggestions"][0]["topic"].as_str().unwrap().to_string();
    assert!(
        v["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["topic"] == topic.as_str()),
        "every suggestion from the one topic: {v}"
    );
    // English words that match no label stay an error that says how to name a topic.
    fails(
        tmp.path(),
        &list,
        &["suggest", "--topic", "no such topic words"],
    );
}

#[test]
fn a_korean_post_on_the_list_meets_the_english_papers_of_its_subject() {
    // Two posts the group wrote in Korean, added to the real list. The English model
    // reads Hangul as noise; the glossary's English for their terms joins them to the
    // papers of their subject (before: the other Korean post and one-off research).
    let (tmp, list) = indexed_workspace();
    let mut text = std::fs::read_to_string(&list).unwrap();
    text.push_str(
        "\n## 우리 글\n\n- [로라로 저렴하게 미세 조정하기](https://example.com/lora-ko)\n\
         - [지식 증류로 BERT 압축하기](https://example.com/kd-ko)\n",
    );
    std::fs::write(&list, text).unwrap();
    let first = |post: &str| -> Vec<String> {
        common::titles(&common::json(&ok(readnext_with_model(tmp.path())
            .arg("--list")
            .arg(&list)
            .args(["related", post, "-k", "3", "--json"]))))
    };
    let lora = first("로라로 저렴하게 미세 조정하기");
    assert!(lora[0].starts_with("LoRA: Low-Rank Adaptation"), "{lora:?}");
    let kd = first("지식 증류로 BERT 압축하기");
    assert!(
        kd.iter().all(|t| t.to_lowercase().contains("distil")),
        "{kd:?}"
    );
    // And an English query finds the Korean post by its subject.
    let v = common::json(&ok(readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["search", "cheap fine-tuning with LoRA", "-k", "5", "--json"])));
    assert!(
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["title"] == "로라로 저렴하게 미세 조정하기"),
        "{v}"
    );
}
