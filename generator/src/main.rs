//! The `gongshi` command line: parses arguments, runs the library, prints
//! diagnostics and sets the exit code (0 success, 1 content errors, 2 usage
//! or I/O errors). Everything it prints for people is in the language of
//! `--lang`, or of the locale.

use clap::{Parser, Subcommand};
use gongshi::diagnostics::{count_en, Code, Format, Lang, Reporter, Severity, Text};
use gongshi::{text, BuildOptions, Fatal};
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "gongshi",
    version,
    about = "村（社区）务公开网站生成器 · static site generator for village and community affairs disclosure"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of messages and diagnostics: zh (Simplified Chinese) or en [default: Chinese when LC_ALL, LC_MESSAGES or LANG starts with zh, English otherwise]
    #[arg(long, value_enum, global = true)]
    lang: Option<Lang>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced whole, or left untouched on error)
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/public]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Public address of the site, replacing base_url of site/config.toml
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Do not write .gz and .br copies beside text files (for hosts that compress on their own)
        #[arg(long)]
        no_precompress: bool,
        /// Minify pages and the site's stylesheets, as `minify = true` in site/config.toml does
        #[arg(long)]
        minify: bool,
    },
    /// Check the content and report every problem; write nothing
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Public address of the site, replacing base_url of site/config.toml
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Preview the site on 127.0.0.1, rebuilding and reloading on every change
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Show draft notices too, marked as drafts
        #[arg(long)]
        drafts: bool,
    },
    /// Write a new notice of KIND at PATH from the kind's template, dated today
    New { kind: String, path: PathBuf },
    /// Create a new site with the default theme, a config and two sample notices
    Init { dir: PathBuf },
    /// Search a built site with the same engine as the browser
    Search {
        /// The built site (the output folder of `build`)
        #[arg(long)]
        site: PathBuf,
        /// Restrict results: kind=KIND, region=CODE-or-PATH (sub-regions included), year=YYYY
        #[arg(long = "filter", value_name = "KEY=VALUE")]
        filters: Vec<String>,
        /// Results to print (0 prints all)
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// One JSON object a line: url, title, kind, region, date, excerpt
        #[arg(long)]
        json: bool,
        query: String,
    },
    /// Check a built site against its manifest (disclosures.json)
    Verify {
        #[arg(long)]
        site: PathBuf,
        /// Another copy of the site to compare with: a folder or an http(s) URL
        #[arg(long)]
        against: Option<String>,
    },
    /// Explain a diagnostic code such as GS103: meaning, example and fix
    Explain {
        /// The code, in any case (GS103, gs103)
        #[arg(required_unless_present = "list")]
        code: Option<String>,
        /// List every code with its title instead
        #[arg(long, conflicts_with = "code")]
        list: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = Lang::choose(cli.lang);
    match run(cli.command, lang) {
        Ok(code) => code,
        Err(fatal) => {
            match lang {
                Lang::Zh => eprintln!("错误：{}", fatal.get(lang)),
                Lang::En => eprintln!("error: {}", fatal.get(lang)),
            }
            ExitCode::from(2)
        }
    }
}

/// Prints `line` in `lang` on stdout.
fn say(line: &Text, lang: Lang) {
    println!("{}", line.get(lang));
}

