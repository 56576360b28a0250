//! The index's tokens and format, and the update path: an index brought
//! up to date after edits is the index made from scratch, file for file.

use super::documents::Source;
use super::kept::{Changed, Making};
use super::postings::{W_TEXT_MAX, W_TITLE};
use super::tokens::{scan, Cut, Tok};
use super::*;

fn toks(s: &str) -> Vec<String> {
    let mut v = Vec::new();
    tokenize(s, |t| v.push(t.to_string()));
    v
}

/// `kept` brought up to date with `docs` (in id order); with `script`, a
/// `script.json` of a toy conversion (坚 ↔ 堅).
fn update(kept: &mut Kept, docs: &[Doc], script: bool) -> Changed {
    let sources: Vec<Source> = docs.iter().map(|d| Source::known(&d.path, crate::digest::digest_debug(d))).collect();
    let text = |i: usize| docs[i].text.clone();
    let doc: DocAt = &|i| Doc { text: String::new(), ..docs[i].clone() };
    let other = |c: &str| c.replace('坚', "堅").replace('县', "縣");
    let making =
        Making { setting: 1, base_url: "/", doc, text: &text, other_script: script.then_some(&other as OtherScript) };
    kept.update(&sources, &making)
}

/// Every file of a kept index: relative path and text.
fn files(kept: &Kept) -> Vec<(String, String)> {
    let mut out = vec![("meta.json".to_string(), kept.meta.clone())];
    out.extend(kept.script.iter().map(|s| ("script.json".to_string(), s.clone())));
    out.extend(kept.shards.iter().enumerate().map(|(k, t)| (format!("t/{k}.txt"), t.clone())));
    out.extend(kept.chunks.iter().enumerate().map(|(n, t)| (format!("d/{n}.json"), t.clone())));
    out
}

fn built(docs: &[Doc], script: bool) -> Vec<(String, String)> {
    let mut kept = Kept::default();
    update(&mut kept, docs, script);
    files(&kept)
}

#[test]
fn han_runs_become_bigrams_and_ascii_words_stay_whole() {
    assert_eq!(toks("百日攻坚"), ["百日", "日攻", "攻坚"]);
    assert_eq!(toks("县，GDP增长８％ 2021年"), ["县", "gdp", "增长", "8", "2021", "年"]);
    assert_eq!(toks("ＧＤＰ"), ["gdp"]);
}

#[test]
fn postings_round_trip_through_vlq() {
    let docs: Vec<Doc> = (0..300)
        .map(|i| Doc {
            path: format!("r/{i}/"),
            title: if i % 7 == 0 { "百日攻坚".into() } else { "项目".into() },
            text: "攻坚 攻坚 攻坚 攻坚".into(),
            ..Default::default()
        })
        .collect();
    let files = built(&docs, false);
    let index = read_shards(files.iter().filter(|f| f.0.starts_with("t/")).map(|f| f.1.as_str()));
    let gj = &index["攻坚"];
    assert_eq!(gj.len(), 300);
    assert_eq!(gj[7], (7, W_TITLE | W_TEXT_MAX));
    assert_eq!(gj[8], (8, W_TEXT_MAX));
    assert_eq!(index["百日"].iter().map(|p| p.0).collect::<Vec<_>>(), (0..300).step_by(7).collect::<Vec<_>>());
}

#[test]
fn a_line_break_inside_a_chinese_sentence_does_not_split_a_bigram() {
    let joined = |s: &str| {
        let mut v = Vec::new();
        scan(s, Cut { join_breaks: true, unigrams: false }, |t| match t {
            Tok::Han(k) | Tok::Pair(k) => v.push(
                [(k >> 32) as u32, k as u32].into_iter().filter(|&c| c != 0).filter_map(char::from_u32).collect(),
            ),
            Tok::Word(w) => v.push(w.to_string()),
        });
        v
    };
    assert_eq!(joined("项目一\n线 工人 and\nmore"), toks("项目一线 工人 and more"));
    assert_eq!(joined("项目一 \n 线"), toks("项目一线"));
    assert_eq!(joined("县 \n,市"), toks("县 市"), "a break before punctuation still ends the run");
}

use crate::test_rng::Rng;

const WORDS: [&str; 8] = ["攻坚", "项目开工", "东光县", "群众满意", "gdp 2021", "招商引资见效", "鹦鹉螺", "桥头堡"];

/// A report of common words and some rarer characters (so the index has
/// many tokens and shards).
fn doc(rng: &mut Rng, n: usize) -> Doc {
    let mut text: Vec<String> = (0..1 + rng.below(40)).map(|_| WORDS[rng.below(WORDS.len())].to_string()).collect();
    text.push((0..rng.below(120)).filter_map(|_| char::from_u32(0x4e00 + rng.below(3000) as u32)).collect());
    Doc {
        path: format!("reports/r{n}/"),
        title: format!("{}第{n}期", WORDS[rng.below(WORDS.len())]),
        date: format!("2021-08-{:02}", 1 + n % 28),
        county: ["东光县", "磁县"][rng.below(2)].into(),
        summary: WORDS[rng.below(WORDS.len())].into(),
        text: text.join("，"),
        ..Default::default()
    }
}

