//! Chinese sort order: Han text by pinyin (syllable, then tone), the way a
//! resident expects a list of names or villages to be ordered, with the
//! readings surnames take (曾 zēng not céng, 单 shàn not dān). Needs the
//! pinyin dictionary, so it runs at build time; the widget gets ranks.

use pinyin::ToPinyin;

/// Single-character surnames whose surname reading is not the character's
/// most common reading, with tone number.
const SURNAMES: &[(char, &str)] = &[
    ('曾', "zeng1"),
    ('单', "shan4"),
    ('解', "xie4"),
    ('仇', "qiu2"),
    ('区', "ou1"),
    ('查', "zha1"),
    ('朴', "piao2"),
    ('盖', "ge3"),
    ('乐', "yue4"),
    ('缪', "miao4"),
    ('翟', "zhai2"),
    ('秘', "bi4"),
    ('种', "chong2"),
    ('繁', "po2"),
    ('覃', "qin2"),
    ('尉', "wei4"),
    ('员', "yun4"),
    ('华', "hua4"),
    ('任', "ren2"),
    ('沈', "shen3"),
    ('贾', "jia3"),
    ('薄', "bo2"),
    ('隗', "wei3"),
    ('召', "shao4"),
    ('句', "gou1"),
    ('纪', "ji3"),
    ('洗', "xian3"),
    ('冼', "xian3"),
    ('能', "nai4"),
    ('柏', "bai3"),
    ('宿', "su4"),
    ('藏', "zang4"),
    ('车', "che1"),
    ('折', "she2"),
    ('牟', "mou2"),
    ('石', "shi2"),
    ('重', "chong2"),
    ('长', "chang2"),
    ('谌', "chen2"),
    ('都', "du1"),
    ('阚', "kan4"),
    ('黑', "he4"),
    ('过', "guo1"),
    ('应', "ying1"),
    ('强', "qiang2"),
    ('那', "na1"),
    ('哈', "ha3"),
    ('葛', "ge3"),
];

/// Two-character surnames, read as one.
const COMPOUND_SURNAMES: &[(&str, &str)] = &[
    ("尉迟", "yu4 chi2"),
    ("万俟", "mo4 qi2"),
    ("单于", "chan2 yu2"),
    ("长孙", "zhang3 sun1"),
    ("欧阳", "ou1 yang2"),
    ("司马", "si1 ma3"),
    ("诸葛", "zhu1 ge3"),
    ("上官", "shang4 guan1"),
    ("东方", "dong1 fang1"),
    ("皇甫", "huang2 fu3"),
    ("令狐", "ling2 hu2"),
    ("公孙", "gong1 sun1"),
    ("慕容", "mu4 rong2"),
    ("宇文", "yu3 wen2"),
    ("司徒", "si1 tu2"),
    ("夏侯", "xia4 hou2"),
    ("端木", "duan1 mu4"),
    ("澹台", "tan2 tai2"),
    ("闻人", "wen2 ren2"),
    ("轩辕", "xuan1 yuan2"),
    ("呼延", "hu1 yan2"),
    ("申屠", "shen1 tu2"),
    ("南宫", "nan2 gong1"),
    ("西门", "xi1 men2"),
    ("钟离", "zhong1 li2"),
];

/// A sort key for ordinary text: each Han character as pinyin with its
/// tone digit, other characters lowercased, then the text itself so that
/// different characters with one reading still order deterministically.
pub fn text_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len() * 3);
    push_readings(&mut key, text, Syllable::Toned);
    finish(key, text)
}

/// A sort key for a person's name: the surname read as a surname.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 3);
    let rest = push_surname(&mut key, name, Syllable::Toned);
    push_readings(&mut key, rest, Syllable::Toned);
    finish(key, name)
}

/// Pinyin initials of a name (`曾国藩` → `zgf`), what residents type to
/// filter a list of names on a phone.
pub fn name_initials(name: &str) -> String {
    let mut initials = String::new();
    let rest = push_surname(&mut initials, name, Syllable::Initial);
    push_readings(&mut initials, rest, Syllable::Initial);
    initials
}

#[derive(Clone, Copy)]
enum Syllable {
    /// `zeng1` followed by a separator that sorts before every letter.
    Toned,
    /// `z`.
    Initial,
}

