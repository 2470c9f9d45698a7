//! Columns: a table header's text → the role of that column (序号 → serial, 责任单位 → departments …).
//!
//! Tables are always mapped by header names, never by position. The vocabulary below is of how plan
//! tables name their columns in general, not of any one document.

use crate::text::{FirstChars, fold, fold_chars, simplified};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Serial,
    Goal,
    TaskLayer,
    Target,
    Attribute,
    SupportDepartments,
    Departments,
    Unit,
    ProjectName,
    IndicatorName,
    Name,
    Category,
    Content,
    Location,
    Period,
    Investment,
    Note,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Serial => "serial",
            Role::Goal => "goal",
            Role::TaskLayer => "task",
            Role::Target => "target",
            Role::Attribute => "attribute",
            Role::SupportDepartments => "support_departments",
            Role::Departments => "departments",
            Role::Unit => "unit",
            Role::ProjectName => "project_name",
            Role::IndicatorName => "indicator_name",
            Role::Name => "name",
            Role::Category => "category",
            Role::Content => "content",
            Role::Location => "location",
            Role::Period => "period",
            Role::Investment => "investment",
            Role::Note => "note",
        }
    }
}

/// The column names, in order of precedence: the first rule whose `has` word occurs in the folded header,
/// or whose `is` word equals it, gives the role ("指标目标值" is a target, "指标名称" an indicator name).
struct RoleRule {
    role: Role,
    has: &'static [&'static str],
    is: &'static [&'static str],
}

const fn rule(role: Role, has: &'static [&'static str], is: &'static [&'static str]) -> RoleRule {
    RoleRule { role, has, is }
}

const RULES: &[RoleRule] = &[
    rule(Role::Serial, &["序号", "编号"], &["序", "No.", "NO."]),
    rule(Role::Goal, &["目标层", "一级指标", "领域"], &[]),
    rule(Role::TaskLayer, &["任务层", "二级指标"], &["任务", "重点任务"]),
    rule(Role::Target, &["目标", "指标值", "预期值"], &[]),
    rule(Role::Attribute, &["属性"], &[]),
    rule(Role::SupportDepartments, &["配合", "协办", "参与"], &[]),
    rule(Role::Departments, &["责任", "牵头", "主责", "负责", "主办"], &["部门", "单位名称"]),
    rule(Role::Unit, &[], &["单位", "计量单位"]),
    rule(Role::ProjectName, &["工程名称", "项目名称", "工程项目", "建设项目"], &[]),
    rule(Role::IndicatorName, &["指标名称", "指标层", "评估指标", "具体指标", "三级指标"], &["指标", "指标项"]),
    rule(Role::Name, &[], &["名称"]),
    rule(Role::Category, &["类别", "类型", "分类"], &[]),
    rule(Role::Content, &["内容", "规模"], &[]),
    rule(Role::Location, &["地点", "位置", "地址", "区域", "范围"], &["地区"]),
    rule(Role::Period, &["年限", "期限", "时限", "起止", "时间", "周期", "进度"], &[]),
    rule(Role::Investment, &["投资", "资金", "金额", "概算", "投入"], &[]),
    rule(Role::Note, &["备注", "说明"], &[]),
];

/// Every `has` word by its first character, indexed by its rule: a header looks up only the words that begin
/// with one of its characters.
static BY_FIRST: std::sync::LazyLock<FirstChars> = std::sync::LazyLock::new(|| {
    FirstChars::new(RULES.iter().enumerate().flat_map(|(i, r)| r.has.iter().map(move |w| (i, *w))))
});

