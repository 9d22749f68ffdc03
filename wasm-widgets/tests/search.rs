//! The search core end to end (index → shards → query), natively: exact
//! substrings, pinyin, filters and ranking.

use gongshi_widgets::search::builder::{Document, IndexBuilder};
use gongshi_widgets::search::engine::{Engine, Query};
use gongshi_widgets::search::normalize::normalize;
use gongshi_widgets::search::terms::Filter;
use proptest::prelude::*;

struct Doc {
    title: String,
    region: String,
    body: String,
    pinyin: Vec<Vec<String>>,
    filters: Vec<(Filter, String)>,
}

fn doc(title: &str, body: &str) -> Doc {
    Doc {
        title: title.into(),
        region: String::new(),
        body: body.into(),
        pinyin: Vec::new(),
        filters: Vec::new(),
    }
}

/// Builds an index with small shards (so queries span several) and loads
/// every shard a query needs, as `gongshi search` does.
struct Index {
    engine: Engine,
    shards: Vec<Vec<u8>>,
    docs: Vec<Doc>,
}

impl Index {
    fn new(docs: Vec<Doc>) -> Index {
        let mut builder = IndexBuilder::new();
        for d in &docs {
            let regions = [d.region.as_str()];
            builder.add(&Document {
                title: &d.title,
                region_names: &regions,
                body: &d.body,
                pinyin: &d.pinyin,
                filters: &d.filters,
            });
        }
        let files = builder.finish(256);
        Index {
            engine: Engine::new(&files.entry).unwrap(),
            shards: files.shards,
            docs,
        }
    }

    fn search(&mut self, text: &str, filters: &[(Filter, String)]) -> Vec<u32> {
        let query = Query::parse(&normalize(text), filters);
        for i in self.engine.needed_shards(&query) {
            self.engine.add_shard(i, &self.shards[i]).unwrap();
        }
        self.engine
            .run(&query)
            .unwrap()
            .into_iter()
            .filter(|hit| {
                let d = &self.docs[hit.doc as usize];
                query.verify(&[
                    &normalize(&d.title),
                    &normalize(&d.region),
                    &normalize(&d.body),
                ])
            })
            .map(|hit| hit.doc)
            .collect()
    }
}

fn sorted(mut v: Vec<u32>) -> Vec<u32> {
    v.sort_unstable();
    v
}

#[test]
fn substrings_across_word_boundaries_are_found() {
    // Pagefind's issue #987: 段简 in 一段简单 is missed by word segmentation.
    let mut index = Index::new(vec![doc("", "这是一段简单的说明"), doc("", "一段。简单")]);
    assert_eq!(index.search("段简", &[]), vec![0]);
    assert_eq!(sorted(index.search("一段", &[])), vec![0, 1]);
    assert_eq!(index.search("一段简单", &[]), vec![0]);
}

#[test]
fn bigram_coincidences_are_not_results() {
    // Both pairs of 过半数 occur, but never together.
    let mut index = Index::new(vec![doc("", "超过半年，半数以上"), doc("", "得票过半数")]);
    assert_eq!(index.search("过半数", &[]), vec![1]);
}

#[test]
fn single_characters_and_latin_words_with_prefixes() {
    let mut index = Index::new(vec![
        doc("", "村委会 BM25 排序"),
        doc("", "Gongshi 2021年"),
        doc("", "社区"),
    ]);
    assert_eq!(index.search("村", &[]), vec![0]);
    assert_eq!(index.search("bm", &[]), vec![0]);
    assert_eq!(index.search("ＧＯＮＧ", &[]), vec![1]);
    assert_eq!(index.search("2021", &[]), vec![1]);
    assert!(index.search("gongshix", &[]).is_empty());
}

#[test]
fn pinyin_full_spaced_and_initials_find_titles_and_regions() {
    let mut d = doc("一肩挑情况说明", "正文");
    d.pinyin = vec![["yi", "jian", "tiao", "qing", "kuang", "shuo", "ming"]
        .map(String::from)
        .to_vec()];
    let mut r = doc("财务公开", "正文");
    r.region = "凤潭村".into();
    r.pinyin = vec![["feng", "tan", "cun"].map(String::from).to_vec()];
    let mut index = Index::new(vec![d, r]);
    for q in ["yijiantiao", "yi jian tiao", "YJT", "jiantiao", "yijian"] {
        assert_eq!(index.search(q, &[]), vec![0], "{q}");
    }
    for q in ["fengtancun", "ftc", "fengtan"] {
        assert_eq!(index.search(q, &[]), vec![1], "{q}");
    }
    assert!(index.search("yjx", &[]).is_empty());
}