/// One random edit of `docs`; what it was.
fn edit(rng: &mut Rng, docs: &mut Vec<Doc>, made: &mut usize) -> &'static str {
    let i = rng.below(docs.len().max(1));
    *made += 1;
    match rng.below(9) {
        _ if docs.is_empty() => {
            docs.push(doc(rng, *made));
            "add"
        }
        0 => {
            docs[i].text.push_str(WORDS[rng.below(WORDS.len())]);
            "text"
        }
        1 => {
            docs.push(doc(rng, *made));
            "add the newest"
        }
        2 => {
            docs.remove(i);
            "remove"
        }
        3 => {
            let d = doc(rng, *made);
            docs.insert(i, d);
            "insert an older one"
        }
        4 => {
            let d = docs.remove(i);
            let to = rng.below(docs.len() + 1);
            docs.insert(to, d);
            "move"
        }
        5 => {
            docs[i].text = doc(rng, *made).text;
            "rewrite the text"
        }
        6 => {
            docs[i].summary = WORDS[rng.below(WORDS.len())].into();
            docs[i].keywords.push_str(WORDS[rng.below(WORDS.len())]);
            "a project's facts"
        }
        7 => {
            let d = docs.remove(i);
            docs.push(d);
            "date an older one today"
        }
        _ => {
            (0..1 + rng.below(60)).for_each(|_| docs.push(doc(rng, *made)));
            "add many"
        }
    }
}

#[test]
fn an_index_brought_up_to_date_after_edits_is_the_index_made_from_scratch() {
    for (seed, script) in [(1u64, false), (2, true), (3, true), (4, false), (5, true)] {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut docs: Vec<Doc> = (0..40).map(|n| doc(&mut rng, n)).collect();
        let mut made = docs.len();
        let mut kept = Kept::default();
        update(&mut kept, &docs, script);
        let mut history = Vec::new();
        let mut shard_counts = std::collections::BTreeSet::new();
        for _ in 0..30 {
            history.push(edit(&mut rng, &mut docs, &mut made));
            let changed = update(&mut kept, &docs, script);
            let fresh = built(&docs, script);
            let got = files(&kept);
            assert_eq!(got.len(), fresh.len(), "seed {seed} after {history:?}");
            for ((rel, text), (_, want)) in got.iter().zip(&fresh) {
                assert!(text == want, "seed {seed} after {history:?}: {rel}:\n{text}\n--- from scratch:\n{want}");
            }
            assert!(changed.tokenised <= docs.len());
            shard_counts.insert(kept.shards.len());
        }
        assert!(shard_counts.len() > 1, "the shards were cut anew as the index grew: {shard_counts:?}");
    }
}

#[test]
fn an_unchanged_index_tokenises_nothing_and_a_text_edit_one_document() {
    let mut rng = Rng(7);
    let mut docs: Vec<Doc> = (0..400).map(|n| doc(&mut rng, n)).collect();
    let mut kept = Kept::default();
    update(&mut kept, &docs, true);
    let again = update(&mut kept, &docs, true);
    assert_eq!(again.tokenised, 0);
    let any = |c: &Changed| c.shards.iter().chain(&c.chunks).any(|&x| x) || c.meta || c.script;
    assert!(!any(&again), "nothing to write: {again:?}");
    docs[123].text.push_str("，鸳鸯");
    let edited = update(&mut kept, &docs, true);
    assert_eq!(edited.tokenised, 1);
    let shards = edited.shards.iter().filter(|&&x| x).count();
    // 鸳, 鸯, 鸳鸯: new tokens in at most three shards of many.
    assert!(edited.shards.len() >= 16, "{} shards", edited.shards.len());
    assert!((1..=3).contains(&shards), "{shards} of {} shards", edited.shards.len());
    assert_eq!(edited.chunks.iter().filter(|&&x| x).count(), 1, "the document's chunk");
    assert!(!edited.meta);
    assert!(!edited.searched_all, "its old postings are in the lines of its tokens");
    docs[200].text = "鹦鹉螺".into();
    let rewritten = update(&mut kept, &docs, true);
    assert!(rewritten.searched_all, "tokens it lost are looked for in every line");
    assert_eq!(files(&kept), built(&docs, true));
    docs.push(doc(&mut rng, 400));
    let added = update(&mut kept, &docs, true);
    assert_eq!(added.tokenised, 1);
    assert_eq!(added.chunks.iter().filter(|&&x| x).count(), 1, "the last chunk only");
    assert!(added.meta, "the count of documents");
}