/// The role a header cell names, or `None` when it is not a known column name.
pub fn role_of(header: &str) -> Option<Role> {
    // At most 16 folded characters (建设规模及主要建设内容 has 11): fold into a stack buffer instead of a new
    // String, in one pass that refuses longer texts (most cells are data, longer than any column name) at their
    // 17th character; Traditional characters are read as Simplified (序號 is 序号). Where each
    // character starts is kept: only the words beginning with a header's characters are compared, at those
    // places (a scan of every word with `contains` cost 2,000 instructions per header). The plain form — fold,
    // then the first rule one of whose words the header holds — costs 3.6% more instructions over the
    // 1,000-notice archive: kept for the budget of the whole round (bench/README.md, "Scanners kept").
    // A text of more than 64 bytes (beyond 16 characters of three bytes, with room for some spaces) is data.
    if header.len() > 64 {
        return None;
    }
    let mut buf = [0u8; 64];
    let mut len = 0;
    let mut at = [(0usize, '\0'); 16];
    let mut n = 0;
    for c in fold_chars(header).map(simplified) {
        let slot = at.get_mut(n)?;
        *slot = (len, c);
        n += 1;
        let room = buf.get_mut(len..len + c.len_utf8())?;
        len += c.encode_utf8(room).len();
    }
    let h = std::str::from_utf8(&buf[..len]).ok()?;
    if h.is_empty() {
        return None;
    }
    let mut best = RULES.len();
    for &(offset, c) in &at[..n] {
        for (rule, word) in BY_FIRST.starting_with(c) {
            if rule < best && h[offset..].starts_with(word) {
                best = rule;
            }
        }
    }
    let first_is = RULES[..best].iter().position(|r| r.is.contains(&h));
    RULES.get(first_is.unwrap_or(best)).map(|r| r.role)
}

