//! Finding personal numbers in text: resident identity numbers (18 digits
//! with a valid GB 11643 check digit, or the old 15-digit form), mainland
//! mobile numbers and bank card numbers (Luhn). Digits may be full-width
//! and grouped by spaces or hyphens, as people type them; masked forms
//! (`350102********1234`, `138****5678`) are not found, by construction.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    IdNumber,
    OldIdNumber,
    Mobile,
    BankCard,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::IdNumber => "身份证号",
            Kind::OldIdNumber => "身份证号（15 位旧号码）",
            Kind::Mobile => "手机号",
            Kind::BankCard => "银行卡号",
        }
    }

    /// The kind in English, for the command line's messages.
    pub fn english_name(self) -> &'static str {
        match self {
            Kind::IdNumber => "identity card number",
            Kind::OldIdNumber => "identity card number (an old 15-digit one)",
            Kind::Mobile => "mobile phone number",
            Kind::BankCard => "bank card number",
        }
    }
}

/// One number found: its byte range in the text and its digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub range: Range<usize>,
    /// The number without separators, full-width digits folded (`X` upper).
    pub digits: String,
}

impl Finding {
    /// The number as it may be published: `350102********1234`,
    /// `138****5678`, `************1234`.
    pub fn masked(&self) -> String {
        let d = &self.digits;
        let (keep_start, keep_end) = match self.kind {
            Kind::IdNumber | Kind::OldIdNumber => (6, 4),
            // The country code stays: `86138****5678`.
            Kind::Mobile => (d.len() - 8, 4),
            Kind::BankCard => (0, 4),
        };
        let hidden = d.len() - keep_start - keep_end;
        format!(
            "{}{}{}",
            &d[..keep_start],
            "*".repeat(hidden),
            &d[d.len() - keep_end..]
        )
    }
}

/// A digit of the text: ASCII or full-width; `X`/`x`/`Ｘ` only as the last
/// character of an identity number.
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// A group of digits between separators.
struct Group {
    range: Range<usize>,
    digits: String,
}

/// Every personal number in `text`, in order, not overlapping.
pub fn find(text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    for run in runs(text) {
        let groups = &run;
        let mut i = 0;
        while i < groups.len() {
            // The longest match starting at group i.
            let mut best: Option<(usize, Finding)> = None;
            let mut digits = String::new();
            for (j, group) in groups.iter().enumerate().skip(i) {
                digits.push_str(&group.digits);
                if digits.len() > 19 {
                    break;
                }
                if let Some(kind) = classify(&digits) {
                    best = Some((
                        j,
                        Finding {
                            kind,
                            range: groups[i].range.start..group.range.end,
                            digits: digits.clone(),
                        },
                    ));
                }
            }
            match best {
                Some((j, finding)) => {
                    findings.push(finding);
                    i = j + 1;
                }
                None => i += 1,
            }
        }
    }
    findings
}