#[test]
fn a_line_found_in_its_shard_is_the_token_s_line() {
    let mut rng = Rng(11);
    let docs: Vec<Doc> = (0..200).map(|n| doc(&mut rng, n)).collect();
    let mut kept = Kept::default();
    update(&mut kept, &docs, false);
    let mut looked = 0;
    for shard in &kept.shards {
        let marks = super::marks::ShardMarks::default();
        for (token, list) in postings::parse(shard) {
            assert_eq!(marks.find_line(shard, token), Some(list), "{token}");
            for absent in [format!("{token}0"), token.chars().skip(1).collect(), String::new(), "\u{10ffff}".into()] {
                let held = postings::parse(shard).any(|(t, _)| t == absent);
                assert_eq!(marks.find_line(shard, &absent).is_some(), held, "{absent}");
            }
            looked += 1;
        }
    }
    assert!(looked > 100, "{looked} lines");
}

#[test]
fn a_document_s_postings_found_from_the_marks_are_those_found_from_the_line_s_start() {
    let mut rng = Rng(13);
    let docs: Vec<Doc> = (0..400).map(|n| doc(&mut rng, n)).collect();
    let mut kept = Kept::default();
    update(&mut kept, &docs, false);
    let mut long_lines = 0;
    for shard in &kept.shards {
        for (_, list) in postings::parse(shard) {
            let ids: Vec<u32> = decode_postings(list).iter().map(|p| p.0).collect();
            long_lines += usize::from(ids.len() > 200);
            let mut marks = Vec::new();
            // Each id of the line going, and one between two of its ids, in
            // an order that looks both past the marks made and before them.
            let mut gone: Vec<u32> = ids.iter().flat_map(|&d| [d, d.saturating_sub(1)]).step_by(7).collect();
            let half = gone.len() / 2;
            gone[..half].reverse();
            for gone in gone {
                let mut to: Vec<u32> = (0..docs.len() as u32).collect();
                to[gone as usize] = postings::GONE;
                let moves = postings::Moves {
                    to: &to,
                    lo: 1,
                    hi: 0,
                    first_gone: gone,
                    last_gone: gone,
                    in_order: true,
                    settled: to.len() as u32,
                };
                let want: Vec<_> = decode_postings(list).into_iter().filter(|p| p.0 == gone).collect();
                let (held, passed) = marks::held_by_gone(&marks, list, moves);
                assert_eq!(held, want, "document {gone}");
                marks.extend(passed);
            }
        }
    }
    assert!(long_lines > 3, "{long_lines} lines of over 200 documents");
}

/// Document `id` with a random weight, one time in `one_in`.
fn posting(rng: &mut Rng, id: u32, one_in: usize) -> Option<postings::Posting> {
    let weight = rng.below(13) as u8;
    (rng.below(one_in) == 0).then_some((id, weight))
}

#[test]
fn a_line_brought_up_to_date_past_an_insertion_is_the_line_encoded_afresh() {
    let mut rng = Rng(17);
    let mut skipped_far = 0;
    for _ in 0..400 {
        let docs = 50 + rng.below(400) as u32;
        let old: Vec<postings::Posting> = (0..docs).filter_map(|d| posting(&mut rng, d, 3)).collect();
        // Documents inserted at some new ids, some kept ones gone (tokenised again).
        let inserted: Vec<u32> = (0..1 + rng.below(3)).map(|_| rng.below(docs as usize) as u32).collect();
        let mut to = Vec::new();
        let mut new = 0u32;
        for _ in 0..docs {
            while inserted.contains(&new) {
                new += 1;
            }
            match rng.below(40) {
                0 => to.push(postings::GONE),
                _ => to.push(new),
            }
            new += 1;
        }
        let mut added: Vec<postings::Posting> = inserted.iter().filter_map(|&i| posting(&mut rng, i, 2)).collect();
        added.sort_unstable();
        added.dedup_by_key(|p| p.0);
        let moving: Vec<u32> = (0..docs).filter(|&o| to[o as usize] != o && to[o as usize] != postings::GONE).collect();
        let (in_order, settled) = postings::Moves::order(&to);
        let moves = postings::Moves {
            to: &to,
            lo: moving.first().copied().unwrap_or(1),
            hi: moving.last().copied().unwrap_or(0),
            first_gone: to.iter().position(|&n| n == postings::GONE).map_or(postings::GONE, |o| o as u32),
            last_gone: to.iter().rposition(|&n| n == postings::GONE).unwrap_or(0) as u32,
            in_order,
            settled,
        };
        let mut want: Vec<postings::Posting> = old
            .iter()
            .filter(|p| to[p.0 as usize] != postings::GONE)
            .map(|&(d, w)| (to[d as usize], w))
            .chain(added.iter().copied())
            .collect();
        want.sort_unstable();
        let text = postings::encode(&old);
        let (mut buf, mut dropped) = (Vec::new(), 0);
        let got = postings::update_line(&text, moves, &added, &mut buf, &mut dropped).unwrap_or(text.clone());
        assert_eq!(decode_postings(&got), want, "{old:?} to {to:?} with {added:?}");
        assert_eq!(got, postings::encode(&want));
        skipped_far += usize::from(moves.lo > 100 && old.first().is_some_and(|p| p.0 < 100));
    }
    assert!(skipped_far > 20, "{skipped_far} lines with postings before a late insertion");
}
