use super::pie::tenths;
use super::svg::COLORS;
use super::*;
use crate::render::shortcode;
use std::path::Path;

fn at() -> Location {
    Location::new(Path::new("content/a/n.md"), 7, 1)
}

fn sheet(csv: &str) -> DataSheet {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.csv"), csv).unwrap();
    crate::data::read(dir.path(), Path::new(""), "d.csv", None, &at()).unwrap()
}

fn links() -> ChartLinks {
    ChartLinks {
        table_anchor: Some("#t-d".into()),
        csv_href: "d.csv".into(),
    }
}

fn chart_with(id: &str, args: &str, csv: &str) -> Result<String, Diagnostic> {
    let code = shortcode::parse(&format!("{{{{ chart(src=\"d.csv\", {args}) }}}}")).unwrap();
    render(&code, &sheet(csv), id, &links(), &at())
}

fn chart(args: &str, csv: &str) -> String {
    chart_with("c-d", args, csv).unwrap_or_else(|e| panic!("{:?}", e.message))
}

const VOTES: &str =
    "姓名,得票,得票率\n张三,\"1,201\",60.1%\n李四,822,41.1%\n王五,0,0%\n赵六,309,15.5%\n";

/// Tags balance (every start tag closed, in order, or self-closing), no
/// tokenizer errors, and nothing active: no script or foreign tags, no
/// event attributes, no outside references, no NaN.
fn assert_well_formed(html: &str) {
    const TAGS: &[&str] = &[
        "figure",
        "svg",
        "title",
        "desc",
        "defs",
        "pattern",
        "rect",
        "circle",
        "path",
        "line",
        "g",
        "text",
        "figcaption",
        "a",
    ];
    let mut stack: Vec<String> = Vec::new();
    for token in html5gum::Tokenizer::new(html) {
        match token.unwrap() {
            html5gum::Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_string();
                assert!(TAGS.contains(&name.as_str()), "unexpected tag <{name}>");
                for (attribute, value) in &tag.attributes {
                    let attribute = String::from_utf8_lossy(attribute).to_ascii_lowercase();
                    let value = String::from_utf8_lossy(&value.value).to_ascii_lowercase();
                    assert!(!attribute.starts_with("on"), "event attribute {attribute}");
                    assert!(!value.contains("javascript:"), "{attribute}={value}");
                    if attribute == "href" {
                        assert!(!value.contains("//"), "outside link {value}");
                    }
                    if value.contains("url(") {
                        assert!(value.starts_with("url(#"), "outside reference {value}");
                    }
                }
                if !tag.self_closing {
                    stack.push(name);
                }
            }
            html5gum::Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_string();
                assert_eq!(
                    stack.pop().as_deref(),
                    Some(name.as_str()),
                    "unbalanced </{name}>"
                );
            }
            html5gum::Token::Error(e) => panic!("tokenizer error {e:?}"),
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    for bad in ["NaN", "inf", "<script", "http:", "https:"] {
        assert!(!html.contains(bad), "{bad} in output");
    }
}