fn run(command: Command, lang: Lang) -> Result<ExitCode, Fatal> {
    match command {
        Command::Build {
            root,
            out,
            base_url,
            format,
            no_precompress,
            minify,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                root: root.clone(),
                base_url,
                build_date: gongshi::build_date_from_env()?,
                drafts: false,
                minify,
            };
            let started = std::time::Instant::now();
            let built = gongshi::build(
                &options,
                &out,
                !no_precompress,
                &*gongshi::progress::for_build(lang),
            )?;
            let reporter = Reporter::new(format, &root, lang);
            let written = built.is_publishable();
            let pages = built.output.keys().filter(|p| p.ends_with(".html")).count();
            let (notices, drafts) = built
                .site
                .as_ref()
                .map_or((0, 0), |s| (s.notices.len(), s.drafts));
            let tables = gongshi::render::count_tables(&built.output);
            let warnings = built.diagnostics.count(Severity::Warning);
            // Written means no error: the summary line says the warnings.
            let exit = finish(&reporter, built.diagnostics, !written);
            let out = out.display();
            if written {
                let seconds = started.elapsed().as_secs_f64();
                reporter.summary(&Text::new(
                    format!(
                        "已生成 {notices} 篇公告、{pages} 个页面、{tables} 个表格到 {out}（草稿 {drafts} 篇未发布，{warnings} 个警告），用时 {seconds:.2} 秒"
                    ),
                    format!(
                        "Built {}, {} and {} into {out} ({} not published, {}) in {seconds:.2} s",
                        count_en(notices as u64, "notice"),
                        count_en(pages as u64, "page"),
                        count_en(tables as u64, "table"),
                        count_en(drafts as u64, "draft"),
                        count_en(warnings as u64, "warning"),
                    ),
                ));
            } else {
                reporter.summary(&text!(
                    zh: "有错误，未写入 {out}（原有内容保持不变）",
                    en: "There are errors: nothing was written to {out} (what it held is unchanged)"
                ));
            }
            Ok(exit)
        }
        Command::Check {
            root,
            base_url,
            format,
        } => {
            let options = BuildOptions {
                root: root.clone(),
                base_url,
                build_date: gongshi::build_date_from_env()?,
                drafts: false,
                minify: false,
            };
            let built = gongshi::build_in_memory(&options)?;
            Ok(finish(
                &Reporter::new(format, &root, lang),
                built.diagnostics,
                true,
            ))
        }
        Command::Serve { root, port, drafts } => {
            gongshi::serve::serve(&root, port, drafts, lang)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind, path } => {
            let today = chrono::Utc::now()
                .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"))
                .date_naive();
            let written = gongshi::scaffold::new_notice(&kind, &path, today).map_err(Fatal)?;
            let path = written.path.display();
            say(&text!(zh: "已创建 {path}", en: "Created {path}"), lang);
            if let Some(target) = written.supersedes {
                say(
                    &text!(
                        zh: "supersedes 暂时指向 {target}，请核对是否是要更正的那篇公告",
                        en: "supersedes points at {target} for now: check that this is the notice to correct"
                    ),
                    lang,
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            gongshi::scaffold::init(&dir).map_err(Fatal)?;
            let dir = dir.display();
            say(
                &text!(
                    zh: "已在 {dir} 创建新站点。预览：gongshi serve --root {dir}",
                    en: "Created a new site in {dir}. To preview it: gongshi serve --root {dir}"
                ),
                lang,
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            site,
            filters,
            limit,
            json,
            query,
        } => {
            let filters = gongshi::search::parse_filters(&filters)?;
            let results = gongshi::search::search(&site, &query, &filters, limit)?;
            for (i, f) in results.shown.iter().enumerate() {
                if json {
                    println!(
                        "{}",
                        serde_json::to_string(f).expect("plain data serializes")
                    );
                } else {
                    println!(
                        "{}. {}\n   {} · {} · {}\n   {}\n   {}\n",
                        i + 1,
                        f.title,
                        f.region,
                        f.kind,
                        f.date,
                        f.url,
                        gongshi::search::marked_excerpt(f)
                    );
                }
            }
            if !json {
                let (total, shown) = (results.total, results.shown.len());
                let line = Text::new(
                    format!("共 {total} 条结果，显示 {shown} 条"),
                    format!("{}, {shown} shown", count_en(total as u64, "result")),
                );
                eprintln!("{}", line.get(lang));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { site, against } => {
            let report = gongshi::verify::verify(&site, against.as_deref())?;
            for problem in &report.problems {
                say(problem, lang);
            }
            let (digest, checked, problems) =
                (&report.chain_sha256, report.checked, report.problems.len());
            let lines = [
                text!(
                    zh: "公示清单链式校验值：{digest}",
                    en: "Manifest chain digest: {digest}"
                ),
                match problems {
                    0 => Text::new(
                        format!("核对 {checked} 篇公告：全部一致"),
                        format!("Checked {}: all match", count_en(checked as u64, "notice")),
                    ),
                    _ => Text::new(
                        format!("核对 {checked} 篇公告：{problems} 处不一致"),
                        format!(
                            "Checked {}: {}",
                            count_en(checked as u64, "notice"),
                            count_en(problems as u64, "mismatch")
                        ),
                    ),
                },
            ];
            for line in lines {
                eprintln!("{}", line.get(lang));
            }
            Ok(if report.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Explain { code, list } => {
            use gongshi::diagnostics::explain;
            if list {
                print!("{}", explain::render_list(lang));
                return Ok(ExitCode::SUCCESS);
            }
            let code = code.unwrap_or_default();
            match Code::from_id(&code) {
                Some(found) => {
                    print!("{}", explain::render(found, lang));
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    eprintln!("{}", explain::unknown_code(&code, lang));
                    Ok(ExitCode::from(2))
                }
            }
        }
    }
}

/// Prints every diagnostic (and, with `counts`, how many of each severity)
/// and turns them into the exit code.
fn finish(
    reporter: &Reporter,
    diagnostics: gongshi::diagnostics::Diagnostics,
    counts: bool,
) -> ExitCode {
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    reporter.report(&diagnostics.into_sorted());
    if counts && errors + warnings > 0 {
        reporter.summary(&Text::new(
            format!("{errors} 个错误，{warnings} 个警告"),
            format!(
                "{}, {}",
                count_en(errors as u64, "error"),
                count_en(warnings as u64, "warning")
            ),
        ));
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
