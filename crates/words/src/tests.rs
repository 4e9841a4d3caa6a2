use super::*;

/// The texts of every data block in `html`, by its id, as the page parses them (JSON).
fn blocks(html: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script type=\"application/json\" id=\"") {
        rest = &rest[start + "<script type=\"application/json\" id=\"".len()..];
        let (id, after) = rest.split_once("\">").expect("the id ends");
        let (json, after) = after.split_once("</script>").expect("the block ends");
        found.push((
            id.to_owned(),
            serde_json::from_str(json).expect("the block is a JSON array of strings"),
        ));
        rest = after;
    }
    found
}

#[test]
fn every_language_reads_back_from_its_texts_as_it_was_written() {
    for lang in Lang::ALL {
        let words = Words::from_texts(lang.words().texts()).expect("reads back");
        assert_eq!(&words, lang.words(), "{lang:?}");
        let lessons = Lessons::from_texts(lang.lessons().texts()).expect("reads back");
        assert_eq!(&lessons, lang.lessons(), "{lang:?}");
        let refusals = Refusals::from_texts(lang.refusals().texts()).expect("reads back");
        assert_eq!(&refusals, lang.refusals(), "{lang:?}");
    }
}

#[test]
fn the_data_holds_every_languages_words_refusals_and_lessons_as_the_page_reads_them() {
    let html = data_html();
    let found = blocks(&html);
    let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "portcullis-words-en",
            "portcullis-refusals-en",
            "portcullis-lessons-en",
            "portcullis-words-de",
            "portcullis-refusals-de",
            "portcullis-lessons-de",
            "portcullis-words-ja",
            "portcullis-refusals-ja",
            "portcullis-lessons-ja",
        ]
    );
    for (lang, three) in Lang::ALL.into_iter().zip(found.chunks(3)) {
        assert_eq!(three[0].1, lang.words().texts());
        assert_eq!(
            &Words::from_texts(three[0].1.clone()).expect("reads"),
            lang.words()
        );
        assert_eq!(
            &Refusals::from_texts(three[1].1.clone()).expect("reads"),
            lang.refusals()
        );
        assert_eq!(
            &Lessons::from_texts(three[2].1.clone()).expect("reads"),
            lang.lessons()
        );
    }
    // No text can close its block early: the only `<` are the elements' own.
    assert_eq!(html.matches('<').count(), 1 + 2 * 9, "{}", &html[..200]);
}

#[test]
fn every_character_a_text_may_hold_survives_the_json_and_none_ends_the_block() {
    let texts = vec![
        "„Schlüssel“ \"quoted\" back\\slash".to_owned(),
        "</script><!-- <code>x</code>".to_owned(),
        "line\nbreak\ttab\u{1}bell\u{7f}ステップ 🔑".to_owned(),
        String::new(),
    ];
    let json = json_array(&texts);
    assert!(!json.contains('<'), "{json}");
    assert_eq!(
        serde_json::from_str::<Vec<String>>(&json).expect("JSON"),
        texts
    );
}

#[test]
fn data_from_another_build_is_refused_with_where_it_parts_ways() {
    let mut texts = Lang::De.words().texts();
    let total = texts.len();
    texts.push("one more".into());
    assert_eq!(
        Words::from_texts(texts.clone()).expect_err("too long"),
        format!(
            "the data has {} texts, but this page's words end after {total}",
            total + 1
        )
    );
    texts.truncate(total - 3);
    assert_eq!(
        Words::from_texts(texts).expect_err("too short"),
        format!(
            "the data ends after {} texts, before this page's words do",
            total - 3
        )
    );
    // The Overview lesson's paragraph count is the second text.
    let mut texts = Lang::Ja.lessons().texts();
    texts[1] = "many".into();
    assert_eq!(
        Lessons::from_texts(texts).expect_err("not a count"),
        "text 1 should count paragraphs, but is \"many\""
    );
}

#[test]
fn a_language_is_found_by_its_tag() {
    for lang in Lang::ALL {
        assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        assert_eq!(lang.compiled(), Some(lang.words()));
    }
    assert_eq!(Lang::from_tag("fr"), None);
    assert_eq!(Lang::from_tag("DE"), None);
}

#[test]
fn a_template_is_filled_once_and_typed_text_fills_nothing() {
    assert_eq!(
        fill(
            "`{NAME}` is {LEN} long; at most {MAX}",
            &[("NAME", "a{LEN}b"), ("LEN", "70"), ("MAX", "63")]
        ),
        "`a{LEN}b` is 70 long; at most 63"
    );
    assert_eq!(fill("{UNKNOWN} {", &[("NAME", "x")]), "{UNKNOWN} {");
    assert_eq!(
        fill("ステップ {N}/{TOTAL}", &[("N", "3"), ("TOTAL", "7")]),
        "ステップ 3/7"
    );
}
