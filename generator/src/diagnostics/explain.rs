//! The long explanation of every diagnostic code, printed by
//! `gongshi explain`: a one-line title, what it means, an example that
//! triggers it and how to fix it, in Chinese (the texts of docs/errors.md, so
//! the command line and the docs agree) and in English.
//!
//! Data only: one entry per [`Code`], matched exhaustively, so a new code
//! does not compile until it is explained here.

use super::lang::Lang;
use super::Code;

/// The texts of one code in one language. `fix` may hold several lines
/// (`- ` bullets, or an indented snippet).
#[derive(Debug)]
pub struct Explanation {
    /// One line, no final full stop.
    pub title: &'static str,
    pub meaning: &'static str,
    /// The situation of the example, introducing [`Code::example_snippet`].
    pub example: &'static str,
    pub fix: &'static str,
}

#[derive(Debug)]
struct Entry {
    zh: Explanation,
    en: Explanation,
    /// Content that triggers the code: front matter lines, a CSV row, a
    /// line of the body. The same in both languages.
    snippet: &'static str,
}

impl Code {
    /// The texts printed by `gongshi explain`, in `lang`.
    pub fn explain(self, lang: Lang) -> &'static Explanation {
        let entry = entry(self);
        match lang {
            Lang::Zh => &entry.zh,
            Lang::En => &entry.en,
        }
    }

    /// Content that triggers this code (shown under the example).
    pub fn example_snippet(self) -> &'static str {
        entry(self).snippet
    }

    /// The code with this id, in any case (`gs103`); a bare number
    /// (`103`) is read as `GS103`.
    pub fn from_id(id: &str) -> Option<Code> {
        let id = id.trim();
        let wanted = if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
            format!("GS{id}")
        } else {
            id.to_ascii_uppercase()
        };
        Code::ALL.iter().copied().find(|code| code.id() == wanted)
    }
}

/// What `gongshi explain CODE` prints.
pub fn render(code: Code, lang: Lang) -> String {
    let text = code.explain(lang);
    let severity = code.severity().name(lang);
    let (head, meaning, example, fix) = match lang {
        Lang::Zh => (
            format!("{}（{severity}）：{}", code.id(), text.title),
            "意思",
            "例子",
            "怎么改",
        ),
        Lang::En => (
            format!("{} ({severity}): {}", code.id(), text.title),
            "Meaning",
            "Example",
            "Fix",
        ),
    };
    let mut out = head;
    out.push_str("\n\n");
    section(&mut out, meaning, text.meaning);
    section(&mut out, example, text.example);
    out.push_str(&indent(code.example_snippet(), "    "));
    out.push_str("\n\n");
    section(&mut out, fix, text.fix);
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// What `gongshi explain --list` prints: every code, its severity and title.
pub fn render_list(lang: Lang) -> String {
    let mut codes = Code::ALL.to_vec();
    codes.sort_by_key(|code| code.id());
    let width = codes
        .iter()
        .map(|code| code.severity().name(lang).chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for code in codes {
        let severity = code.severity().name(lang);
        // Chinese severity words are two columns wide each.
        let pad = match lang {
            Lang::Zh => 0,
            Lang::En => width - severity.chars().count(),
        };
        out.push_str(&format!(
            "{}  {severity}{}  {}\n",
            code.id(),
            " ".repeat(pad),
            code.explain(lang).title
        ));
    }
    out
}

/// The message for a code that does not exist (printed to stderr, exit 2).
pub fn unknown_code(input: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "错误：没有诊断代码 “{input}”；代码形如 GS103（GS 加三位数字）。全部代码：gongshi explain --list"
        ),
        Lang::En => format!(
            "error: there is no diagnostic code \"{input}\"; codes look like GS103 (GS and three digits). List them all with: gongshi explain --list"
        ),
    }
}

