//! A notice body: Markdown → safe HTML, with heading anchors, data tables
//! from shortcodes, and a plain-text excerpt for feeds and listings.

use super::blocks::Blocks;
use super::links::{BodyLink, Resolver};
use super::sanitize::Sanitizer;
use super::shortcode;
use super::table::Download;
use crate::data::DataSheet;
use crate::diagnostics::{text, Code, Diagnostic, Location};
use crate::model::Notice;
use crate::pii::Policy;
use crate::slug::slugify;
use crate::source_text::line_col;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

/// Characters of plain text kept for the excerpt.
const EXCERPT_CHARS: usize = 120;

pub struct RenderedBody {
    pub html: String,
    pub excerpt: String,
    /// All the text a reader sees, tables included: what search indexes.
    pub text: String,
    /// Tables' CSV and JSON, published beside the page.
    pub downloads: Vec<Download>,
    /// Links and images of the body, checked once every page exists.
    pub links: Vec<BodyLink>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render(
    notice: &Notice,
    root: &Path,
    pii: Policy,
    resolver: &Resolver,
    sanitizer: &Sanitizer,
    diagnostics: &mut Vec<Diagnostic>,
) -> RenderedBody {
    let body = notice.body.as_str();
    let at = |range: &Range<usize>| {
        let (line, column) = line_col(body, range.start);
        Location::new(&notice.source, notice.body_line + line - 1, column)
    };
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let table_srcs: Vec<String> = (0..events.len())
        .filter(|&i| matches!(events[i].0, Event::Start(Tag::Paragraph)))
        .filter_map(|i| paragraph_text(body, &events, i))
        .filter_map(|(paragraph, _)| Blocks::table_src(&paragraph))
        .collect();
    let mut blocks = Blocks::new(root, &notice.source, &table_srcs, pii);

    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut excerpt = String::new();
    let mut text = String::with_capacity(body.len());
    let mut heading_ids = HashSet::new();
    let mut links = Vec::new();
    let mut in_code_block = false;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Paragraph) => {
                if let Some((paragraph, end)) = paragraph_text(body, &events, i) {
                    if shortcode::looks_like_shortcode(&paragraph) {
                        let (placeholder, block_text) =
                            blocks.shortcode(&paragraph, &at(range), diagnostics);
                        text.push_str(&block_text);
                        text.push('\n');
                        out.push(Event::Html(CowStr::from(placeholder)));
                        i = end + 1;
                        continue;
                    }
                }
                out.push(event.clone());
            }
            Event::Start(Tag::Table(_)) => {
                let (pipe, end) = pipe_table(&events, i, &at, sanitizer, diagnostics);
                let sheet = DataSheet::from_lines(
                    &notice.source,
                    pipe.header,
                    pipe.rows,
                    at(&pipe.header_range).line,
                    pipe.row_ranges.iter().map(|r| at(r).line).collect(),
                );
                if let Some((placeholder, table_text)) =
                    blocks.pipe_table(sheet, &pipe.cell_html, &at(range), diagnostics)
                {
                    text.push_str(&table_text);
                    out.push(Event::Html(CowStr::from(placeholder)));
                    i = end + 1;
                    continue;
                }
                out.push(event.clone());
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len() - 1, |p| i + p);
                let text: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let id = unique_id(
                    id.as_deref()
                        .map(str::to_string)
                        .unwrap_or_else(|| slugify(&text)),
                    *level,
                    &mut heading_ids,
                );
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                warn_removed(sanitizer, raw, &at(range), diagnostics);
                out.push(event.clone());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let href = resolver
                    .rewrite(&notice.source, dest_url)
                    .map_or_else(|| dest_url.clone(), CowStr::from);
                links.push(BodyLink {
                    href: href.to_string(),
                    at: at(range),
                    image: false,
                });
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: href,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                links.push(BodyLink {
                    href: dest_url.to_string(),
                    at: at(range),
                    image: true,
                });
                out.push(event.clone());
            }
            Event::Text(t) => {
                if !in_code_block && t.lines().any(shortcode::looks_like_shortcode) {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::ShortcodeInvalid,
                            at(range),
                            text!(
                                zh: "表格写法必须单独成段，否则会被当作普通文字显示",
                                en: "a table shortcode must be a paragraph of its own, or it is shown as plain text"
                            ),
                        )
                        .with_help(text!(
                            zh: "在 {{{{ table(…) }}}} 这一行的上面和下面各空一行",
                            en: "leave an empty line above and below the line of {{{{ table(…) }}}}"
                        )),
                    );
                }
                push_excerpt(&mut excerpt, t);
                text.push_str(t);
                out.push(event.clone());
            }
            Event::Code(t) => {
                push_excerpt(&mut excerpt, t);
                text.push_str(t);
                out.push(event.clone());
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                out.push(event.clone());
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.push(event.clone());
            }
            // Footnote anchors get a prefix: bare labels (`id="1"`) could
            // clash with other ids on the page.
            Event::FootnoteReference(label) => {
                out.push(Event::FootnoteReference(footnote_id(label)));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                out.push(Event::Start(Tag::FootnoteDefinition(footnote_id(label))));
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => {
                push_excerpt(&mut excerpt, " ");
                text.push('\n');
                out.push(event.clone());
            }
            _ => out.push(event.clone()),
        }
        i += 1;
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    let (html, downloads) = blocks.insert(&sanitizer.clean(&html));
    RenderedBody {
        html,
        excerpt: finish_excerpt(excerpt),
        text,
        downloads,
        links,
    }
}