/// Runs of digit groups separated by one space or hyphen. A run is cut at
/// any other character, so `0591-87654321` is one run whose digits form
/// no personal number, and `1,200.50` are several short runs.
fn runs(text: &str) -> Vec<Vec<Group>> {
    let mut runs: Vec<Vec<Group>> = Vec::new();
    let mut current: Vec<Group> = Vec::new();
    let mut group: Option<Group> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        if let Some(d) = digit(c) {
            let g = group.get_or_insert(Group {
                range: i..i,
                digits: String::new(),
            });
            g.digits.push(d);
            g.range.end = end;
            continue;
        }
        if is_x(c) {
            if let Some(g) = group.as_mut() {
                // X closes an identity number: 17 digits before it.
                let next_is_digit = chars.peek().is_some_and(|(_, n)| digit(*n).is_some());
                if !next_is_digit {
                    g.digits.push('X');
                    g.range.end = end;
                    continue;
                }
            }
        }
        if let Some(g) = group.take() {
            current.push(g);
        }
        let separator = matches!(c, ' ' | '-' | '\u{3000}' | '－')
            && chars.peek().is_some_and(|(_, n)| digit(*n).is_some())
            && !current.is_empty()
            && !current.last().is_some_and(|g| g.digits.ends_with('X'));
        if !separator && !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if let Some(g) = group.take() {
        current.push(g);
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

fn classify(digits: &str) -> Option<Kind> {
    let all_digits = digits.bytes().all(|b| b.is_ascii_digit());
    match digits.len() {
        18 if id_check_digit_ok(digits) && birth_date_ok(&digits[6..14]) => Some(Kind::IdNumber),
        15 if all_digits
            && province_ok(digits)
            && birth_date_ok(&format!("19{}", &digits[6..12])) =>
        {
            Some(Kind::OldIdNumber)
        }
        11 if all_digits && mobile_ok(digits) => Some(Kind::Mobile),
        // With the country code: `+86 138 1234 5678`, `8613812345678`.
        13 if all_digits && digits.starts_with("86") && mobile_ok(&digits[2..]) => {
            Some(Kind::Mobile)
        }
        16..=19 if all_digits && !digits.starts_with('0') && luhn_ok(digits) => {
            Some(Kind::BankCard)
        }
        _ => None,
    }
}

/// 1[3-9] and eleven digits: the mainland mobile number plan.
fn mobile_ok(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// GB 11643: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11,
/// 10 written X.
fn id_check_digit_ok(d: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let bytes = d.as_bytes();
    if !bytes[..17].iter().all(u8::is_ascii_digit) || !province_ok(d) {
        return false;
    }
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] == bytes[17]
}

/// The first two digits are a province code (11 Beijing … 82 Macao).
fn province_ok(d: &str) -> bool {
    d[..2].parse::<u32>().is_ok_and(|p| (11..=82).contains(&p))
}

/// `yyyymmdd` is a real date between 1900 and 2099.
fn birth_date_ok(yyyymmdd: &str) -> bool {
    let Ok(n) = yyyymmdd.parse::<u32>() else {
        return false;
    };
    let (y, m, d) = (n / 10_000, n / 100 % 100, n % 100);
    chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some() && (1900..2100).contains(&y)
}

fn luhn_ok(d: &str) -> bool {
    let sum: u32 = d
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let n = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = n * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                n
            }
        })
        .sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid identity number for a birth date, from its first 17 digits.
    fn with_check_digit(first17: &str) -> String {
        const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = first17
            .bytes()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
    }

    fn kinds(text: &str) -> Vec<Kind> {
        find(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn identity_numbers_in_every_written_form() {
        let id = with_check_digit("35010219900101123");
        let x_id = "11010519491231002X"; // the standard's own example
        assert!(id_check_digit_ok(x_id));
        let full_width: String = id
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
            .collect();
        let spaced = format!("{} {} {}", &id[..6], &id[6..14], &id[14..]);
        for text in [
            format!("身份证号{id}。"),
            format!("身份证：{}", x_id.to_lowercase()),
            format!("证件 {x_id} 号"),
            full_width,
            spaced,
            format!("{}-{}-{}", &id[..6], &id[6..14], &id[14..]),
        ] {
            assert_eq!(kinds(&text), [Kind::IdNumber], "{text}");
        }
        let found = &find(&format!("号码 {x_id}"))[0];
        assert_eq!(found.masked(), "110105********002X");
    }

    #[test]
    fn old_fifteen_digit_numbers() {
        assert_eq!(kinds("旧证 350102900101123"), [Kind::OldIdNumber]);
        // Month 13 is no birth date.
        assert!(kinds("350102901301123").is_empty());
    }

    #[test]
    fn mobiles_with_country_code_and_separators() {
        for text in [
            "电话13812345678",
            "手机：138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+86-13812345678",
            "8613812345678",
            "１３８１２３４５６７８",
            "联系13812345678 2021年",
        ] {
            assert_eq!(kinds(text), [Kind::Mobile], "{text}");
        }
        assert_eq!(find("13812345678")[0].masked(), "138****5678");
        assert_eq!(find("+86 138 1234 5678")[0].masked(), "86138****5678");
    }

    #[test]
    fn bank_cards_pass_luhn() {
        assert_eq!(kinds("卡号 6222 0202 0000 0000 006"), [Kind::BankCard]);
        assert_eq!(kinds("6222020200000000006"), [Kind::BankCard]);
        // One digit off: fails Luhn.
        assert!(kinds("6222020200000000007").is_empty());
        assert_eq!(
            find("6222020200000000006")[0].masked(),
            "***************0006"
        );
    }

    #[test]
    fn no_false_alarms() {
        let id = with_check_digit("35010219900101123");
        let bad_check = format!("{}{}", &id[..17], if id.ends_with('0') { '1' } else { '0' });
        for text in [
            "2021-08-20",
            "2021年8月20日",
            "20210820",
            "金额 1,200,000.00 元",
            "¥12345678.90",
            "统计用区划代码 350102004001",
            "办公电话 0591-87654321",
            "0591 8765 4321",
            "市民热线 12345，纪检监察举报电话 12388",
            "服务热线 400-123-4567",
            "遮盖后 350102********1234",
            "138****5678",
            "投票 1301 人，2021年9月10日",
            "第12345678901号",
            bad_check.as_str(),
            "组织机构代码 91350100MA2XXXXX1X",
            "",
        ] {
            assert!(
                find(text).is_empty(),
                "false alarm on {text:?}: {:?}",
                find(text)
            );
        }
    }

    #[test]
    fn ranges_cover_the_written_number() {
        let text = "张三，手机 138-1234-5678，住址";
        let f = &find(text)[0];
        assert_eq!(&text[f.range.clone()], "138-1234-5678");
        assert_eq!(f.digits, "13812345678");
    }
}