const SEPARATOR: char = '\u{1}';

fn push_syllable(key: &mut String, toned: &str, how: Syllable) {
    match how {
        Syllable::Toned => {
            key.push_str(toned);
            key.push(SEPARATOR);
        }
        Syllable::Initial => key.extend(toned.chars().next()),
    }
}

/// Pushes the surname's reading if `name` starts with a surname of
/// [`SURNAMES`] or [`COMPOUND_SURNAMES`]; returns the rest of the name.
fn push_surname<'a>(key: &mut String, name: &'a str, how: Syllable) -> &'a str {
    let name = name.trim_start();
    if let Some((surname, reading)) = COMPOUND_SURNAMES.iter().find(|(s, _)| name.starts_with(s)) {
        for syllable in reading.split(' ') {
            push_syllable(key, syllable, how);
        }
        return &name[surname.len()..];
    }
    let mut chars = name.chars();
    if let Some(first) = chars.next() {
        if let Some((_, reading)) = SURNAMES.iter().find(|(c, _)| *c == first) {
            push_syllable(key, reading, how);
            return chars.as_str();
        }
    }
    name
}

fn push_readings(key: &mut String, text: &str, how: Syllable) {
    for c in text.chars() {
        if let Some(pinyin) = c.to_pinyin() {
            push_syllable(key, pinyin.with_tone_num_end(), how);
        } else {
            match how {
                Syllable::Toned => key.extend(c.to_lowercase()),
                Syllable::Initial if c.is_alphanumeric() => key.extend(c.to_lowercase()),
                Syllable::Initial => {}
            }
        }
    }
}

fn finish(mut key: String, text: &str) -> String {
    key.push('\0');
    key.push_str(text);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str], key: fn(&str) -> String) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        names.sort_by_key(|n| key(n));
        names
    }

    #[test]
    fn surnames_sort_by_their_surname_reading() {
        // Golden order by pinyin of the surname reading: chan(单于) ge(盖)
        // li(李) mo(万俟) ou-yang(欧阳) ou-zhi(区) piao(朴) qiu(仇) shan(单)
        // xie(解) yu(尉迟) zeng(曾) zha(查) zhang(张).
        let golden = [
            "单于明",
            "盖聂",
            "李四",
            "万俟卨",
            "欧阳修",
            "区志强",
            "朴志勇",
            "仇英",
            "单雄信",
            "解缙",
            "尉迟恭",
            "曾国藩",
            "查良镛",
            "张三",
        ];
        let mut shuffled = golden.to_vec();
        shuffled.reverse();
        shuffled.swap(2, 9);
        assert_eq!(sorted(&shuffled, name_key), golden);
    }

    #[test]
    fn same_syllable_orders_by_tone_then_character() {
        // mā má mǎ mà
        assert_eq!(
            sorted(&["骂", "马", "麻", "妈"], text_key),
            ["妈", "麻", "马", "骂"]
        );
        // li before lian before liang: a shorter syllable first.
        assert_eq!(sorted(&["梁", "连", "李"], text_key), ["李", "连", "梁"]);
        // Whole readings compare first, as in a phone's contact list:
        // zhang, zhang, zhang-san.
        assert_eq!(
            sorted(&["张三", "章", "张"], text_key),
            ["张", "章", "张三"]
        );
    }

    #[test]
    fn latin_and_han_interleave_by_letter() {
        assert_eq!(
            sorted(&["村委会", "Beta", "阿姨", "alpha"], text_key),
            ["阿姨", "alpha", "Beta", "村委会"]
        );
    }

    #[test]
    fn initials_use_surname_readings() {
        assert_eq!(name_initials("曾国藩"), "zgf");
        assert_eq!(name_initials("单雄信"), "sxx");
        assert_eq!(name_initials("尉迟恭"), "ycg");
        assert_eq!(name_initials("张三"), "zs");
        assert_eq!(name_initials("Li Ming"), "liming");
    }

    #[test]
    fn a_surname_character_inside_a_name_keeps_its_ordinary_reading() {
        // 曾 as a given name's second character is céng in 曾经 but the
        // surname table applies only to the first character.
        assert!(name_key("张曾").starts_with("zhang1\u{1}ceng2\u{1}"));
        assert!(text_key("曾经").starts_with("ceng2"));
    }
}
