//! `gongshi init` (a new site that builds at once) and `gongshi new` (a
//! notice from its kind's template).

use crate::config::{Config, BUILTIN_KINDS, CONFIG_PATH, CORRECTION_KIND, ELECTION_KINDS};
use crate::diagnostics::{list, text, Text};
use crate::load::region::{self, REGION_FILE};
use crate::load::CONTENT_DIR;
use chrono::NaiveDate;
use std::fs;
use std::path::{Path, PathBuf};

/// Creates a new site in `dir` (which must not exist or be empty).
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Text> {
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|e| cannot_read(dir, &e))?
            .next()
            .is_some()
    {
        return Err(text!(
            zh: "{} 已存在且不是空文件夹",
            en: "{} exists and is not an empty folder",
            dir.display()
        ));
    }
    let files: &[(&str, &str)] = &[
        (CONFIG_PATH, INIT_CONFIG),
        ("content/_region.toml", INIT_CITY),
        ("content/xinan/_region.toml", INIT_VILLAGE),
        ("content/xinan/2024-xuanju-gonggao.md", INIT_ELECTION_NOTICE),
        ("content/xinan/2024-q3-caiwu.md", INIT_FINANCE),
        ("content/xinan/2024-q3-caiwu.csv", INIT_FINANCE_CSV),
        ("site/templates/README.md", INIT_TEMPLATES_README),
        ("site/static/.gitkeep", ""),
        (".gitignore", "/public\n"),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| {
                text!(
                    zh: "无法创建 {}：{e}",
                    en: "cannot create {}: {e}",
                    parent.display()
                )
            })?;
        }
        fs::write(&target, text).map_err(|e| cannot_write(&target, &e))?;
        written.push(target);
    }
    Ok(written)
}

/// A notice written by `new`.
pub struct NewNotice {
    pub path: PathBuf,
    /// For a correction: the notice it was pointed at, to be checked by the
    /// editor.
    pub supersedes: Option<String>,
}