fn section(out: &mut String, label: &str, text: &str) {
    out.push_str(label);
    out.push('\n');
    out.push_str(&indent(text, "  "));
    out.push_str("\n\n");
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{by}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn entry(code: Code) -> &'static Entry {
    match code {
        // ── Files ───────────────────────────────────────────────────────
        Code::FileUnreadable => &Entry {
            zh: Explanation {
                title: "文件无法读取",
                meaning: "文件存在于文件夹里，但读不出来。常见原因：没有读取权限、正被别的程序锁住、它不是普通文件（比如是一个设备）。失效的快捷方式（链接）报的是 GS004。",
                example: "content/xinan/2024-tingshui.md 没有读取权限：",
                fix: "删掉这个文件，或者换成真正的文件；检查文件权限；关掉正在占用它的程序。",
            },
            en: Explanation {
                title: "File cannot be read",
                meaning: "The file is in the folder but cannot be read. Usual causes: no read permission, another program holds a lock on it, or it is not a regular file (a device or a pipe, for example). A broken shortcut (symbolic link) is reported as GS004 instead.",
                example: "content/xinan/2024-tingshui.md has no read permission:",
                fix: "Check the file's permissions (on Linux: chmod a+r FILE), close the program that keeps it open, or replace it with a regular file. Delete it if it does not belong in the site.",
            },
            snippet: "--w-------  1 cunwei  cunwei  312  content/xinan/2024-tingshui.md",
        },
        Code::NotUtf8 => &Entry {
            zh: Explanation {
                title: "文件不是 UTF-8 编码",
                meaning: "公告（.md）、地区文件（_region.toml）、站点配置（.toml）必须用 UTF-8 编码保存。常见原因：用老版本记事本保存时选了“ANSI”，或从别的系统拷来的 GBK 文件。文件里有 NUL 字节时（用 UTF-16，即“Unicode”编码保存的文件常常这样）也报这个错。",
                example: "content/xinan/2024-gbk.md 用 GBK 编码保存，第 2 行的标题是汉字：",
                fix: "用记事本打开，点“文件”→“另存为”，下方“编码”选 UTF-8，覆盖保存。",
            },
            en: Explanation {
                title: "File is not UTF-8",
                meaning: "Notices (.md), region files (_region.toml) and the site configuration (.toml) must be saved as UTF-8. Usual causes: an old Notepad saved the file as \"ANSI\", or a GBK file was copied from another system. A file with NUL bytes (often one saved as UTF-16, which some editors call \"Unicode\") is reported here too.",
                example: "content/xinan/2024-gbk.md was saved as GBK, and line 2 has a Chinese title:",
                fix: "Save the file again as UTF-8. In Notepad: File > Save As, choose UTF-8 under Encoding, and overwrite. From a shell: iconv -f GBK -t UTF-8 old.md > new.md",
            },
            snippet: "+++\ntitle = \"溪南村停水通知\"",
        },
        Code::FileTooLarge => &Entry {
            zh: Explanation {
                title: "文件太大",
                meaning: "公告、地区文件、数据文件或附件超过了 site/config.toml 里 max_file_size 的大小（不写时是 20 MB）。生成器先看文件大小，超过的不读取，免得一个特别大的文件把电脑内存占满。",
                example: "附件是一份 48 MB 的扫描件：",
                fix: "扫描件用较低的分辨率重新扫描，或压缩 PDF；很长的表格拆成几个文件。确实需要发布大文件时，在 site/config.toml 开头写 max_file_size = \"50 MB\"。",
            },
            en: Explanation {
                title: "File too large",
                meaning: "A notice, region file, data file or attachment is larger than max_file_size in site/config.toml (20 MB when not set). The generator checks the size first and does not read larger files, so that one huge file cannot use up the computer's memory.",
                example: "The attachment is a 48 MB scan:",
                fix: "Scan again at a lower resolution or compress the PDF; split long tables into several files. If the site really must publish large files, put max_file_size = \"50 MB\" at the top of site/config.toml.",
            },
            snippet: "attachments = [\"saomiao.pdf\"]    # 48 MB",
        },
        Code::BadSymlink => &Entry {
            zh: Explanation {
                title: "链接指向站点以外或已失效",
                meaning: "content/ 或 site/static/ 里有一个链接（快捷方式、符号链接），它指向站点文件夹以外的地方、指向它自己的上级文件夹（形成循环），或者它指向的文件已经不在了。为了不把站点以外的文件（比如电脑上别的资料）发布到网上，生成器不跟随这样的链接。指向站点文件夹里面的链接照常使用。",
                example: "附件 fanwei.pdf 是一个链接，指向电脑上另一个文件夹里的文件：",
                fix: "删掉这个链接，把真正的文件复制到公告旁边。",
            },
            en: Explanation {
                title: "Link points outside the site or is broken",
                meaning: "Something in content/ or site/static/ is a link (a symbolic link or shortcut) that points outside the site folder, points to one of its own parent folders (a loop), or points to a file that no longer exists. The generator does not follow such links, so that files from elsewhere on the computer are never published. Links that stay inside the site folder work as usual.",
                example: "The attachment fanwei.pdf is a link to a file in another folder of the computer:",
                fix: "Delete the link and copy the real file next to the notice.",
            },
            snippet: "content/xinan/fanwei.pdf -> /home/cunwei/wenjian/fanwei.pdf",
        },
        Code::LimitExceeded => &Entry {
            zh: Explanation {
                title: "内容超出安全范围",
                meaning: "内容超出了生成器能安全处理的范围：正文中列表、引用（>）或 HTML 标签嵌套 100 层，头信息中的括号嵌套 64 层，标题 500 个字，由文件名、文件夹名或 slug 生成的网址段 240 个字符，数据文件 1000 列、100 万个格子。这些上限远远超过正常公告的需要，碰到了多半是复制粘贴出了错。",
                example: "从邮件里粘贴的转发内容，一行前面有一百多个 >：",
                fix: "按提示找到那一行，删掉多余的 >、- 或没有关闭的 HTML 标签；标题只写公告的名称；文件名起短一些；很大的表格拆成几个。",
            },
            en: Explanation {
                title: "Content beyond safe limits",
                meaning: "The content is beyond what the generator handles safely: lists, quotes (>) or HTML tags nested 100 deep in the body, brackets nested 64 deep in the front matter, a title of 500 characters, a URL segment of 240 characters made from a file name, folder name or slug, or a data file with 1000 columns or a million cells. Real notices come nowhere near these limits; hitting one almost always means a copy and paste went wrong.",
                example: "Forwarded e-mail text pasted into a notice, with over a hundred > at the start of a line:",
                fix: "Go to the line the message points at and remove the extra >, - or unclosed HTML tags. Keep the title to the notice's name, use shorter file names, and split very large tables into several files.",
            },
            snippet: ">>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>…>>>>>>>> 转发镇里的通知",
        },
        Code::ConfigInvalid => &Entry {
            zh: Explanation {
                title: "站点配置有误",
                meaning: "site/config.toml 有错：语法不对、写了不认识的项目、值不对。例如 base_url 不是 http:// 或 https:// 开头，paginate、feed_limit、home_latest 写了 0，[kinds] 里的类别代码有大写字母、空格或汉字。",
                example: "把 title 错写成了 titel：",
                fix: "按提示改 site/config.toml，消息中会指出具体的项目。可以写的项目见编辑手册 content.md 的“站点设置”一节。",
            },
            en: Explanation {
                title: "Site configuration is invalid",
                meaning: "site/config.toml has a mistake: a syntax error, an unknown setting, or a value that is not allowed. For example base_url does not start with http:// or https://, paginate, feed_limit or home_latest is 0, or a kind code in [kinds] has capital letters, spaces or Chinese characters.",
                example: "title was misspelled as titel:",
                fix: "Correct site/config.toml as the message says; it names the setting. The settings are described in docs/content.md, in the section on site/config.toml.",
            },
            snippet: "titel = \"村（社区）务公开\"",
        },
        // ── Front matter ────────────────────────────────────────────────
        Code::FrontMatterMissing => &Entry {
            zh: Explanation {
                title: "缺少头信息",
                meaning: "每篇公告的第一行必须是 +++（或 ---），接着写标题、类别、日期，再用同样的一行结束。只写了开头的 +++、忘了结尾的 +++，也报这个错。",
                example: "content/xinan/2024-tingshui.md 直接从正文开始写：",
                fix: "在文件最前面加上头信息，例如：\n\n  +++\n  title = \"停水通知\"\n  kind = \"announcement\"\n  date = 2024-09-10\n  +++\n\n用 gongshi new 新建公告就不会漏。不是公告的备忘文件，文件名前加 _（如 _备忘.md），就不会被当成公告。",
            },
            en: Explanation {
                title: "Front matter missing",
                meaning: "The first line of every notice must be +++ (or ---), followed by its title, kind and date, and closed by the same line. A notice that opens with +++ but never closes it is reported here too.",
                example: "content/xinan/2024-tingshui.md starts straight with the body:",
                fix: "Add front matter at the very top of the file, for example:\n\n  +++\n  title = \"停水通知\"\n  kind = \"announcement\"\n  date = 2024-09-10\n  +++\n\nNotices created with gongshi new always have it. A note that is not a notice is left alone when its file name starts with _ (such as _notes.md).",
            },
            snippet: "# 停水通知\n\n明天停水。",
        },
        Code::FrontMatterSyntax => &Entry {
            zh: Explanation {
                title: "头信息语法错误",
                meaning: "头信息的写法不对，读不出来。常见原因：文字没加引号、引号不成对、用了中文标点（全角的 ：、＝、“”、，）。YAML 的错误常常标在出错行的下一行。",
                example: "kind 的值没加引号（TOML）：",
                fix: "- TOML：名称 = \"文字\"，等号和引号都用英文半角；日期、true/false 不加引号。\n- YAML：名称: 值，英文冒号后面空一格。\n- 标题里需要引号的，用中文引号“”或书名号《》。",
            },
            en: Explanation {
                title: "Front matter syntax error",
                meaning: "The front matter cannot be read because it is not written correctly. Usual causes: text without quotes, unbalanced quotes, or Chinese full-width punctuation (colon, equals sign, quotes, comma) where ASCII is needed. YAML errors are often reported on the line after the real mistake.",
                example: "The value of kind has no quotes (TOML):",
                fix: "- TOML: name = \"text\", with an ASCII equals sign and ASCII double quotes; dates and true/false go without quotes.\n- YAML: name: value, with an ASCII colon followed by a space.\n- Quotes inside a title should be Chinese quotes “” or title marks 《》.",
            },
            snippet: "+++\ntitle = \"停水通知\"\nkind = announcement\ndate = 2024-09-10\n+++",
        },
        Code::FieldMissing => &Entry {
            zh: Explanation {
                title: "缺少必填字段",
                meaning: "每篇公告必须有 title（标题）、kind（类别）、date（发布日期）。选举类公告（election-notice、voter-list、candidate-list、result）还必须有 election；更正公告（correction）必须有 supersedes。写了但是空的（title = \"\"）也报这个错。",
                example: "没写 title：",
                fix: "补上缺的那一项，例如 title = \"停水通知\"。各项写法见编辑手册 content.md 的“头信息的全部项目”。",
            },
            en: Explanation {
                title: "Required field missing",
                meaning: "Every notice must have title, kind and date (the publication date). Election notices (kinds election-notice, voter-list, candidate-list and result) must also have election, and corrections (kind correction) must have supersedes. A field that is present but empty (title = \"\") is reported too.",
                example: "A notice without a title:",
                fix: "Add the missing field, for example title = \"...\" with the notice's title. All fields are described in docs/content.md.",
            },
            snippet: "+++\nkind = \"announcement\"\ndate = 2024-09-10\n+++",
        },
        Code::FieldType => &Entry {
            zh: Explanation {
                title: "字段类型不对",
                meaning: "某一项的值类型不对。例如标题应该是文字，draft 只能是 true 或 false，attachments 应该是文件名列表。YAML 里写 draft: yes 也是这个错。",
                example: "draft 写成了文字：",
                fix: "draft = true（不加引号）；attachments = [\"a.pdf\"]（加方括号）；title = \"……\"（加引号）。",
            },
            en: Explanation {
                title: "Field has the wrong type",
                meaning: "A field holds the wrong type of value. For example the title must be text, draft must be true or false, and attachments must be a list of file names. draft: yes in YAML is reported too.",
                example: "draft is written as text:",
                fix: "draft = true (no quotes); attachments = [\"a.pdf\"] (with square brackets); title = \"...\" (with quotes).",
            },
            snippet: "draft = \"是\"",
        },
        Code::UnknownKind => &Entry {
            zh: Explanation {
                title: "未知的公告类别",
                meaning: "kind 不是已知的类别。内置类别有 announcement、election-notice、voter-list、candidate-list、result、discipline、finance、power-list、affairs、supervision、correction、news，另外还有 site/config.toml 的 [kinds] 里加的类别。",
                example: "kind 写成了拼音：",
                fix: "换成提示里列出的某一个。确实需要新类别的，在 site/config.toml 的 [kinds] 里加上，例如 tongzhi = \"通知\"，提示里就会出现它。",
            },
            en: Explanation {
                title: "Unknown notice kind",
                meaning: "kind is not a known kind. The built-in kinds are announcement, election-notice, voter-list, candidate-list, result, discipline, finance, power-list, affairs, supervision, correction and news, plus any added under [kinds] in site/config.toml.",
                example: "kind is written in pinyin:",
                fix: "Use one of the kinds the message lists. If the site really needs a new kind, add it under [kinds] in site/config.toml with its Chinese name, for example tongzhi = \"通知\".",
            },
            snippet: "kind = \"tongzhi\"",
        },
        Code::BadDate => &Entry {
            zh: Explanation {
                title: "日期格式不对",
                meaning: "日期必须写成 年-月-日，月和日都是两位，例如 2024-09-10；后面可以加时间，例如 2024-09-10 09:00。日期要真实存在。valid_until 和 _region.toml 里的选举日 day 只能写日期，不能带时间。",
                example: "date 的月份只写了一位：",
                fix: "写成 date = 2024-09-10；_region.toml 里写 day = 2024-10-20，不加引号、不带时间。2024/09/10、2021-02-30、“明天”都不行。",
            },
            en: Explanation {
                title: "Invalid date",
                meaning: "Dates must be written year-month-day with two-digit months and days, such as 2024-09-10, optionally followed by a time such as 2024-09-10 09:00. The date must exist. valid_until and the election day (day) in _region.toml take a date only, without a time.",
                example: "The month of date has a single digit:",
                fix: "Write date = 2024-09-10, and day = 2024-10-20 in _region.toml, without quotes and without a time. Forms such as 2024/09/10 and impossible dates such as 2021-02-30 are not accepted.",
            },
            snippet: "date = \"2024-9-10\"",
        },
        Code::UnknownField => &Entry {
            zh: Explanation {
                title: "不认识的字段",
                meaning: "头信息里有 gongshi 不认识的项目，它不起任何作用。多半是拼错了（例如 tittle）。这是警告，不影响生成。",
                example: "写了一个没有的项目 author：",
                fix: "拼错的改正；不需要的删掉。可以写的项目：title、kind、date、election、valid_until、supersedes、slug、attachments、allow_pii、draft。发布单位不用写，网页会自动生成。",
            },
            en: Explanation {
                title: "Unknown field",
                meaning: "The front matter has a field gongshi does not know; it has no effect. Usually it is a misspelling (tittle for title). This is a warning: the site is still built.",
                example: "A field that does not exist, author:",
                fix: "Correct the spelling, or delete the field if it is not needed. The known fields are title, kind, date, election, valid_until, supersedes, slug, attachments, allow_pii and draft. The publishing body is not written by hand: pages show it from the region.",
            },
            snippet: "author = \"村委会\"",
        },
        // ── References between notices and files ───────────────────────
        Code::ElectionNotFound => &Entry {
            zh: Explanation {
                title: "找不到所属选举",
                meaning: "election 写的选举，在这篇公告所在文件夹的 _region.toml 里找不到。如果提示说这个地区“还没有任何 [[elections]]”，多半是 _region.toml 本身有错（GS201、GS202 或 GS106），先改那个错，这条会自动消失。",
                example: "溪南村的 _region.toml 只有 id = \"2024\" 的选举，选民名单公示却写了：",
                fix: "改成提示里列出的 id；或者在 _region.toml 里补写这次选举的 [[elections]]。",
            },
            en: Explanation {
                title: "Election not found",
                meaning: "The election named by election is not in the _region.toml of the notice's folder. If the message says the region has no [[elections]] at all, the _region.toml itself is probably wrong (GS201, GS202 or GS106): fix that first and this error goes away.",
                example: "The village's _region.toml only has the election with id = \"2024\", but a voter list says:",
                fix: "Use one of the ids the message lists, or add this election as an [[elections]] section to _region.toml.",
            },
            snippet: "election = \"2023\"",
        },
        Code::SupersedesNotFound => &Entry {
            zh: Explanation {
                title: "被更正的公告不存在",
                meaning: "更正公告的 supersedes 指向的公告找不到，或者那篇是草稿，或者指向了自己。",
                example: "实际文件名是 2024-q3-caiwu.md，却写成了：",
                fix: "写被更正公告的文件路径，从 content/ 下面算起（不要写 content/），带 .md，用 / 分隔。例如被更正的是 content/xinan/2024-q3-caiwu.md，就写 supersedes = \"xinan/2024-q3-caiwu.md\"。",
            },
            en: Explanation {
                title: "Corrected notice not found",
                meaning: "The notice named by supersedes in a correction does not exist, is a draft, or is the correction itself.",
                example: "The file is really called 2024-q3-caiwu.md, but the correction says:",
                fix: "Write the path of the corrected notice relative to the content/ folder (without content/ itself), with .md and / separators. For content/xinan/2024-q3-caiwu.md write supersedes = \"xinan/2024-q3-caiwu.md\".",
            },
            snippet: "supersedes = \"xinan/2024-q3-caiwu-gongkai.md\"",
        },
        Code::AttachmentMissing => &Entry {
            zh: Explanation {
                title: "找不到附件",
                meaning: "attachments 里列的文件不存在。附件必须放在公告文件旁边（同一个文件夹或它的子文件夹）。",
                example: "公告旁边没有这个文件：",
                fix: "把文件放到公告旁边；核对文件名（包括后缀 .pdf、.jpg，大小写也要一致）。Windows 默认不显示后缀，文件可能实际叫 tingshui-fanwei.pdf.pdf，请打开“显示文件扩展名”核对。",
            },
            en: Explanation {
                title: "Attachment not found",
                meaning: "A file listed in attachments does not exist. Attachments must sit next to the notice file (in the same folder or a subfolder of it).",
                example: "There is no such file next to the notice:",
                fix: "Put the file next to the notice and check its name, including the extension (.pdf, .jpg) and upper or lower case. Windows hides extensions by default, so the file may really be called tingshui-fanwei.pdf.pdf: turn on \"File name extensions\" in Explorer to check.",
            },
            snippet: "attachments = [\"tingshui-fanwei.pdf\"]",
        },
        Code::DataFileMissing => &Entry {
            zh: Explanation {
                title: "找不到数据文件",
                meaning: "{{ table(src=\"…\") }} 或 {{ chart(src=\"…\") }} 里的数据文件不存在。数据文件必须放在公告旁边。",
                example: "文件夹里只有 2024-q3-caiwu.csv，公告里却写了：",
                fix: "改 src 的文件名，或者把数据文件放到提示里“应为”的位置。",
            },
            en: Explanation {
                title: "Data file not found",
                meaning: "The data file in {{ table(src=\"...\") }} or {{ chart(src=\"...\") }} does not exist. Data files must sit next to the notice.",
                example: "The folder only has 2024-q3-caiwu.csv, but the notice says:",
                fix: "Correct the file name in src, or put the data file where the message says it should be.",
            },
            snippet: "{{ table(src=\"2024-q3-caiwu-mingxi.csv\", caption=\"2024年第三季度财务收支明细\") }}",
        },
        Code::UrlCollision => &Entry {
            zh: Explanation {
                title: "网址冲突",
                meaning: "两个东西会生成同一个网址，后一个会盖掉前一个。常见原因：两篇公告的文件名转成拼音后一样；slug 和别的公告重复；site/static/ 里放的文件和某个页面同名。",
                example: "2024-tingshui.md 已经占了网址 2024-tingshui，另一篇 2024-tingshui-2.md 又写了：",
                fix: "改其中一篇的文件名，或给它设一个不同的 slug。如果其中一篇已经发布过，改另一篇，免得已发布的网址变了。",
            },
            en: Explanation {
                title: "Two pages with the same URL",
                meaning: "Two things would be written to the same URL, and the second would overwrite the first. Usual causes: two notices whose file names give the same pinyin, a slug that repeats another notice's, or a file in site/static/ with the same name as a page.",
                example: "2024-tingshui.md already has the URL 2024-tingshui, and 2024-tingshui-2.md says:",
                fix: "Rename one of the two files or give it a different slug. If one of them has already been published, change the other one, so that a published URL does not move.",
            },
            snippet: "slug = \"2024-tingshui\"",
        },
        Code::UnsafePath => &Entry {
            zh: Explanation {
                title: "路径不安全",
                meaning: "附件、数据文件只能指向公告旁边的文件；slug 只是网址的最后一段。路径里不能有 ..，不能以 / 开头，不能用 \\。",
                example: "附件想拿上一级文件夹里的文件：",
                fix: "把文件复制到公告旁边（或它下面的子文件夹），只写文件名或“子文件夹/文件名”；slug 里用 - 代替 /。",
            },
            en: Explanation {
                title: "Unsafe path",
                meaning: "Attachments and data files may only name files next to the notice, and a slug is only the last segment of a URL. A path may not contain .., start with / or use \\.",
                example: "An attachment taken from the parent folder:",
                fix: "Copy the file next to the notice (or into a subfolder of it) and write only its name, or subfolder/name. In a slug use - instead of /.",
            },
            snippet: "attachments = [\"../fanwei.pdf\"]",
        },
        Code::SlugEmpty => &Entry {
            zh: Explanation {
                title: "无法生成网址",
                meaning: "文件名（或 slug、或文件夹名）里没有汉字、字母或数字，转不出网址。",
                example: "公告的文件名全是符号：",
                fix: "改一个有意义的文件名，建议“年份-拼音”，例如 2024-tingshui-tongzhi.md。",
            },
            en: Explanation {
                title: "No URL can be made from the name",
                meaning: "The file name (or the slug, or the folder name) has no Chinese characters, letters or digits, so no URL can be made from it.",
                example: "A notice whose file name is only punctuation:",
                fix: "Give it a meaningful name; the usual form is year-pinyin, such as 2024-tingshui-tongzhi.md.",
            },
            snippet: "content/xinan/（）.md",
        },
        Code::BrokenLink => &Entry {
            zh: Explanation {
                title: "链接或图片不存在",
                meaning: "正文里的链接或图片，指向的页面或文件在生成的网站里不存在。检查的是站内链接（不以 http:、https:、mailto:、tel: 开头的）；站外网址不检查。",
                example: "链接到一篇不存在的公告，图片没有写进 attachments：",
                fix: "- 链接到另一篇公告：直接写那篇公告的文件名（相对于本公告所在的文件夹），例如 [选举公告](2021-xuanju-gonggao.md)，生成时会自动换成它的网址。文件名写错、或那篇是草稿，都会报这个错。\n- 图片和附件：文件放在公告旁边，并写进头信息的 attachments，才会发布到网上。\n- 网站部署在子路径（例如 base_url = \"https://example.org/cunwu/\"）时，以 / 开头的链接要带上 /cunwu/；更简单的办法是用上面的文件名写法。",
            },
            en: Explanation {
                title: "Link or image target missing",
                meaning: "A link or image in the body points to a page or file that the built site does not have. Only links within the site are checked (those not starting with http:, https:, mailto: or tel:).",
                example: "A link to a notice that does not exist, and an image not listed in attachments:",
                fix: "- To link to another notice, write its file name relative to this notice's folder, such as [election notice](2021-xuanju-gonggao.md); it is replaced by that notice's URL. A misspelled name or a draft gives this error.\n- Images and other files are published only when they sit next to the notice and are listed in its attachments.\n- When the site lives under a sub-path (base_url = \"https://example.org/cunwu/\"), links starting with / must include /cunwu/; the file-name form above avoids this.",
            },
            snippet: "[见选举结果](xuanju-jieguo.md)\n\n![现场照片](照片.jpg)",
        },
        Code::BrokenAnchor => &Entry {
            zh: Explanation {
                title: "页内位置不存在",
                meaning: "链接里 # 后面的页内位置（锚点）在目标页面上找不到。页内位置来自小标题，小标题改了名字，位置也会跟着变。",
                example: "链接到页面上没有的小标题：",
                fix: "生成网站后，在网页上把鼠标移到小标题上，复制它的链接；或者去掉 # 及后面的部分，只链接到页面。",
            },
            en: Explanation {
                title: "Anchor not found on the page",
                meaning: "The part after # in a link names a place (an anchor) that the target page does not have. Anchors come from headings: when a heading is renamed, its anchor changes too.",
                example: "A link to a heading the page does not have:",
                fix: "Build the site, hover over the heading on the page and copy its link; or drop the # and what follows it to link to the page itself.",
            },
            snippet: "[停水范围](2024-tingshui.md#停水范围)",
        },
        // ── Region files ────────────────────────────────────────────────
        Code::RegionInvalid => &Entry {
            zh: Explanation {
                title: "地区文件有误",
                meaning: "_region.toml 有错：缺少 name 或 kind，name 是空的，kind 不是五种之一，code 不是 12 位数字，[[elections]] 少了项目、写了不认识的项目，或者数字不合理（应选名额是 0、投票人数多于登记选民）。这个地区的选举公告会连带报 GS108。",
                example: "kind 写成了拼音：",
                fix: "kind 只能是 city（市）、county（区县）、town（乡镇/街道）、village（村）、community（社区）；code 写 12 位统计用区划代码；选举日写 day = 2024-10-20，不加引号。改好 _region.toml，连带的 GS108 会一起消失。",
            },
            en: Explanation {
                title: "Region file is invalid",
                meaning: "_region.toml has a mistake: name or kind is missing, name is empty, kind is not one of the five kinds, code is not 12 digits, an [[elections]] section lacks a field or has an unknown one, or its numbers are impossible (zero seats, more votes cast than registered voters). The region's election notices then also report GS108.",
                example: "kind is written in pinyin:",
                fix: "kind must be city, county, town (also for a subdistrict), village or community; code is the 12-digit statistical division code; the election day is written day = 2024-10-20 without quotes. Once _region.toml is fixed, the GS108 errors it caused go away.",
            },
            snippet: "name = \"溪南村\"\nkind = \"cun\"",
        },
        Code::DuplicateElection => &Entry {
            zh: Explanation {
                title: "选举 id 重复",
                meaning: "同一个地区的两次选举用了相同的 id。这个地区的选举公告会连带报 GS108。",
                example: "村委会选举已经用了 id = \"2024\"，党支部选举又写了一样的：",
                fix: "给每次选举起不同的 id，例如村委会选举 \"2024\"，党支部选举 \"2024-dangzhibu\"。",
            },
            en: Explanation {
                title: "Duplicate election id",
                meaning: "Two elections of the same region use the same id. The region's election notices then also report GS108.",
                example: "The committee election already uses id = \"2024\", and the party branch election repeats it:",
                fix: "Give each election its own id, for example \"2024\" for the committee election and \"2024-dangzhibu\" for the party branch.",
            },
            snippet: "[[elections]]\nid = \"2024\"\nbody = \"party-branch\"",
        },
        Code::OrphanNotice => &Entry {
            zh: Explanation {
                title: "公告不属于任何地区",
                meaning: "公告所在的文件夹里没有 _region.toml，它不属于任何地区，不会发布。这是警告，网站照常生成，只是少了这篇。",
                example: "在溪南村下面建了 yizu/ 文件夹（第一村民小组），把通知放在里面，但没给它写 _region.toml：",
                fix: "选一种：\n- 把公告移到村（社区）的文件夹里（和 _region.toml 放在一起）；\n- 这个文件夹确实是一个地区的，给它写一个 _region.toml；\n- 这个文件夹是放附件的，就不要在里面放 .md 文件。",
            },
            en: Explanation {
                title: "Notice belongs to no region",
                meaning: "The notice's folder has no _region.toml, so the notice belongs to no region and is not published. This is a warning: the site is built, without this notice.",
                example: "A folder yizu/ (a villagers' group) was made inside the village's folder and a notice put in it, without a _region.toml:",
                fix: "Pick one:\n- move the notice into the village or community folder (the one with _region.toml);\n- if the folder really is a region, give it its own _region.toml;\n- if the folder only holds attachments, do not put .md files in it.",
            },
            snippet: "content/xinan/_region.toml\ncontent/xinan/yizu/2024-tongzhi.md",
        },
        // ── Body ────────────────────────────────────────────────────────
        Code::HtmlRemoved => &Entry {
            zh: Explanation {
                title: "已删除不安全的 HTML",
                meaning: "正文里的 HTML 含有不安全的内容（脚本、onclick 之类的事件属性、javascript: 链接、不允许的标签或样式），已被删掉。这是警告，网站照常生成，只是这些内容不会出现在网页上。",
                example: "正文里粘贴了带脚本的 HTML：",
                fix: "删掉这些 HTML，改用 Markdown：强调用 **加粗**，链接用 [文字](网址)。不要从网页或 Word 里直接粘贴代码。",
            },
            en: Explanation {
                title: "Unsafe HTML removed",
                meaning: "HTML in the body had unsafe parts (scripts, event attributes such as onclick, javascript: links, tags or styles that are not allowed), and they were removed. This is a warning: the site is built, without those parts.",
                example: "HTML with scripts pasted into the body:",
                fix: "Remove the HTML and write Markdown instead: **bold** for emphasis, [text](address) for links. Do not paste code from web pages or Word. The HTML that is allowed is listed in docs/content.md.",
            },
            snippet: "<p onclick=\"alert(1)\">请提前储水。</p>\n\n<script>alert(2)</script>",
        },
        Code::ShortcodeInvalid => &Entry {
            zh: Explanation {
                title: "表格简码写法有误",
                meaning: "{{ table(...) }}（表格）或 {{ chart(...) }}（图表）的写法不对：少了逗号或引号、参数名写错、少了 src、types 或图表里的列名和表头对不上，或者没有单独成段。",
                example: "两个参数之间少了逗号：",
                fix: "照这个写法改，单独一行，前后各空一行：\n\n  {{ table(src=\"文件名.csv\", caption=\"表格标题\") }}\n\n表格还可以写 totals、types、sheet 三个参数。列名要和表头一字不差，括号、单位都要写上；提示里会列出表头有哪些列，照着抄最稳妥。",
            },
            en: Explanation {
                title: "Table or chart shortcode is invalid",
                meaning: "A {{ table(...) }} or {{ chart(...) }} is not written correctly: a missing comma or quote, a misspelled parameter, no src, a column name in types or in a chart that does not match the header, or the shortcode is not a paragraph of its own.",
                example: "The comma between two parameters is missing:",
                fix: "Write it like this, on a line of its own with a blank line before and after:\n\n  {{ table(src=\"file.csv\", caption=\"Table title\") }}\n\nA table also takes totals, types and sheet. Column names must match the header exactly, brackets and units included; the message lists the header's columns, so copy them from there.",
            },
            snippet: "{{ table(src=\"2024-q3-caiwu.csv\" caption=\"明细\") }}",
        },
        Code::DataFileInvalid => &Entry {
            zh: Explanation {
                title: "数据文件无法读取",
                meaning: "表格（或图表）的数据文件读不成表格。常见原因：某一行的列数和表头不一样；表头有空的格子或两列同名（多半是表头上面多了一行大标题）；文件是空的；不是 .csv、.xlsx 文件（老版本的 .xls 也不行）；Excel 里找不到 sheet 写的工作表，或者有算出错误值的公式。位置里冒号后面的第二个数是第几列，不是第几个字。",
                example: "CSV 第 2 行少了一列：",
                fix: "- 列数不齐：补上空格子（留着逗号），例如 上级转移支付,120000,；格子里有英文逗号的，用英文双引号把整个格子包起来，例如 \"120,000.00\"。\n- 表头是空的或重名：删掉表头上面的大标题行（标题写在 caption 里），给每一列起一个不重复的列名。\n- .xls 文件、改过后缀的文件、编码认不出来：在 Excel 里打开，“另存为” .xlsx 或“CSV UTF-8(逗号分隔)”。\n- 工作表找不到：照提示里列出的名字改 sheet。\n- 错误值：在 Excel 里改正公式，保存后再运行一次。",
            },
            en: Explanation {
                title: "Data file cannot be read as a table",
                meaning: "The data file of a table (or chart) cannot be read as a table. Usual causes: a row has a different number of columns than the header; a header cell is empty or two columns have the same name (often a big title row above the real header); the file is empty; it is not a .csv or .xlsx file (old .xls files are not read); the sheet named by sheet does not exist; or a formula gives an error value. In the location, the second number after the colon is the column, not the character.",
                example: "Row 2 of a CSV file lacks a column:",
                fix: "- Uneven columns: add the empty cell and keep its comma, as in 上级转移支付,120000, and put a cell that contains a comma in ASCII double quotes, such as \"120,000.00\".\n- Empty or repeated header names: delete the title row above the header (put the title in caption) and give every column its own name.\n- .xls files, renamed files, unknown encodings: open the file in Excel and Save As .xlsx or \"CSV UTF-8 (Comma delimited)\".\n- Sheet not found: set sheet to one of the names the message lists.\n- Error values: correct the formula in Excel, save, and run again.",
            },
            snippet: "科目,金额（元）,备注\n上级转移支付,120000",
        },
        Code::TotalMismatch => &Entry {
            zh: Explanation {
                title: "合计与相加结果不一致",
                meaning: "表格的最后一行是合计行（第一格是“合计”“总计”“共计”或“总数”），但里面写的数和上面各行相加的结果不一样（精确到分）。这是警告，网站照常生成；网页上的合计行显示的是相加的结果，不是文件里写的数。",
                example: "合计行是照旧表抄的，没有跟着改（三个组加起来其实是 864 和 138）：",
                fix: "- 先核对原始数据：是合计写错了（抄错、漏改），还是上面某一行写错了。改正后再运行一次。\n- 如果消息说第 1 列（比如“序号”）写的是“合计”：这一列被当成了数字列，在简码里加上 types=\"序号:text\"。\n- 也可以删掉自己写的合计行，在简码里写 totals=true，让 gongshi 算。",
            },
            en: Explanation {
                title: "Total row does not add up",
                meaning: "The last row of a table is a total row (its first cell is one of the Chinese words for total), but a number in it differs from the sum of the rows above (to the cent). This is a warning: the site is built, and the page shows the computed sum in the total row, not the number in the file.",
                example: "The total row was copied from an old table and not updated (the three groups really add up to 864 and 138):",
                fix: "- Check the source data: either the total is wrong (copied or not updated) or one of the rows above is. Correct it and run again.\n- If the message says column 1 (such as 序号, a serial number) holds 合计, that column was taken for a number column: add types=\"序号:text\" to the shortcode.\n- Or delete the hand-written total row and write totals=true in the shortcode to let gongshi compute it.",
            },
            snippet: "村民小组,登记人数,其中外出人员\n第一村民小组,268,39\n第二村民小组,291,52\n第三村民小组,305,47\n合计,846,128",
        },
        // ── Templates ───────────────────────────────────────────────────
        Code::TemplateError => &Entry {
            zh: Explanation {
                title: "模板错误",
                meaning: "site/templates/ 里的自定义模板有错，页面生成不出来。消息里会写模板名和原因（多为英文）。只有改了模板的人才会遇到。",
                example: "自定义的 site/templates/notice.html 把 notice.title 写成了 notice.titel：",
                fix: "对照 templates.md 里的变量名改正。一时改不好，可以先把 site/templates/ 里这个文件移走，gongshi 会改用内置模板。",
            },
            en: Explanation {
                title: "Template error",
                meaning: "A custom template in site/templates/ has a mistake, so pages cannot be made from it. The message names the template and gives the template engine's reason. Only sites that change templates meet this.",
                example: "A custom site/templates/notice.html misspells notice.title as notice.titel:",
                fix: "Correct it using the variable names in docs/templates.md. Until it is fixed, move the file out of site/templates/ and gongshi will use its built-in template.",
            },
            snippet: "{% extends \"base.html\" %}\n{% block main %}<h1>{{ notice.titel }}</h1>{% endblock main %}",
        },
        Code::StylesheetNotMinified => &Entry {
            zh: Explanation {
                title: "样式表无法压缩",
                meaning: "site/config.toml 中写了 minify = true（或生成时加了 --minify），gongshi 要压缩 site/static/ 里的样式表（.css 文件），但这个文件有写法错误，读不懂，所以原样发布，没有压缩。这是警告，网站照常生成；浏览器会跳过样式表里看不懂的部分，只是那部分样式可能不起作用。",
                example: "自定义样式表 site/static/_gongshi/gongshi.css 的选择器里多了一个右括号：",
                fix: "按提示的行号找到那一处，检查大括号、小括号、方括号和引号是否成对，分号是否写全。改好后再运行一次，样式表就会被压缩。文件要存成 UTF-8 编码。",
            },
            en: Explanation {
                title: "Stylesheet cannot be minified",
                meaning: "site/config.toml has minify = true (or the build was run with --minify), so gongshi minifies the stylesheets (.css files) in site/static/, but this one has a syntax error it cannot read past, so it is published as it is, not minified. This is a warning: the site is built, and browsers skip the parts of a stylesheet they do not understand, though those styles may then not apply.",
                example: "A selector in the custom stylesheet site/static/_gongshi/gongshi.css has a stray closing parenthesis:",
                fix: "Go to the line in the message and check that braces, parentheses, brackets and quotes come in pairs and that declarations end with a semicolon. Run again once it is fixed, and the stylesheet is minified. Save the file as UTF-8.",
            },
            snippet: ".notice-body p) {\n  line-height: 1.8;\n}",
        },
        // ── Elections ───────────────────────────────────────────────────
        Code::ResultsTableInvalid => &Entry {
            zh: Explanation {
                title: "选举结果表的格子填写有误",
                meaning: "选举结果表（选举结果公告里第一个 {{ table(...) }} 表格）里，有格子的内容和这一列的意思对不上：得票应为 0 或正整数；当选、一肩挑应为“是”或“否”；性别应为“男”或“女”；年龄应为 18 到 120 之间的整数；学历应为初中、高中、中专、大专、本科、硕士或博士。每个不对的格子报一条。",
                example: "性别写成了“男性”，学历写成了“中学”，得票写成了汉字：",
                fix: "照消息改那一格。得票、年龄写阿拉伯数字（可以带“票”“岁”字：1012票、46岁）；性别写“男”“女”；当选、一肩挑写“是”“否”；学历写初中、高中、中专、大专、本科、硕士、博士之一（“中学”要分清是初中还是高中）。不知道的，格子空着就行，空格子不检查。",
            },
            en: Explanation {
                title: "Results table has an invalid cell",
                meaning: "A cell of the election results table (the first table of a result notice) does not fit its column: votes must be 0 or a positive whole number; the elected and concurrent-post columns must be yes or no; sex must be male or female; age must be a whole number from 18 to 120; education must be one of seven levels, from junior middle school to doctorate. Each wrong cell is reported.",
                example: "Sex written as 男性 instead of 男, education as 中学, and votes in Chinese numerals:",
                fix: "Correct the cell the message names. Votes and ages in Arabic digits (1012票 and 46岁 are accepted); sex 男 or 女; elected (当选) and concurrent post (一肩挑) 是 or 否; education one of 初中, 高中, 中专, 大专, 本科, 硕士, 博士. Leave a cell empty when the value is unknown: empty cells are not checked.",
            },
            snippet: "姓名,性别,年龄,学历,职务,得票,当选,一肩挑\n陈建华,男性,46,大专,主任,1012,是,是\n黄志强,男,38,中学,副主任,四百零二,否,否",
        },
        Code::VoterListLate => &Entry {
            zh: Explanation {
                title: "选民名单公布太晚",
                meaning: "选民名单公告（kind = \"voter-list\"）的发布日期，离选举日不到规定的天数。默认至少提前 20 天，可以在 site/config.toml 的 [rules] voter_list_days 里改。党组织选举不查这一条。",
                example: "选举日是 2024-10-20，选民名单公告却写成了（只提前了 12 天）：",
                fix: "先核对公告的 date 是不是照纸质公告张贴的日子写的，_region.toml 里的选举日 day 有没有写错。本省规定的天数不是 20 天的，在 site/config.toml 里写 [rules] 和 voter_list_days = 天数。",
            },
            en: Explanation {
                title: "Voter list published too late",
                meaning: "The voter list (kind = \"voter-list\") was published fewer days before the election day than required. The default is at least 20 days, set by voter_list_days under [rules] in site/config.toml. Party branch elections are not checked.",
                example: "The election day is 2024-10-20, but the voter list is dated only 12 days before it:",
                fix: "First check that date is the day the paper notice was posted, and that the election day (day) in _region.toml is right. If the province requires a different number of days, set it under [rules] in site/config.toml, such as voter_list_days = 15.",
            },
            snippet: "kind = \"voter-list\"\ndate = 2024-10-08",
        },
        Code::CandidateListLate => &Entry {
            zh: Explanation {
                title: "候选人名单公布太晚",
                meaning: "候选人名单公告（kind = \"candidate-list\"）的发布日期，离选举日不到规定的天数。默认至少提前 5 天，可以在 [rules] 的 candidate_list_days 里改。党组织选举不查这一条。",
                example: "选举日是 2024-10-20，候选人名单公告却写成了（只提前了 3 天）：",
                fix: "核对 date 和 _region.toml 里的选举日 day；本省规定不同的，改 [rules] 的 candidate_list_days。",
            },
            en: Explanation {
                title: "Candidate list published too late",
                meaning: "The final candidate list (kind = \"candidate-list\") was published fewer days before the election day than required. The default is at least 5 days, set by candidate_list_days under [rules]. Party branch elections are not checked.",
                example: "The election day is 2024-10-20, but the candidate list is dated only 3 days before it:",
                fix: "Check date and the election day (day) in _region.toml. If the province requires a different number of days, set candidate_list_days under [rules].",
            },
            snippet: "kind = \"candidate-list\"\ndate = 2024-10-17",
        },
        Code::ResultLate => &Entry {
            zh: Explanation {
                title: "选举结果公布太晚",
                meaning: "选举结果公告（kind = \"result\"）的发布日期，离选举日超过了规定的天数。默认要在选举日当天或第二天发布（[rules] 的 result_days = 1）。同一次选举的每一篇选举结果公告都查。党组织选举不查这一条。",
                example: "选举日是 2024-10-20，选举结果公告却写成了（晚了 5 天）：",
                fix: "核对公告的 date 和 _region.toml 里的选举日 day。本省规定的期限不同的，改 [rules] 的 result_days。",
            },
            en: Explanation {
                title: "Results published too late",
                meaning: "The election results (kind = \"result\") were published more days after the election day than allowed. By default they must appear on the election day or the day after (result_days = 1 under [rules]). Every results notice of the election is checked. Party branch elections are not checked.",
                example: "The election day is 2024-10-20, but the results are dated 5 days later:",
                fix: "Check date and the election day (day) in _region.toml. If the province allows a different period, set result_days under [rules].",
            },
            snippet: "kind = \"result\"\ndate = 2024-10-25",
        },
        Code::TurnoutTooLow => &Entry {
            zh: Explanation {
                title: "投票人数没有过半",
                meaning: "参加投票的人数 cast 没有超过登记选民 registered 的一半，按法律规定选举无效。正好一半也不算过半。可以用 [rules] 的 turnout_majority = false 关掉。党组织选举不查这一条。",
                example: "登记选民 1260 人，投票人数正好是一半：",
                fix: "核对 _region.toml 里的 registered（登记选民人数）和 cast（参加投票人数），多半是其中一个抄错了。",
            },
            en: Explanation {
                title: "Turnout not above half",
                meaning: "The number of voters who voted (cast) is not more than half of the registered voters (registered), and by law such an election is invalid. Exactly half is not more than half. The check is turned off with turnout_majority = false under [rules]. Party branch elections are not checked.",
                example: "1260 registered voters, and exactly half of them voted:",
                fix: "Check registered (registered voters) and cast (voters who voted) in _region.toml; usually one of them was copied wrongly.",
            },
            snippet: "registered = 1260\ncast = 630",
        },
        Code::WinnerWithoutMajority => &Entry {
            zh: Explanation {
                title: "当选人得票没有过半",
                meaning: "结果表里有当选的人，得票没有超过参加投票人数 cast 的一半（正好一半不算）。法律规定，候选人获得参加投票的选民过半数的选票，才能当选。可以用 [rules] 的 winner_majority = false 关掉。党组织选举不查这一条。",
                example: "投票人数 cast = 1088，一位当选人的得票正好是一半：",
                fix: "核对这一格的得票、“当选”一列，以及 _region.toml 里的 cast。只检查这次选举发布日期最早的一篇选举结果公告；另行选举的结果另发一篇公告的，那一篇的表不检查。",
            },
            en: Explanation {
                title: "Winner without a majority",
                meaning: "Someone marked elected in the results table received no more than half of the votes cast (cast); exactly half does not count. By law a candidate is elected only with more than half of the votes of those who voted. The check is turned off with winner_majority = false under [rules]. Party branch elections are not checked.",
                example: "cast = 1088, and an elected candidate has exactly half of that:",
                fix: "Check the votes cell, the elected column (当选) and cast in _region.toml. Only the earliest results notice of the election is checked; a later notice for a further election is not.",
            },
            snippet: "许文斌,男,44,高中,委员,544,是,否",
        },
        Code::VotesExceedCast => &Entry {
            zh: Explanation {
                title: "得票超过投票人数",
                meaning: "有候选人的得票比参加投票人数 cast 还多，这是不可能的。党组织选举也查。和 GS507 一起，可以用 [rules] 的 votes_within_cast = false 关掉。",
                example: "投票人数 cast = 1088，得票 1012 抄成了 1102：",
                fix: "核对这一格的得票和 _region.toml 里的 cast。",
            },
            en: Explanation {
                title: "More votes than voters",
                meaning: "A candidate received more votes than the number of voters who voted (cast), which is impossible. Party branch elections are checked too. This check and GS507 are turned off together with votes_within_cast = false under [rules].",
                example: "cast = 1088, and 1012 votes were copied as 1102:",
                fix: "Check the votes cell and cast in _region.toml.",
            },
            snippet: "陈建华,男,46,大专,主任,1102,是,是",
        },
        Code::TooManyElected => &Entry {
            zh: Explanation {
                title: "当选人数超过应选名额",
                meaning: "结果表“当选”一列填“是”的人数，比 _region.toml 里的应选名额 seats 多。党组织选举也查。和 GS506 一起，可以用 [rules] 的 votes_within_cast = false 关掉。",
                example: "应选 seats = 5 名，落选的黄志强“当选”一列误填了“是”，当选成了 6 人：",
                fix: "核对“当选”一列和 _region.toml 里的 seats。",
            },
            en: Explanation {
                title: "More elected than seats",
                meaning: "More people are marked elected in the results table than there are seats (seats in _region.toml). Party branch elections are checked too. This check and GS506 are turned off together with votes_within_cast = false under [rules].",
                example: "seats = 5, but a candidate who lost is also marked elected, making 6:",
                fix: "Check the elected column (当选, where 是 means yes) and seats in _region.toml.",
            },
            snippet: "黄志强,男,38,本科,副主任,402,是,否",
        },
        Code::CommitteeSize => &Entry {
            zh: Explanation {
                title: "委员会职数不在范围内",
                meaning: "_region.toml 里的应选名额 seats 不在规定的人数范围内。默认村民委员会 3 至 7 人、居民委员会 5 至 9 人，可以在 [rules] 的 villagers_committee_size、residents_committee_size 里改，或者用 committee_size = false 关掉。党组织选举不查这一条。",
                example: "村民委员会把 seats = 5 错写成了：",
                fix: "核对 seats；它一错，候选人人数（GS510）和当选人数（GS513）也会跟着报，改好后会一起消失。本省（市）规定的人数范围不同的，在 [rules] 里写，例如 residents_committee_size = [5, 11]。",
            },
            en: Explanation {
                title: "Committee size out of range",
                meaning: "The number of seats in _region.toml is outside the allowed committee size: 3 to 7 for a villagers' committee and 5 to 9 for a residents' committee by default. The ranges are set with villagers_committee_size and residents_committee_size under [rules], and the check is turned off with committee_size = false. Party branch elections are not checked.",
                example: "A villagers' committee with seats = 5 written as:",
                fix: "Check seats. A wrong seats also makes GS510 (candidates) and GS513 (elected) appear; they go away with it. If the province sets other ranges, write them under [rules], such as residents_committee_size = [5, 11].",
            },
            snippet: "seats = 9",
        },
        Code::NoWomanElected => &Entry {
            zh: Explanation {
                title: "当选人中没有女性",
                meaning: "结果表里当选的人都是男性。法律规定村民委员会成员中应当有妇女成员。只有结果表有“性别”一列、每个当选的人都填了性别时才检查。可以用 [rules] 的 woman_elected = false 关掉。党组织选举不查这一条。",
                example: "两位女性当选人的性别都误填成了“男”：",
                fix: "核对“性别”和“当选”两列。",
            },
            en: Explanation {
                title: "No woman elected",
                meaning: "Everyone elected in the results table is a man, but by law a villagers' committee must include women. Checked only when the table has a sex column filled in for everyone elected. The check is turned off with woman_elected = false under [rules]. Party branch elections are not checked.",
                example: "Two women who were elected are both marked 男 (male):",
                fix: "Check the sex (性别) and elected (当选) columns.",
            },
            snippet: "林秀英,男,41,高中,副主任,968,是,否\n郑美玲,男,35,大专,委员,905,是,否",
        },
        Code::NotContested => &Entry {
            zh: Explanation {
                title: "没有实行差额选举",
                meaning: "候选人名单上的人数没有多于应选名额 seats。法律规定候选人名额应当多于应选名额。人数按候选人名单公告里第一个 {{ table(...) }} 表格的行数算，“姓名”一列写“合计”“总计”的那一行不算。可以用 [rules] 的 contested = false 关掉。党组织选举不查这一条。",
                example: "应选 seats = 5 名，候选人名单漏了一人，只剩 5 人：",
                fix: "核对候选人名单表格有没有漏人，以及 _region.toml 里的 seats。候选人名单公告里有几张表格的，候选人名单要放在第一张。",
            },
            en: Explanation {
                title: "Not a contested election",
                meaning: "The candidate list has no more people than there are seats, but by law there must be more candidates than seats. Candidates are counted as the rows of the first table of the candidate list notice, leaving out a total row. The check is turned off with contested = false under [rules]. Party branch elections are not checked.",
                example: "seats = 5, and the candidate list lost one of its six names:",
                fix: "Check that nobody is missing from the candidate table, and check seats in _region.toml. When the candidate list notice has several tables, the candidates must be in the first one.",
            },
            snippet: "姓名,性别,职务\n陈建华,男,主任\n林秀英,女,副主任\n黄志强,男,副主任\n郑美玲,女,委员\n吴国平,男,委员",
        },
        Code::ElectionOutOfOrder => &Entry {
            zh: Explanation {
                title: "选举公告发布顺序不对",
                meaning: "同一次选举的公告，应当按选举公告、选民名单、候选人名单、选举结果的顺序发布，选举结果不能早于选举日。这一条说的是某一篇公告的发布日期比它前面那一步的公告还早，或者选举结果早于选举日。更正公告不参加比较。党组织选举也查。可以用 [rules] 的 order = false 关掉。",
                example: "选民名单是 2024-09-30 发布的，候选人名单却写成了更早的日子：",
                fix: "核对两篇公告的 date（提示里写了另一篇是哪个文件），以及 _region.toml 里的选举日 day。也看看 kind 有没有写错（比如把选民名单写成了 candidate-list）。",
            },
            en: Explanation {
                title: "Election notices out of order",
                meaning: "The notices of one election must come out in order (election notice, voter list, candidate list, results), and the results not before the election day. Here a notice is dated before the step that should come before it, or the results are dated before the election day. Corrections are left out of the comparison. Party branch elections are checked too. The check is turned off with order = false under [rules].",
                example: "The voter list came out on 2024-09-30, but the candidate list is dated earlier:",
                fix: "Check the date of both notices (the help line names the other file) and the election day (day) in _region.toml. Also check kind: a voter list marked as candidate-list gives this error.",
            },
            snippet: "kind = \"candidate-list\"\ndate = 2024-09-28",
        },
        Code::ValidUntilBeforeDate => &Entry {
            zh: Explanation {
                title: "公示截止日期早于发布日期",
                meaning: "公示期的最后一天 valid_until 比发布日期 date 还早。所有公告都查，不只是选举公告。",
                example: "公示期想写到 10 月 3 日，写成了 9 月 3 日：",
                fix: "核对 valid_until 和 date 这两个日期。",
            },
            en: Explanation {
                title: "Display period ends before publication",
                meaning: "The last day of the display period (valid_until) is before the publication date (date). All notices are checked, not only election notices.",
                example: "The display period was meant to end on 3 October, but September was written:",
                fix: "Check the two dates, valid_until and date.",
            },
            snippet: "date = 2024-09-30\nvalid_until = 2024-09-03",
        },
        Code::FewerElected => &Entry {
            zh: Explanation {
                title: "当选人数少于应选名额",
                meaning: "结果表“当选”一列填“是”的人数，比应选名额 seats 少。这是警告，网站照常生成。这可能是合法的（当选人数不足应选名额的，不足的名额另行选举），也可能是“当选”一列漏填了。只有结果表有“当选”一列时才检查。党组织选举也查。",
                example: "应选 seats = 5 名，许文斌的“当选”一列空着（空着算没当选）：",
                fix: "核对“当选”一列有没有漏填。确实只选出了这么多人的，可以不改。",
            },
            en: Explanation {
                title: "Fewer elected than seats",
                meaning: "Fewer people are marked elected in the results table than there are seats. This is a warning: the site is built. It can be lawful (the remaining seats are filled by a further election), or the elected column may be incomplete. Checked only when the table has an elected column. Party branch elections are checked too.",
                example: "seats = 5, and one winner's elected cell is left empty (empty means not elected):",
                fix: "Check the elected column (当选) for a missing 是 (yes). If really only that many were elected, nothing needs to change.",
            },
            snippet: "许文斌,男,44,高中,委员,731,,否",
        },
        Code::LoserOutpolledWinner => &Entry {
            zh: Explanation {
                title: "落选人得票多于当选人",
                meaning: "同一职务（结果表的“职务”一列）里，有落选的人得票比当选的人还多。这是警告，网站照常生成。这在保证妇女名额等情况下是合法的，但也可能是得票或“当选”填错了。没有“职务”一列的，所有候选人放在一起比。党组织选举也查。",
                example: "黄志强的得票 402 抄成了 990，比同为副主任、已当选的林秀英（968 票）还多：",
                fix: "核对这两人的得票和“当选”一列。数据没错、结果确实如此的，可以不改。",
            },
            en: Explanation {
                title: "A losing candidate outpolled a winner",
                meaning: "For the same post (the post column of the results table), someone not elected received more votes than someone elected. This is a warning: the site is built. It is lawful when, for example, a seat is kept for a woman, but it may also be a mistake in the votes or elected columns. Without a post column all candidates are compared together. Party branch elections are checked too.",
                example: "402 votes were copied as 990, more than the 968 votes of the elected deputy director:",
                fix: "Check the votes and the elected column (当选) of both people. If the data are right and this is the real result, nothing needs to change.",
            },
            snippet: "林秀英,女,41,高中,副主任,968,是,否\n黄志强,男,38,本科,副主任,990,否,否",
        },
        // ── Personal information ────────────────────────────────────────
        Code::PiiFound => &Entry {
            zh: Explanation {
                title: "未遮盖的个人信息",
                meaning: "公告的标题、正文或表格（CSV、Excel 的任何一个格子）里，有完整的身份证号、手机号或银行卡号。为了不在检查记录里泄露号码，消息中只显示遮盖后的样子。",
                example: "正文里写了完整的手机号：",
                fix: "- 把号码中间的数字换成 *：身份证号 350102********1234，手机号 138****5678。\n- 确需公开的（例如村委会的值班手机），在这篇公告的头信息里写 allow_pii = [\"13812345678\"]。\n- 或者在 site/config.toml 中写 pii = \"mask\"，让 gongshi 在发布时自动遮盖（会给出 GS602 提示）。",
            },
            en: Explanation {
                title: "Unmasked personal number",
                meaning: "A notice's title, body or table (any cell of a CSV or Excel file) has a full identity card number, mobile number or bank card number. So that the numbers do not leak into logs, messages show them masked.",
                example: "A full mobile number in the body:",
                fix: "- Replace the middle digits with *: identity numbers as 350102********1234, mobile numbers as 138****5678.\n- A number that must be public (such as the committee's duty phone) can be allowed in that notice's front matter: allow_pii = [\"13812345678\"].\n- Or write pii = \"mask\" in site/config.toml to have gongshi mask numbers when publishing (reported as GS602).",
            },
            snippet: "联系人手机 138 1234 5678。",
        },
        Code::PiiMasked => &Entry {
            zh: Explanation {
                title: "已自动遮盖个人信息",
                meaning: "site/config.toml 中写了 pii = \"mask\"，发现的身份证号、手机号或银行卡号已在网页、表格下载和搜索中自动遮盖。网站照常生成。",
                example: "site/config.toml 中写了 pii = \"mask\"，正文里有完整的手机号：",
                fix: "不改也能发布。但原始文件里仍是完整号码，建议在原文中直接遮盖，以免原始文件流传出去。",
            },
            en: Explanation {
                title: "Personal number masked automatically",
                meaning: "site/config.toml has pii = \"mask\", so the identity, mobile and bank card numbers found were masked on the pages, in table downloads and in search. The site is built.",
                example: "site/config.toml has pii = \"mask\", and the body has a full mobile number:",
                fix: "The site can be published as it is. But the source files still hold the full numbers: mask them there too, so that they do not spread when the files are passed around.",
            },
            snippet: "联系人手机 13812345678。",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    fn is_han(c: char) -> bool {
        matches!(c,
            '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2FA1F}')
    }

    /// Full-width punctuation and forms (，。：“” and the like).
    fn is_full_width(c: char) -> bool {
        matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2018}'..='\u{201D}')
    }

    fn fields(text: &Explanation) -> [(&'static str, &'static str); 4] {
        [
            ("title", text.title),
            ("meaning", text.meaning),
            ("example", text.example),
            ("fix", text.fix),
        ]
    }

    #[test]
    fn every_code_is_explained_in_both_languages() {
        for &code in Code::ALL {
            assert!(
                !code.example_snippet().trim().is_empty(),
                "{}: empty snippet",
                code.id()
            );
            for lang in [Lang::Zh, Lang::En] {
                for (name, value) in fields(code.explain(lang)) {
                    assert!(
                        !value.trim().is_empty(),
                        "{} {lang:?}: empty {name}",
                        code.id()
                    );
                }
                let title = code.explain(lang).title;
                assert!(
                    !title.contains('\n') && !title.ends_with(['.', '。']),
                    "{} {lang:?}: the title is one line without a full stop: {title}",
                    code.id()
                );
            }
        }
    }

    #[test]
    fn chinese_texts_are_chinese() {
        for &code in Code::ALL {
            for (name, value) in fields(code.explain(Lang::Zh)) {
                assert!(
                    value.chars().any(is_han),
                    "{} zh {name} has no Chinese: {value}",
                    code.id()
                );
            }
            // No sentence of the title or meaning left in English by
            // mistake: every sentence has Chinese in it.
            let zh = code.explain(Lang::Zh);
            for (name, value) in [("title", zh.title), ("meaning", zh.meaning)] {
                for sentence in value.split(['。', '；', '\n']) {
                    assert!(
                        sentence.trim().is_empty() || sentence.chars().any(is_han),
                        "{} zh {name}: a sentence without Chinese: {sentence:?}",
                        code.id()
                    );
                }
            }
        }
    }

    #[test]
    fn english_texts_are_english() {
        for &code in Code::ALL {
            let en = code.explain(Lang::En);
            for (name, value) in [("title", en.title), ("meaning", en.meaning)] {
                let bad: String = value
                    .chars()
                    .filter(|&c| is_han(c) || is_full_width(c))
                    .collect();
                assert!(
                    bad.is_empty(),
                    "{} en {name} has Chinese or full-width characters {bad:?}: {value}",
                    code.id()
                );
            }
            // The example and the fix may quote Chinese values to type
            // (是, 男), but are written in English.
            for (name, value) in [("example", en.example), ("fix", en.fix)] {
                let latin = value.chars().filter(|c| c.is_ascii_alphabetic()).count();
                let han = value.chars().filter(|&c| is_han(c)).count();
                assert!(
                    latin > han * 3,
                    "{} en {name} is not mostly English: {value}",
                    code.id()
                );
            }
        }
    }

    #[test]
    fn ids_are_found_in_any_case() {
        assert_eq!(Code::from_id("GS103"), Some(Code::FieldMissing));
        assert_eq!(Code::from_id(" gs103 "), Some(Code::FieldMissing));
        assert_eq!(Code::from_id("103"), Some(Code::FieldMissing));
        assert_eq!(Code::from_id("GS999"), None);
        assert_eq!(Code::from_id(""), None);
        for &code in Code::ALL {
            assert_eq!(Code::from_id(&code.id().to_lowercase()), Some(code));
        }
    }

    #[test]
    fn rendered_in_the_chosen_language() {
        let zh = render(Code::FieldMissing, Lang::Zh);
        assert!(zh.starts_with("GS103（错误）：缺少必填字段\n"), "{zh}");
        for label in [
            "\n意思\n",
            "\n例子\n",
            "\n怎么改\n",
            "    kind = \"announcement\"",
        ] {
            assert!(zh.contains(label), "{label} in {zh}");
        }
        let en = render(Code::FieldMissing, Lang::En);
        assert!(
            en.starts_with("GS103 (error): Required field missing\n"),
            "{en}"
        );
        for label in [
            "\nMeaning\n",
            "\nExample\n",
            "\nFix\n",
            "    kind = \"announcement\"",
        ] {
            assert!(en.contains(label), "{label} in {en}");
        }
        assert!(!en.chars().any(is_han), "{en}");
        let warning = render(Code::OrphanNotice, Lang::En);
        assert!(warning.starts_with("GS203 (warning): "), "{warning}");
        assert_eq!(Code::OrphanNotice.severity(), Severity::Warning);
    }

    #[test]
    fn list_has_every_code_once() {
        for lang in [Lang::Zh, Lang::En] {
            let list = render_list(lang);
            assert_eq!(list.lines().count(), Code::ALL.len());
            for &code in Code::ALL {
                assert!(list.contains(code.explain(lang).title));
            }
        }
    }
}