#[test]
fn filters_restrict_and_combine() {
    let mut docs = Vec::new();
    for (kind, year, path) in [
        ("result", "2021", "rongnan/tangxia/fengtan/"),
        ("finance", "2021", "rongnan/tangxia/houyang/"),
        ("result", "2022", "xidong/dongjie/sanfang/"),
    ] {
        let mut d = doc("公告", "换届选举");
        d.filters = vec![
            (Filter::Kind, kind.into()),
            (Filter::Year, year.into()),
            (Filter::RegionPath, path.into()),
            (
                Filter::RegionPath,
                path.splitn(3, '/').take(2).collect::<Vec<_>>().join("/") + "/",
            ),
        ];
        docs.push(d);
    }
    let mut index = Index::new(docs);
    let f = |k: &str, v: &str| Filter::parse(k, v).unwrap();
    assert_eq!(
        sorted(index.search("换届", &[f("kind", "result")])),
        vec![0, 2]
    );
    assert_eq!(
        index.search("换届", &[f("kind", "result"), f("year", "2022")]),
        vec![2]
    );
    assert_eq!(
        sorted(index.search("换届", &[f("region", "rongnan/tangxia")])),
        vec![0, 1]
    );
    assert_eq!(
        sorted(index.search("", &[f("year", "2021")])),
        vec![0, 1],
        "filters alone browse"
    );
    assert!(index.search("换届", &[f("kind", "news")]).is_empty());
}

#[test]
fn title_matches_rank_above_body_matches_then_recent_first() {
    let mut index = Index::new(vec![
        doc("工作动态", "本届选举顺利完成"), // newest, body match
        doc("选举结果公告", "结果如下"),     // title match
        doc("通知", "选举工作安排"),         // older body match
        doc("关于选举的通知", "安排"),       // oldest title match
    ]);
    assert_eq!(index.search("选举", &[]), vec![1, 3, 0, 2]);
}

#[test]
fn top_k_is_the_head_of_the_full_ranking() {
    let docs: Vec<Doc> = (0..60)
        .map(|i| {
            doc(
                if i % 7 == 0 { "选举公告" } else { "通知" },
                &"选举".repeat(1 + i % 5),
            )
        })
        .collect();
    let index = Index::new(docs);
    let mut engine = index.engine;
    let query = Query::parse(&normalize("选举"), &[]);
    for i in engine.needed_shards(&query) {
        engine.add_shard(i, &index.shards[i]).unwrap();
    }
    let all = engine.run(&query).unwrap();
    for k in [0, 1, 5, 59, 60, 100] {
        let (top, total) = engine.run_top(&query, k).unwrap();
        assert_eq!(total, 60);
        assert_eq!(top, all[..k.min(60)].to_vec(), "k = {k}");
    }
}

#[test]
fn hostile_queries_do_not_panic() {
    let mut index = Index::new(vec![doc("标题", "正文内容")]);
    let long = "选".repeat(10_000);
    for q in [
        "",
        "   ",
        ".*+?[](){}|\\^$",
        &long,
        "\u{FFFD}\u{0}\u{1F600}",
        "a",
    ] {
        let _ = index.search(q, &[]);
    }
    assert_eq!(index.search("正文", &[]), vec![0]);
}

const ALPHABET: &[char] = &['村', '民', '委', '员', '会', '选', '举', '公'];

fn han_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max)
        .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// For random texts and random substrings (or random strings), search
    /// returns exactly the documents that contain the query.
    #[test]
    fn han_search_is_exact(
        bodies in prop::collection::vec(han_text(40), 1..12),
        pick in 0usize..12,
        start in 0usize..40,
        len in 2usize..6,
        random in han_text(5),
    ) {
        let source: Vec<char> = bodies[pick % bodies.len()].chars().collect();
        let from_doc: String = source.iter().skip(start.min(source.len())).take(len).collect();
        let mut index = Index::new(bodies.iter().map(|b| doc("", b)).collect());
        for query in [from_doc, random] {
            if query.chars().count() < 2 {
                continue;
            }
            let expected: Vec<u32> = bodies
                .iter()
                .enumerate()
                .filter(|(_, b)| b.contains(query.as_str()))
                .map(|(i, _)| i as u32)
                .collect();
            prop_assert_eq!(sorted(index.search(&query, &[])), expected, "query {}", query);
        }
    }
}