/// Writes a new notice of `kind` at `path` (`.md` added when missing), dated
/// `today`, into an existing region folder.
pub fn new_notice(kind: &str, path: &Path, today: NaiveDate) -> Result<NewNotice, Text> {
    let path = if path.extension().is_some_and(|e| e == "md") {
        path.to_path_buf()
    } else {
        path.with_extension("md")
    };
    if path.exists() {
        return Err(text!(
            zh: "{} 已存在，不会覆盖",
            en: "{} exists already and is not overwritten",
            path.display()
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let root = site_root_of(dir).ok_or_else(|| {
        text!(
            zh: "{} 不在任何站点的 {CONTENT_DIR}/ 文件夹中（站点根目录应含有 {CONFIG_PATH}）",
            en: "{} is not inside the {CONTENT_DIR}/ folder of a site (a site's folder has {CONFIG_PATH})",
            dir.display()
        )
    })?;
    let is_content_root =
        std::path::absolute(dir).ok() == std::path::absolute(root.join(CONTENT_DIR)).ok();
    if !is_content_root && !dir.join(REGION_FILE).is_file() {
        return Err(text!(
            zh: "{} 不是地区文件夹（没有 {REGION_FILE}），放在这里的公告不会发布；请先创建 {REGION_FILE}，或换一个村（社区）文件夹",
            en: "{} is not a region folder (it has no {REGION_FILE}), and a notice here is not published; create {REGION_FILE} first, or choose a village's (community's) folder",
            dir.display()
        ));
    }
    let config = Config::load(&root, None).map_err(|d| d.message)?;
    let kind_name = config.kind(kind).map(|k| k.name.clone()).ok_or_else(|| {
        let known: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
        list(&known).wrap(
            |known| format!("未知的公告类别 “{kind}”，可用：{known}"),
            |known| format!("unknown notice kind “{kind}”; the kinds are: {known}"),
        )
    })?;
    let region_name = read_region(dir)
        .map(|r| r.name)
        .unwrap_or_else(|| "本村（社区）".into());
    let mut front = vec![
        format!("title = \"{}\"", title_for(kind, &kind_name, &region_name)),
        format!("kind = \"{kind}\""),
        format!("date = {}", today.format("%Y-%m-%d")),
    ];
    if ELECTION_KINDS.contains(&kind) {
        let election = read_region(dir)
            .and_then(|r| r.elections.into_iter().max_by_key(|e| e.day))
            .ok_or_else(|| {
                text!(
                    zh: "{kind} 是选举类公告，但 {} 中没有 [[elections]]；请先在 _region.toml 中写明本次选举",
                    en: "{kind} is an election notice, but {} has no [[elections]]; describe the election in _region.toml first",
                    dir.join(REGION_FILE).display()
                )
            })?;
        front.push(format!("election = \"{}\"", election.id));
    }
    if matches!(kind, "voter-list" | "candidate-list" | "result" | "finance") {
        front.push(format!(
            "valid_until = {}",
            (today + chrono::Days::new(7)).format("%Y-%m-%d")
        ));
    }
    let supersedes = if kind == CORRECTION_KIND {
        let target = last_notice_in(dir, &root)?;
        front.push(format!("supersedes = \"{target}\""));
        Some(target)
    } else {
        None
    };
    let body = BUILTIN_BODIES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(GENERIC_BODY, |(_, b)| *b);
    let text = format!("+++\n{}\n+++\n\n{}", front.join("\n"), body);
    fs::write(&path, text).map_err(|e| cannot_write(&path, &e))?;
    Ok(NewNotice { path, supersedes })
}

fn title_for(kind: &str, kind_name: &str, region_name: &str) -> String {
    let known = BUILTIN_KINDS.iter().any(|(k, _)| *k == kind);
    if known {
        format!("{region_name}{kind_name}")
    } else {
        format!("{region_name}{kind_name}（请修改标题）")
    }
}

/// The nearest ancestor that holds both `content/` and `site/config.toml`,
/// with `dir` inside its `content/`.
fn site_root_of(dir: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(dir).ok()?;
    absolute
        .ancestors()
        .find(|a| a.join(CONFIG_PATH).is_file() && absolute.starts_with(a.join(CONTENT_DIR)))
        .map(Path::to_path_buf)
}

fn read_region(dir: &Path) -> Option<region::RegionFile> {
    let file = dir.join(REGION_FILE);
    let text = fs::read_to_string(&file).ok()?;
    region::parse(&text, &file).ok()
}

/// The last notice in `dir` by file name (names usually start with the
/// date), as the starting target of a correction; `new` prints it so the
/// editor checks it.
fn cannot_read(path: &Path, e: &std::io::Error) -> Text {
    text!(zh: "无法读取 {}：{e}", en: "cannot read {}: {e}", path.display())
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Text {
    text!(zh: "无法写入 {}：{e}", en: "cannot write {}: {e}", path.display())
}

fn last_notice_in(dir: &Path, root: &Path) -> Result<String, Text> {
    let mut notices: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| cannot_read(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('_'))
        })
        .collect();
    notices.sort();
    let target = notices.pop().ok_or_else(|| {
        text!(
            zh: "更正公告需要指向被更正的公告，但 {} 中还没有公告",
            en: "a correction must point at the notice it corrects, but {} has no notices yet",
            dir.display()
        )
    })?;
    let content = root.join(CONTENT_DIR);
    let content = std::path::absolute(&content).map_err(|e| cannot_read(&content, &e))?;
    let target = std::path::absolute(&target).map_err(|e| cannot_read(&target, &e))?;
    Ok(crate::diagnostics::relative_to(&content, &target)
        .to_string_lossy()
        .into_owned())
}

const INIT_CONFIG: &str = r#"# 站点配置。修改后重新运行 gongshi build 即可生效。
title = "村（社区）务公开"
description = "村务、财务、选举事项依法公开"
# 网站的正式地址；部署在子路径时写完整路径，例如 https://example.org/cunwu/
base_url = "https://example.org/"
language = "zh-CN"

# 可增加本地需要的公告类别：类别代码 = "显示名称"
[kinds]
# fire-safety = "消防安全"

# 选举规则检查的设置；默认值依据 2018 年《村民委员会组织法》，
# 省里另有规定或适用 2025 年修正后的法律时在这里改（见 docs/content.md）
# [rules]
# voter_list_days = 20
# candidate_list_days = 5
# result_days = 1
"#;

const INIT_CITY: &str = r#"name = "示范市"
kind = "city"
"#;

const INIT_VILLAGE: &str = r#"name = "溪南村"
kind = "village"

[[elections]]
id = "2024"
body = "villagers-committee"
day = 2024-10-20
seats = 5
registered = 1260
cast = 1088
"#;

const INIT_ELECTION_NOTICE: &str = r#"+++
title = "溪南村第十三届村民委员会选举公告"
kind = "election-notice"
date = 2024-09-10
election = "2024"
+++

根据《中华人民共和国村民委员会组织法》和省、市有关规定，经村民选举委员会研究，现将溪南村第十三届村民委员会选举有关事项公告如下：

1. **选举日期**：2024年10月20日上午8时至下午5时。
2. **应选职数**：村民委员会成员 5 名，其中主任 1 名、副主任 1 名、委员 3 名，成员中应当有妇女成员。
3. **选民登记**：2024年9月15日至9月25日，在村委会办公楼一楼登记。

特此公告。
"#;

const INIT_FINANCE: &str = r#"+++
title = "溪南村2024年第三季度财务收支公开"
kind = "finance"
date = 2024-10-08
valid_until = 2024-10-15
+++

现将本村 2024 年第三季度财务收支情况公开如下，欢迎村民监督。

{{ table(src="2024-q3-caiwu.csv", caption="2024年第三季度财务收支明细") }}

如有疑问，请在公示期内向村务监督委员会反映。
"#;

const INIT_FINANCE_CSV: &str = "科目,金额（元）,备注\n上级转移支付,\"120,000.00\",村级组织运转经费\n村集体经营收入,\"36,500.00\",店面出租\n道路维修,\"-42,300.00\",村东路面修补\n办公费用,\"-6,820.50\",\n";

const INIT_TEMPLATES_README: &str =
    "在此放入与内置模板同名的文件（如 notice.html）即可覆盖内置模板。\n";

const GENERIC_BODY: &str = "（在此填写正文。）\n\n特此公告。\n";

const BUILTIN_BODIES: &[(&str, &str)] = &[
    ("announcement", "（在此填写公告正文。）\n\n特此公告。\n"),
    (
        "election-notice",
        "根据《中华人民共和国村民委员会组织法》和有关规定，现将本届选举有关事项公告如下：\n\n1. **选举日期**：（年月日、时间）\n2. **选举地点**：（地点）\n3. **应选职数**：（主任、副主任、委员各几名，成员中应当有妇女成员）\n4. **选民登记**：（登记时间和地点）\n\n特此公告。\n",
    ),
    (
        "voter-list",
        "经登记，本届选举的选民名单公布如下。选民对名单有不同意见的，可在公示期内向选举委员会提出，选举委员会应自收到申诉之日起三日内作出处理决定。\n\n| 村民小组 | 登记选民（人） |\n|---|---|\n| 第一村民小组 | |\n| 第二村民小组 | |\n\n特此公告。\n",
    ),
    (
        "candidate-list",
        "经选民提名，现将本届选举正式候选人名单（按姓氏笔画排序）公告如下：\n\n| 姓名 | 性别 | 年龄 | 学历 | 推荐职务 |\n|---|---|---|---|---|\n| | | | | |\n\n对候选人有异议的，可在公示期内向选举委员会反映。\n\n特此公告。\n",
    ),
    (
        "result",
        "本届选举于（日期）举行。全村登记选民（ ）人，参加投票（ ）人，发出选票（ ）张，收回选票（ ）张，选举有效。选举结果如下：\n\n| 姓名 | 性别 | 年龄 | 学历 | 职务 | 得票 | 当选 |\n|---|---|---|---|---|---|---|\n| | | | | | | |\n\n特此公告。\n",
    ),
    (
        "discipline",
        "为确保换届选举风清气正，现将换届纪律公告如下：\n\n1. 严禁以威胁、贿赂、伪造选票等不正当手段妨害选民依法行使选举权。\n2. 严禁拉票贿选、请客送礼。\n3. 严禁宗族、宗教、黑恶势力干扰选举。\n\n监督举报电话：12388\n",
    ),
    (
        "finance",
        "现将本村财务收支情况公开如下，欢迎村民监督。\n\n| 科目 | 金额（元） | 备注 |\n|---|---|---|\n| | | |\n\n如有疑问，请在公示期内向村务监督委员会反映。\n",
    ),
    (
        "power-list",
        "## 事项名称\n\n**实施主体**：村民委员会\n\n**办理流程**：\n\n1. 申请\n2. 审核\n3. 公示\n4. 办结\n\n**监督方式**：村务监督委员会全程监督。\n",
    ),
    ("affairs", "（在此填写公开事项、办理结果和依据。）\n\n公示期内如有异议，请向村务监督委员会反映。\n"),
    ("supervision", "（在此填写监督事项。）\n\n监督电话：（村务监督委员会电话）\n"),
    (
        "correction",
        "本村于（日期）发布的公告中，（有误的内容）有误，现更正为：（正确的内容）。\n\n~~（错误内容）~~\n\n特此更正。\n",
    ),
    ("news", "（在此填写工作动态。）\n"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_kind_has_a_body() {
        for (kind, _) in BUILTIN_KINDS {
            assert!(BUILTIN_BODIES.iter().any(|(k, _)| k == kind), "{kind}");
        }
    }
}