/// The unit a header names in brackets: "总投资（万元）" → "万元".
pub fn header_unit(header: &str) -> Option<String> {
    let f = fold(header);
    let open = f.find('(')?;
    let close = f[open..].find(')')? + open;
    let inner = f[open + 1..close].trim();
    if inner.is_empty() { None } else { Some(inner.to_string()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicator_headers() {
        assert_eq!(role_of("目标层"), Some(Role::Goal));
        assert_eq!(role_of("任务层"), Some(Role::TaskLayer));
        assert_eq!(role_of("指标层"), Some(Role::IndicatorName));
        assert_eq!(role_of("指标"), Some(Role::IndicatorName));
        assert_eq!(role_of("指标 目标值"), Some(Role::Target));
        assert_eq!(role_of("指标目标值"), Some(Role::Target));
        assert_eq!(role_of("责任部门"), Some(Role::Departments));
        assert_eq!(role_of("序号"), Some(Role::Serial));
        assert_eq!(role_of("领域"), Some(Role::Goal));
        assert_eq!(role_of("任务"), Some(Role::TaskLayer));
        assert_eq!(role_of("指标名称"), Some(Role::IndicatorName));
        assert_eq!(role_of("单位"), Some(Role::Unit));
        assert_eq!(role_of("指标值"), Some(Role::Target));
        assert_eq!(role_of("2022年目标"), Some(Role::Target));
        assert_eq!(role_of("指标属性"), Some(Role::Attribute));
        assert_eq!(role_of("责任单位"), Some(Role::Departments));
        assert_eq!(role_of("配合单位"), Some(Role::SupportDepartments));
    }

    #[test]
    fn project_headers() {
        assert_eq!(role_of("类别"), Some(Role::Category));
        assert_eq!(role_of("工程名称"), Some(Role::ProjectName));
        assert_eq!(role_of("项目名称"), Some(Role::ProjectName));
        assert_eq!(role_of("工程内容"), Some(Role::Content));
        assert_eq!(role_of("建设内容"), Some(Role::Content));
        assert_eq!(role_of("实施地点"), Some(Role::Location));
        assert_eq!(role_of("建设地点"), Some(Role::Location));
        assert_eq!(role_of("实施年限"), Some(Role::Period));
        assert_eq!(role_of("建设年限"), Some(Role::Period));
        assert_eq!(role_of("总投资（万元）"), Some(Role::Investment));
        assert_eq!(header_unit("总投资（万元）").as_deref(), Some("万元"));
    }

    /// The if-chain `role_of` was, kept as the oracle of the rule table.
    fn role_by_chain(header: &str) -> Option<Role> {
        // At most 10 folded characters: fold into a stack buffer instead of a new String, in one pass that refuses
        // longer texts (most cells are data, longer than any column name) at their 11th character. The characters
        // are kept too: a name can only hold a keyword that begins with one of them, a test of a few compares that
        // spares most substring searches (whose set-up costs more than this whole name).
        let mut buf = [0u8; 64];
        let mut len = 0;
        let mut chars = ['\0'; 16];
        let mut n = 0;
        for c in fold_chars(header).map(simplified) {
            let slot = chars.get_mut(n)?;
            *slot = c;
            n += 1;
            let room = buf.get_mut(len..len + c.len_utf8())?;
            len += c.encode_utf8(room).len();
        }
        let chars = &chars[..n];
        let h = std::str::from_utf8(&buf[..len]).ok()?;
        if h.is_empty() {
            return None;
        }
        let has = |words: &[&str]| {
            words.iter().any(|w| w.chars().next().is_none_or(|first| chars.contains(&first)) && h.contains(w))
        };
        let is = |words: &[&str]| words.contains(&h);
        Some(if has(&["序号", "编号"]) || is(&["序", "No.", "NO."]) {
            Role::Serial
        } else if has(&["目标层", "一级指标", "领域"]) {
            Role::Goal
        } else if has(&["任务层", "二级指标"]) || is(&["任务", "重点任务"]) {
            Role::TaskLayer
        } else if has(&["目标", "指标值", "预期值"]) {
            Role::Target
        } else if has(&["属性"]) {
            Role::Attribute
        } else if has(&["配合", "协办", "参与"]) {
            Role::SupportDepartments
        } else if has(&["责任", "牵头", "主责", "负责", "主办"]) || is(&["部门", "单位名称"]) {
            Role::Departments
        } else if is(&["单位", "计量单位"]) {
            Role::Unit
        } else if has(&["工程名称", "项目名称", "工程项目", "建设项目"]) {
            Role::ProjectName
        } else if has(&["指标名称", "指标层", "评估指标", "具体指标", "三级指标"]) || is(&["指标", "指标项"])
        {
            Role::IndicatorName
        } else if is(&["名称"]) {
            Role::Name
        } else if has(&["类别", "类型", "分类"]) {
            Role::Category
        } else if has(&["内容", "规模"]) {
            Role::Content
        } else if has(&["地点", "位置", "地址", "区域", "范围"]) || is(&["地区"]) {
            Role::Location
        } else if has(&["年限", "期限", "时限", "起止", "时间", "周期", "进度"]) {
            Role::Period
        } else if has(&["投资", "资金", "金额", "概算", "投入"]) {
            Role::Investment
        } else if has(&["备注", "说明"]) {
            Role::Note
        } else {
            return None;
        })
    }

    /// The rule table gives what the if-chain it replaced gave: for every pair of column words (and each word
    /// alone, with the text around it), and for the test names above.
    #[test]
    fn rule_table_as_the_chain() {
        let mut words: Vec<&str> = RULES.iter().flat_map(|r| r.has.iter().chain(r.is)).copied().collect();
        words.extend(["总", "（万元）", "2022年", " ", "实施", "指", "标", "ｎｏ．", "No", "一二三四五六七八"]);
        for s in crate::text::concatenations(&words, 2, |_| true) {
            assert_eq!(role_of(&s), role_by_chain(&s), "{s:?}");
        }
    }

    #[test]
    fn traditional_and_long_headers() {
        assert_eq!(role_of("序號"), Some(Role::Serial));
        assert_eq!(role_of("項目名稱"), Some(Role::ProjectName));
        assert_eq!(role_of("總投資（萬元）"), Some(Role::Investment));
        assert_eq!(role_of("建設起止年限"), Some(Role::Period));
        assert_eq!(role_of("責任單位"), Some(Role::Departments));
        assert_eq!(role_of("建设规模及主要建设内容"), Some(Role::Content));
        assert_eq!(role_of("项目投入（万元）"), Some(Role::Investment));
        assert_eq!(role_of("地区"), Some(Role::Location));
    }

    #[test]
    fn data_is_not_a_header() {
        assert_eq!(role_of("构筑绿水青山"), None);
        assert_eq!(role_of("1"), None);
        assert_eq!(role_of("区生态环境局"), None);
        assert_eq!(role_of("环境空气质量优良天数比例"), None);
        assert_eq!(role_of(""), None);
        // Sixteen folded characters are looked at, seventeen are not.
        assert_eq!(role_of("一二三四五六七八九十一二三四序号"), Some(Role::Serial));
        assert_eq!(role_of("一二三四五六七八九十一二三四五序号"), None);
        assert_eq!(role_of("ＮＯ．"), Some(Role::Serial));
    }
}