/// The texts of every `<text>` element (without their tooltips).
fn texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut in_title = false;
    let mut current = String::new();
    for token in html5gum::Tokenizer::new(html).flatten() {
        match token {
            html5gum::Token::StartTag(tag) if &*tag.name == b"text" => {
                depth += 1;
                current.clear();
            }
            html5gum::Token::StartTag(tag) if &*tag.name == b"title" => in_title = true,
            html5gum::Token::EndTag(tag) if &*tag.name == b"title" => in_title = false,
            html5gum::Token::EndTag(tag) if &*tag.name == b"text" => {
                depth -= 1;
                out.push(std::mem::take(&mut current));
            }
            html5gum::Token::String(s) if depth > 0 && !in_title => {
                current.push_str(&String::from_utf8_lossy(&s));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_kind_renders_well_formed_svg() {
    for kind in [
        "bar",
        "hbar",
        "line",
        "pie",
        "柱状图",
        "条形图",
        "折线图",
        "饼图",
    ] {
        let html = chart(
            &format!("x=\"姓名\", y=\"得票\", kind=\"{kind}\", unit=\"票\""),
            VOTES,
        );
        assert_well_formed(&html);
        assert!(
            html.starts_with("<figure class=\"gs-chart gs-chart-"),
            "{html}"
        );
        assert!(html.contains("<svg class=\"gs-chart-svg\" viewBox=\"0 0 "));
        assert!(html.contains("role=\"img\" aria-labelledby=\"c-d-title c-d-desc\""));
        assert!(html.contains("<title id=\"c-d-title\">得票（按姓名）</title>"));
        let desc = html.split("<desc id=\"c-d-desc\">").nth(1).unwrap();
        assert!(
            desc.starts_with("共 4 项") || desc.starts_with("从 张三 到 赵六 共 4 个点"),
            "{kind}"
        );
        assert!(html.contains(
            "<figcaption>得票（按姓名）。<a href=\"#t-d\">查看数据表</a> 或 <a href=\"d.csv\">下载数据（CSV）</a></figcaption>"
        ));
    }
}

#[test]
fn every_bar_carries_its_value() {
    for kind in ["bar", "hbar"] {
        let html = chart(
            &format!("x=\"姓名\", y=\"得票\", kind=\"{kind}\", unit=\"票\""),
            VOTES,
        );
        let texts = texts(&html);
        for value in ["1,201 票", "822 票", "0 票", "309 票"] {
            assert_eq!(
                texts.iter().filter(|t| *t == value).count(),
                1,
                "{kind} {value}: {texts:?}"
            );
        }
        assert!(html.contains("<title>张三：1,201 票</title>"), "tooltip");
        assert!(
            html.contains("共 4 项，最高 张三 1,201 票，最低 王五 0 票。"),
            "{html}"
        );
    }
}

#[test]
fn units_from_header_and_percent_cells() {
    let html = chart("x=\"姓名\", y=\"得票率\"", VOTES);
    assert!(texts(&html).contains(&"60.1%".to_string()));
    let html = chart(
        "x=\"科目\", y=\"金额（元）\"",
        "科目,金额（元）\n补助,\"41,000.00\"\n利息,402.15\n",
    );
    assert!(texts(&html).contains(&"41,000.00 元".to_string()));
    assert!(
        texts(&html).contains(&"金额（元）".to_string()),
        "axis title once"
    );
}

#[test]
fn hostile_text_is_escaped() {
    let csv = "姓名,得票\n<script>alert(1)</script>,5\n\"\"\"onload=\"\"alert(1)\",6\n<img src=x onerror=alert(1)>,7\n";
    for kind in ["bar", "hbar", "line", "pie"] {
        let html = chart(
            &format!(
                "x=\"姓名\", y=\"得票\", kind=\"{kind}\", title='<b onclick=\"x\">标题</b>', unit='\"><script>'"
            ),
            csv,
        );
        assert_well_formed(&html);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot;onload=&quot;alert(1)"));
        assert!(!html.contains("<img"));
    }
    let html = chart_with(
        "c-\"><script>",
        "x=\"姓名\", y=\"得票\", kind=\"hbar\"",
        csv,
    )
    .unwrap();
    assert_well_formed(&html);
}

#[test]
fn unknown_column_lists_the_columns() {
    let e = chart_with("c", "x=\"名字\", y=\"得票\"", VOTES).unwrap_err();
    assert_eq!(e.code, Code::ShortcodeInvalid);
    assert_eq!(e.location, at());
    assert!(e.message.zh().contains("“名字”"), "{:?}", e.message);
    assert!(
        e.message.zh().contains("可用的列：姓名、得票、得票率"),
        "{:?}",
        e.message
    );
    assert!(
        e.message
            .en()
            .contains("the columns are: “姓名”, “得票”, “得票率”"),
        "{:?}",
        e.message
    );
    let e = chart_with("c", "x=\"姓名\", y=\"得票，票数\"", VOTES).unwrap_err();
    assert!(e.message.zh().contains("“票数”") && e.message.zh().contains("姓名、得票、得票率"));
    let e = chart_with("c", "x=\"姓名\"", VOTES).unwrap_err();
    assert!(e.message.zh().contains("缺少参数 y"), "{:?}", e.message);
}

#[test]
fn unknown_argument_and_kind_are_explained() {
    let e = chart_with("c", "x=\"姓名\", y=\"得票\", color=\"red\"", VOTES).unwrap_err();
    assert_eq!(e.code, Code::ShortcodeInvalid);
    assert!(e.message.zh().contains("“color”"));
    assert!(
        e.message
            .zh()
            .contains("src、sheet、x、y、kind、title、unit"),
        "{:?}",
        e.message
    );
    let e = chart_with("c", "x=\"姓名\", y=\"得票\", kind=\"donut\"", VOTES).unwrap_err();
    assert!(
        e.message.zh().contains("donut") && e.message.zh().contains("hbar"),
        "{:?}",
        e.message
    );
}

#[test]
fn a_cell_that_is_not_a_number_is_named() {
    let csv = "姓名,得票\n张三,12\n李四,十二\n";
    let e = chart_with("c", "x=\"姓名\", y=\"得票\"", csv).unwrap_err();
    assert_eq!(e.code, Code::DataFileInvalid);
    assert!(
        e.message.zh().contains("第 3 行第 2 列“得票”"),
        "{:?}",
        e.message
    );
    assert!(e.message.zh().contains("“十二”"), "{:?}", e.message);
    assert!(
        e.message
            .en()
            .starts_with("line 3, column 2 “得票” holds “十二”, which is not a number"),
        "{:?}",
        e.message
    );
    assert_eq!(e.location.line, 3);
    assert_eq!(e.location.column, 2);
    assert!(e.help.is_some());
}

#[test]
fn pie_refuses_negatives_and_several_columns() {
    let e = chart_with(
        "c",
        "x=\"科目\", y=\"金额\", kind=\"pie\"",
        "科目,金额\n收入,5\n支出,-3\n",
    )
    .unwrap_err();
    assert_eq!(e.code, Code::DataFileInvalid);
    assert!(
        e.message.zh().starts_with("第 3 行第 2 列") && e.message.zh().contains("负数"),
        "{:?}",
        e.message
    );
    let e = chart_with("c", "x=\"姓名\", y=\"得票,得票率\", kind=\"pie\"", VOTES).unwrap_err();
    assert_eq!(e.code, Code::ShortcodeInvalid);
    assert!(e.message.zh().contains("饼图只能画一列"));
}

#[test]
fn several_series_get_patterns_and_a_legend() {
    let csv = "小组,户数,男,女\n一组,140,197,205\n二组,126,184,183\n三组,124,170,184\n";
    for kind in ["bar", "hbar"] {
        let html = chart(
            &format!("x=\"小组\", y=\"户数,男，女\", kind=\"{kind}\""),
            csv,
        );
        assert_well_formed(&html);
        // Series 0 solid, 1 and 2 patterned, each pattern defined once.
        assert_eq!(html.matches("<pattern id=\"c-d-p1-1\"").count(), 1);
        assert_eq!(html.matches("<pattern id=\"c-d-p2-2\"").count(), 1);
        assert!(html.contains("fill=\"url(#c-d-p1-1)\""));
        let legend = html
            .split("<g class=\"gs-chart-legend\">")
            .nth(1)
            .expect("legend");
        let legend = legend.split("</g>").next().unwrap();
        for name in ["户数", "男", "女"] {
            assert!(
                legend.contains(&format!(">{name}</text>")),
                "{name} in legend"
            );
        }
        assert!(legend.contains("url(#c-d-p1-1)") && legend.contains("url(#c-d-p2-2)"));
        assert!(html.contains("3 组数据"), "summary");
        let texts = texts(&html);
        for value in ["140", "197", "205", "184"] {
            assert!(texts.iter().any(|t| t == value), "{kind} {value}");
        }
    }
    let html = chart("x=\"小组\", y=\"户数,男,女\", kind=\"line\"", csv);
    assert_well_formed(&html);
    assert!(html.contains("stroke-dasharray=\"8 4\"") && html.contains("stroke-dasharray=\"2 3\""));
    assert!(html.contains("<g class=\"gs-chart-legend\">"));
    // Another chart on the same page names its patterns differently.
    let other = chart_with("c-e", "x=\"小组\", y=\"户数,男,女\"", csv).unwrap();
    assert!(other.contains("<pattern id=\"c-e-p1-1\"") && !other.contains("c-d-"));
}

#[test]
fn no_nan_with_zero_single_negative_or_missing_data() {
    let cases = [
        "名称,值\n甲,0\n乙,0\n",
        "名称,值\n甲,5\n",
        "名称,值\n甲,0\n",
        "名称,值\n甲,-5\n乙,-0.5\n",
        "名称,值\n甲,\n乙,3\n",
        "名称,值\n甲,\n",
        "名称,值\n甲,0.0001\n乙,1.5亿\n",
        "名称,值\n甲,-120\n乙,\"3,000\"\n丙,45\n",
    ];
    for csv in cases {
        for kind in ["bar", "hbar", "line", "pie"] {
            if kind == "pie" && csv.contains('-') {
                continue;
            }
            let html = chart(&format!("x=\"名称\", y=\"值\", kind=\"{kind}\""), csv);
            assert_well_formed(&html);
        }
    }
    let html = chart("x=\"名称\", y=\"值\"", "名称,值\n甲,-120\n乙,\"3,000\"\n");
    assert!(texts(&html).contains(&"-120".to_string()));
    assert!(html.contains("class=\"gs-chart-zero\""));
}

#[test]
fn output_is_deterministic() {
    for kind in ["bar", "hbar", "line", "pie"] {
        let args = format!("x=\"姓名\", y=\"得票\", kind=\"{kind}\"");
        assert_eq!(chart(&args, VOTES), chart(&args, VOTES));
    }
}

#[test]
fn pie_percentages_add_up_to_100() {
    let html = chart(
        "x=\"名称\", y=\"值\", kind=\"pie\"",
        "名称,值\n甲,1\n乙,1\n丙,1\n丁,0\n",
    );
    assert_well_formed(&html);
    let shares: Vec<u32> = texts(&html)
        .iter()
        .filter_map(|t| t.strip_suffix("%）"))
        .filter_map(|t| t.rsplit_once('（'))
        .map(|(_, p)| {
            let (whole, tenth) = p.split_once('.').unwrap();
            whole.parse::<u32>().unwrap() * 10 + tenth.parse::<u32>().unwrap()
        })
        .collect();
    assert_eq!(shares, [334, 333, 333, 0]);
    assert_eq!(
        tenths(&[Some(2.0), Some(1.0), None, Some(3.0)])
            .iter()
            .sum::<u32>(),
        1000
    );
    let odd = [
        Some(1.0),
        Some(6.0),
        Some(6.0),
        Some(6.0),
        Some(7.0),
        Some(9.0),
        Some(11.0),
    ];
    assert_eq!(tenths(&odd).iter().sum::<u32>(), 1000);
    assert!(html.contains("甲：1（33.4%）"), "{html}");
}

#[test]
fn line_chart_orders_by_date() {
    let csv = "月份,人数\n2021-03,30\n2020-12,10\n2021年1月,20\n";
    let html = chart("x=\"月份\", y=\"人数\", kind=\"line\"", csv);
    assert_well_formed(&html);
    let points: Vec<&str> = html
        .split("<title>")
        .skip(1)
        .filter_map(|t| t.split("</title>").next()?.split_once('：'))
        .map(|(point, _)| point)
        .collect();
    assert_eq!(points, ["2020-12", "2021年1月", "2021-03"]);
    let labels: Vec<String> = texts(&html)
        .into_iter()
        .filter(|t| t.starts_with("20") && t.len() > 4)
        .collect();
    assert_eq!(labels.first().map(String::as_str), Some("2020-12"));
    assert_eq!(labels.last().map(String::as_str), Some("2021-03"));
    assert!(
        html.contains("从 2020-12 到 2021-03 共 3 个点。人数：从 10 变为 30"),
        "{html}"
    );
    let path = html.split("class=\"gs-chart-line\" d=\"").nth(1).unwrap();
    let ys: Vec<f64> = path
        .split('"')
        .next()
        .unwrap()
        .split(['M', 'L'])
        .filter(|p| !p.is_empty())
        .map(|p| p.split(' ').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(ys[0] > ys[1] && ys[1] > ys[2], "rising line {ys:?}");
    // Not all dates: row order stands.
    let html = chart(
        "x=\"月份\", y=\"人数\", kind=\"line\"",
        "月份,人数\n三月,3\n一月,1\n",
    );
    let order: Vec<String> = texts(&html)
        .into_iter()
        .filter(|t| t.ends_with('月'))
        .collect();
    assert_eq!(order, ["三月", "一月"]);
}

#[test]
fn many_rows_and_long_names_stay_sane() {
    let mut csv = String::from("村民小组,户数\n");
    for i in 0..300 {
        csv.push_str(&format!(
            "第{i}村民小组（含原凤岭村新迁入住户安置点）,{}\n",
            i * 7 % 113
        ));
    }
    let html = chart("x=\"村民小组\", y=\"户数\", kind=\"hbar\"", &csv);
    assert_well_formed(&html);
    assert!(html.len() < 300_000, "{} bytes", html.len());
    let height: f64 = html
        .split("viewBox=\"0 0 ")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!(height > 300.0 * 20.0, "grows with the rows: {height}");
    assert!(html.contains("<title>第0村民小组（含原凤岭村新迁入住户安置点）</title>第0村民小组"));
    assert!(texts(&html)
        .iter()
        .any(|t| t.starts_with("第0村民小组") && t.ends_with('…')));
}

#[test]
fn total_rows_are_left_out() {
    let csv = "村民小组,户数\n茶洋,140\n后垄,126\n合计,266\n";
    let html = chart("x=\"村民小组\", y=\"户数\", kind=\"pie\"", csv);
    assert!(!html.contains("合计</text>") && !html.contains("266（"));
    assert!(html.contains("共 2 项，合计 266"));
}

#[test]
fn palette_contrast() {
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }
    let contrast = |hex: &str| 1.05 / (luminance(hex) + 0.05);
    for color in COLORS {
        assert!(contrast(color) >= 4.5, "{color}");
    }
    assert!(contrast(svg::INK) >= 4.5 && contrast("#555555") >= 4.5);
}
#[test]
fn links_and_limits() {
    assert_eq!(
        relative_href("javascript:alert(1).csv"),
        "./javascript:alert(1).csv"
    );
    assert_eq!(relative_href("2021-jieguo.csv"), "2021-jieguo.csv");
    assert_eq!(relative_href("shuju/a:b.csv"), "shuju/a:b.csv");
    let code = shortcode::parse("{{ chart(src=\"d.csv\", x=\"姓名\", y=\"得票\") }}").unwrap();
    let no_table = ChartLinks {
        table_anchor: None,
        csv_href: "javascript:x.csv".into(),
    };
    let html = render(&code, &sheet(VOTES), "c", &no_table, &at()).unwrap();
    assert!(html.contains("<figcaption>得票（按姓名）。<a href=\"./javascript:x.csv\">下载数据（CSV）</a></figcaption>"));
    let mut csv = String::from("名称,值\n");
    for i in 0..=MAX_CATEGORIES {
        csv.push_str(&format!("{i},{i}\n"));
    }
    let e = chart_with("c", "x=\"名称\", y=\"值\", kind=\"hbar\"", &csv).unwrap_err();
    assert!(e.message.zh().contains("最多画 500 项"), "{:?}", e.message);
    let html = chart("x=\"名称\", y=\"值\"", "名称,值\n,5\n乙,3\n");
    assert!(texts(&html).contains(&"（空）".to_string()));
}
