//! The registry of diagnostic codes. Each code has a stable id (used in
//! `--format json`, GitHub annotations and `gongshi explain`), a severity and
//! a long explanation for editors, in Chinese.

use super::Severity;

macro_rules! codes {
    ($( $variant:ident = $id:literal, $severity:ident, $explanation:literal; )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable id, such as `GS103`.
            pub fn id(self) -> &'static str {
                match self { $( Code::$variant => $id, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// The long explanation printed by `gongshi explain`.
            pub fn explanation(self) -> &'static str {
                match self { $( Code::$variant => $explanation, )* }
            }
        }
    };
}

codes! {
    FileUnreadable = "GS001", Error,
        "文件无法读取。请确认文件存在、有读取权限，且不是损坏的链接。";
    NotUtf8 = "GS002", Error,
        "文件不是 UTF-8 编码。公告（.md）和配置（.toml）必须以 UTF-8 保存。用记事本“另存为”时选择 UTF-8 编码即可。";
    FileTooLarge = "GS003", Error,
        "文件太大，没有读取。公告、地区文件、数据文件和附件都不能超过 site/config.toml 中 max_file_size 的大小（默认 20 MB）。很大的文件请压缩或拆分；确实需要时，可以调大 max_file_size，例如 max_file_size = \"50 MB\"。";
    BadSymlink = "GS004", Error,
        "这是一个链接（快捷方式），但它指向站点文件夹以外的地方、指向它自己所在的文件夹（形成循环），或者指向的文件已不存在。为了不把站点以外的文件发布出去，生成器不跟随这样的链接。请把真正的文件复制到站点文件夹里，删掉这个链接。";
    LimitExceeded = "GS005", Error,
        "内容超出了生成器能安全处理的范围：正文中列表、引用或 HTML 标签嵌套超过 100 层，头信息中的括号嵌套过深，标题超过 500 个字，由文件名、文件夹名、slug 生成的网址段太长，或数据文件超过 1000 列、100 万个格子。这样的内容多半是复制粘贴出了错，请检查提示所指的那一行。";
    ConfigInvalid = "GS010", Error,
        "站点配置 site/config.toml 有误：语法错误、字段类型不对或取值不在允许范围内。消息中会指出具体的字段。";
    FrontMatterMissing = "GS101", Error,
        "每篇公告开头必须有“头信息”（front matter）：以 +++ 开始和结束的 TOML，或以 --- 开始和结束的 YAML，其中写明标题、类别和日期。可用 `gongshi new 类别 路径` 生成模板。";
    FrontMatterSyntax = "GS102", Error,
        "头信息的语法有误，无法读取。常见原因：字符串没有加引号、引号不成对、用了中文标点（如全角冒号“：”或全角等号）。";
    FieldMissing = "GS103", Error,
        "缺少必填字段。每篇公告必须有 title（标题）、kind（类别）和 date（发布日期）；选举类公告还必须有 election（所属选举）；更正公告必须有 supersedes（被更正的公告）。";
    FieldType = "GS104", Error,
        "字段的类型不对，例如标题应为文字、draft 应为 true 或 false、attachments 应为文件名列表。";
    UnknownKind = "GS105", Error,
        "公告类别（kind）不在已知类别中。可用的类别见 site/config.toml 的 [kinds] 与内置类别：announcement、election-notice、voter-list、candidate-list、result、discipline、finance、power-list、affairs、supervision、correction、news。";
    BadDate = "GS106", Error,
        "日期格式不对。请写成 YYYY-MM-DD，例如 2021-08-20，也可以在后面加时间，例如 2021-08-20 09:00。";
    UnknownField = "GS107", Warning,
        "头信息中有不认识的字段，它不会产生任何效果。请检查是否拼写错误（例如 tittle 应为 title）。";
    ElectionNotFound = "GS108", Error,
        "election 字段指向的选举在本村（社区）的 _region.toml 中不存在。请核对 [[elections]] 中的 id。";
    SupersedesNotFound = "GS109", Error,
        "supersedes 字段指向的公告不存在（或是草稿）。路径相对于 content/ 文件夹，例如 gulou/dongjie/2021-xuanju-gonggao.md。";
    AttachmentMissing = "GS110", Error,
        "attachments 中列出的附件文件不存在。附件必须放在公告文件旁边（同一文件夹或其子文件夹）。";
    DataFileMissing = "GS111", Error,
        "表格引用的数据文件（src）不存在。数据文件必须放在公告文件旁边。";
    UrlCollision = "GS112", Error,
        "两个页面会得到同一个网址，后一个会覆盖前一个。请修改其中一篇的文件名或在头信息中设置不同的 slug。";
    UnsafePath = "GS113", Error,
        "路径不安全：不能含有 ..、不能以 / 开头，也不能指向站点文件夹以外。附件、数据文件和 slug 都只能指向公告旁边的文件。";
    SlugEmpty = "GS114", Error,
        "无法从文件名（或 slug 字段）生成网址：其中没有汉字、字母或数字。请改用有意义的文件名，例如 2021-xuanju-gonggao.md。";
    BrokenLink = "GS115", Error,
        "正文中的链接或图片指向的页面、文件不存在。链接到另一篇公告时，直接写它的文件名即可，例如 [选举公告](2021-xuanju-gonggao.md)；链接到附件时，写附件的文件名，并确认它已写进 attachments。";
    BrokenAnchor = "GS116", Error,
        "链接中 # 后面的页内位置在目标页面上不存在。页内位置来自小标题：小标题改了名字，链接也要跟着改。";
    RegionInvalid = "GS201", Error,
        "_region.toml 有误：缺少 name、kind 取值不对、代码不是 12 位数字，或 [[elections]] 的字段有误。";
    DuplicateElection = "GS202", Error,
        "同一地区的两个选举使用了相同的 id。每个选举的 id 在本地区内必须唯一，例如 \"2021\" 和 \"2021-dangzhibu\"。";
    OrphanNotice = "GS203", Warning,
        "这篇公告所在的文件夹没有 _region.toml，因此不属于任何地区，不会发布。请把它移到村（社区）文件夹中，或为该文件夹添加 _region.toml。";
    HtmlRemoved = "GS301", Warning,
        "公告中的 HTML 含有不安全的内容（如脚本、事件属性、javascript: 链接），已被删除。请改用 Markdown 书写。";
    ShortcodeInvalid = "GS302", Error,
        "表格或图表的写法有误。正确写法：{{ table(src=\"文件名.csv\", caption=\"表格标题\") }}，独占一行。";
    DataFileInvalid = "GS303", Error,
        "数据文件无法读取为表格：编码不对、某一行的列数与表头不同，或文件为空。消息中会指出具体的行。";
    TotalMismatch = "GS304", Warning,
        "表格最后一行是“合计”，但其中的数字与上面各行相加的结果不同。页面上的合计行会显示相加的结果；请核对原始数据，改正合计或有误的行。";
    ResultsTableInvalid = "GS500", Error,
        "选举结果表（result 公告中的第一个表格）中有格子的内容与列的含义不符：得票应为整数，当选和一肩挑应为“是”或“否”，性别应为“男”或“女”，年龄应为整数，学历应为初中、高中、中专、大专、本科、硕士或博士。";
    VoterListLate = "GS501", Error,
        "选民名单公布得太晚。选民名单应当在选举日的若干天以前公布（默认至少 20 天，见 site/config.toml 的 [rules] voter_list_days）。请核对公告的发布日期（date）和 _region.toml 中的选举日（day）。";
    CandidateListLate = "GS502", Error,
        "正式候选人名单公布得太晚。候选人名单应当在选举日的若干天以前公布（默认至少 5 天，见 [rules] candidate_list_days）。请核对公告的发布日期和选举日。";
    ResultLate = "GS503", Error,
        "选举结果公布得太晚。选举结果应当在选举日后若干天内公布（默认当天或次日，即不超过 1 天，见 [rules] result_days）。";
    TurnoutTooLow = "GS504", Error,
        "参加投票的人数没有超过登记选民的半数，按法律规定选举无效。请核对 _region.toml 中的 registered（登记选民数）和 cast（投票人数）。";
    WinnerWithoutMajority = "GS505", Error,
        "有当选人的得票没有超过投票人数的半数。第一轮选举中，候选人获得参加投票的选民过半数的选票，始得当选（正好一半不算过半数）。请核对得票、当选和 _region.toml 中的 cast。";
    VotesExceedCast = "GS506", Error,
        "有候选人的得票超过了投票人数，这不可能。请核对得票和 _region.toml 中的 cast（投票人数）。";
    TooManyElected = "GS507", Error,
        "当选人数超过了应选名额（_region.toml 中的 seats）。请核对“当选”一列。";
    CommitteeSize = "GS508", Error,
        "委员会的职数不在法定范围内：村民委员会由主任、副主任和委员共 3 至 7 人组成，居民委员会一般为 5 至 9 人（见 [rules] 的 villagers_committee_size 和 residents_committee_size）。请核对 _region.toml 中的 seats。";
    NoWomanElected = "GS509", Error,
        "当选人中没有女性。村民委员会、居民委员会成员中应当有妇女成员。请核对结果表中的“性别”一列。";
    NotContested = "GS510", Error,
        "候选人人数没有多于应选名额。村（居）民委员会选举实行差额选举，候选人应多于应选人数。请核对候选人名单（公告中的第一个表格）和 _region.toml 中的 seats。";
    ElectionOutOfOrder = "GS511", Error,
        "同一次选举的公告发布顺序不对，例如选举结果早于候选人名单、候选人名单早于选民名单，或结果公告早于选举日。请核对各公告的发布日期（date）。";
    ValidUntilBeforeDate = "GS512", Error,
        "公示截止日期（valid_until）早于发布日期（date）。请核对这两个日期。";
    FewerElected = "GS513", Warning,
        "当选人数少于应选名额。这可能是合法的（需要另行选举补足），也可能是“当选”一列漏填。请核对。";
    LoserOutpolledWinner = "GS514", Warning,
        "同一职务中，有落选的候选人得票多于当选人。这在保证妇女名额等情况下是合法的，但也可能是数据填错了。请核对。";
    PiiFound = "GS601", Error,
        "公告标题、正文或表格中有未遮盖的个人信息：身份证号、手机号或银行卡号。公开的名单只能显示遮盖后的号码，例如 350102********1234、138****5678。村委会的办事电话等确需公开的号码，可以写进本公告头信息的 allow_pii 中；也可以在 site/config.toml 中设置 pii = \"mask\"，由生成器自动遮盖。";
    PiiMasked = "GS602", Warning,
        "个人信息（身份证号、手机号或银行卡号）已按 site/config.toml 中的 pii = \"mask\" 在发布时自动遮盖。网页上显示的是遮盖后的号码，但原始文件中仍是完整号码，建议在原文中直接遮盖。";
    TemplateError = "GS401", Error,
        "站点模板（site/templates/）有误，页面无法生成。消息中会指出模板名称和出错原因。";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.id()), "duplicate id {}", code.id());
            assert!(code.id().starts_with("GS") && code.id().len() == 5);
            assert!(!code.explanation().is_empty());
        }
    }
}