fn warn_removed(
    sanitizer: &Sanitizer,
    raw: &str,
    at: &Location,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for removed in sanitizer.removals(raw) {
        diagnostics.push(
            Diagnostic::new(
                Code::HtmlRemoved,
                at.clone(),
                removed.wrap(
                    |removed| format!("已删除不安全的 HTML：{removed}"),
                    |removed| format!("unsafe HTML removed: {removed}"),
                ),
            )
            .with_help(text!(
                zh: "公告正文请用 Markdown 书写，不要粘贴网页或 Word 中的代码",
                en: "write the notice's body in Markdown; do not paste code from web pages or Word"
            )),
        );
    }
}

/// A Markdown pipe table's cells, as text and as sanitized inline HTML.
struct PipeTable {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    cell_html: Vec<Vec<String>>,
    header_range: Range<usize>,
    row_ranges: Vec<Range<usize>>,
}

/// Collects the pipe table starting at `events[start]`; returns it and the
/// index of its end event.
fn pipe_table(
    events: &[(Event, Range<usize>)],
    start: usize,
    at: &dyn Fn(&Range<usize>) -> Location,
    sanitizer: &Sanitizer,
    diagnostics: &mut Vec<Diagnostic>,
) -> (PipeTable, usize) {
    let mut table = PipeTable {
        header: Vec::new(),
        rows: Vec::new(),
        cell_html: Vec::new(),
        header_range: events[start].1.clone(),
        row_ranges: Vec::new(),
    };
    let mut cell_events: Vec<Event> = Vec::new();
    let mut cell_text = String::new();
    let mut html_row: Vec<String> = Vec::new();
    let mut text_row: Vec<String> = Vec::new();
    let mut i = start + 1;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::End(TagEnd::Table) => break,
            Event::Start(Tag::TableHead) => table.header_range = range.clone(),
            Event::Start(Tag::TableRow) => table.row_ranges.push(range.clone()),
            Event::Start(Tag::TableCell) => {
                cell_events.clear();
                cell_text.clear();
            }
            Event::End(TagEnd::TableCell) => {
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, cell_events.drain(..));
                html_row.push(sanitizer.clean(&html));
                text_row.push(cell_text.trim().to_string());
            }
            Event::End(TagEnd::TableHead) => {
                table.header = std::mem::take(&mut text_row);
                html_row.clear();
            }
            Event::End(TagEnd::TableRow) => {
                table.rows.push(std::mem::take(&mut text_row));
                table.cell_html.push(std::mem::take(&mut html_row));
            }
            Event::Text(t) | Event::Code(t) => {
                cell_text.push_str(t);
                cell_events.push(event.clone());
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                warn_removed(sanitizer, raw, &at(range), diagnostics);
                cell_events.push(event.clone());
            }
            _ => cell_events.push(event.clone()),
        }
        i += 1;
    }
    (table, i)
}

/// The text of a paragraph made only of text (what a shortcode line is), as
/// written in `body`, and the index of its end event. Written, not as
/// Markdown reads it: Markdown takes `\` as an escape (`\.` → `.`) and the
/// shortcode's quotes would take it again, so `..\..\etc` in a `src` reached
/// the data file reader as `....etc`, a missing file rather than the unsafe
/// path it is. Each line is what its text spans (no quote or list markers
/// before it); lines are joined with a space.
fn paragraph_text(
    body: &str,
    events: &[(Event, Range<usize>)],
    start: usize,
) -> Option<(String, usize)> {
    let mut text = String::new();
    // The span of the text events of the line so far.
    let mut line: Option<Range<usize>> = None;
    for (offset, (event, range)) in events[start + 1..].iter().enumerate() {
        match event {
            Event::Text(_) => {
                line = Some(line.map_or(range.clone(), |l| l.start..range.end));
            }
            Event::SoftBreak => {
                text.push_str(&body[line.take().unwrap_or_default()]);
                text.push(' ');
            }
            Event::End(TagEnd::Paragraph) => {
                text.push_str(&body[line.take().unwrap_or_default()]);
                return Some((text, start + 1 + offset));
            }
            _ => return None,
        }
    }
    None
}

fn footnote_id(label: &str) -> CowStr<'static> {
    CowStr::from(format!("fn-{}", slugify(label)))
}

fn unique_id(base: String, level: HeadingLevel, seen: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        format!("section-{}", level as usize)
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while !seen.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn push_excerpt(excerpt: &mut String, text: &str) {
    // Byte length bounds the character count from above: stop collecting
    // once enough text is certainly there.
    if excerpt.len() < EXCERPT_CHARS * 4 {
        excerpt.push_str(text);
    }
}

fn finish_excerpt(excerpt: String) -> String {
    let collapsed = excerpt.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > EXCERPT_CHARS {
        let cut: String = collapsed.chars().take(EXCERPT_CHARS).collect();
        format!("{cut}…")
    } else {
        collapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`paragraph_text`] of the first paragraph of `body`.
    fn first_paragraph(body: &str) -> Option<String> {
        let events: Vec<_> = Parser::new_ext(body, options())
            .into_offset_iter()
            .collect();
        let start = events
            .iter()
            .position(|(e, _)| matches!(e, Event::Start(Tag::Paragraph)))?;
        paragraph_text(body, &events, start).map(|(text, _)| text)
    }

    #[test]
    fn shortcode_paragraphs_are_taken_as_written() {
        let typed = r#"{{ table(src="..\..\etc\passwd", caption="\"甲\"") }}"#;
        assert_eq!(first_paragraph(typed).as_deref(), Some(typed));
        // Lines joined, without the block quote's markers.
        assert_eq!(
            first_paragraph("> {{ table(src=\"a.csv\",\n> caption=\"乙\") }}\n").as_deref(),
            Some("{{ table(src=\"a.csv\", caption=\"乙\") }}")
        );
        assert_eq!(first_paragraph("甲 *乙*\n"), None);
    }
}
