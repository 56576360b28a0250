//! Messages about project ledgers (项目台账: xlsx, xls, ods, csv).

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ledger {
    Missing {
        file: String,
    },
    MissingHint,
    UsedBy {
        report: String,
    },
    NoHeader,
    NoHeaderHint {
        fields: String,
    },
    NoUnit {
        header: String,
    },
    NoUnitHint,
    /// A cell's problem, placed at its sheet, row and column.
    Cell {
        sheet: String,
        row: usize,
        header: String,
        problem: Box<Ledger>,
    },
    CellHint {
        hint: Box<Ledger>,
        used_by: Box<Ledger>,
    },
    NoName,
    NoNameHint,
    NotAmount {
        text: String,
    },
    NotAmountHint,
    PercentRange {
        value: String,
    },
    PercentRangeHint,
    NotPercent {
        text: String,
    },
    NotPercentHint,
    NotStatus {
        text: String,
    },
    NotStatusHint,
    NotDate {
        text: String,
    },
    NotDateHint,
    Differs {
        name: String,
    },
    NotLedger {
        ext: String,
    },
    CannotOpen {
        why: String,
    },
    NoSheet {
        sheet: String,
        sheets: String,
    },
    NoSheets,
    CannotReadSheet {
        sheet: String,
        why: String,
    },
    CannotRead {
        why: String,
    },
    CannotReadCsv {
        why: String,
    },
    CsvEncoding,
}

impl Message for Ledger {
    fn text(&self, lang: Lang) -> String {
        use Ledger::*;
        match self {
            Missing { file } => tr!(lang, "台账 {file} 不存在", "the ledger {file} does not exist"),
            MissingHint => tr!(lang, "路径相对于网站文件夹（如 data/台账.xlsx）或报道所在的文件夹", "the path is relative to the site folder (e.g. data/台账.xlsx) or to the report's own folder"),
            UsedBy { report } => tr!(lang, "由 {report} 的 `projects_file` 指定", "named by `projects_file` in {report}"),
            NoHeader => tr!(lang, "前10行中找不到含“项目名称”的表头行", "前10行中找不到含“项目名称”的表头行 (no header row with 项目名称 in the first 10 rows)"),
            NoHeaderHint { fields } => tr!(lang, "列名写成 项目名称、所在乡镇、总投资（万元）、形象进度、状态……，或在攻坚行动的 `columns:` 中对应你的列名（字段：{fields}）", "name the columns 项目名称, 所在乡镇, 总投资（万元）, 形象进度, 状态 …, or map yours in the campaign's `columns:` (fields: {fields})"),
            NoUnit { header } => tr!(lang, "“{header}”列没有写单位，按亿元读取", "“{header}”列没有写单位，按亿元读取"),
            NoUnitHint => tr!(lang, "在表头中写明单位：总投资（万元）或 总投资（亿元）", "write the unit in the header: 总投资（万元） or 总投资（亿元）"),
            Cell { sheet, row, header, problem } => {
                let p = problem.text(lang);
                let sheet = if sheet.is_empty() { String::new() } else { format!("工作表“{sheet}”") };
                tr!(lang, "{sheet}第{row}行“{header}”列：{p}", "{sheet}第{row}行“{header}”列：{p}")
            }
            CellHint { hint, used_by } => {
                let (h, u) = (hint.text(lang), used_by.text(lang));
                tr!(lang, "{h}（{u}）", "{h} ({u})")
            }
            NoName => tr!(lang, "没有项目名称", "没有项目名称"),
            NoNameHint => tr!(lang, "填写项目名称，或删除这一行", "fill in the project's name, or delete the row"),
            NotAmount { text } => tr!(lang, "“{text}”不是金额", "“{text}”不是金额"),
            NotAmountHint => tr!(lang, "填写数字，如 12000", "write a number, e.g. 12000"),
            PercentRange { value } => tr!(lang, "{value}% 超出 0–100%", "{value}% 超出 0–100%"),
            PercentRangeHint => tr!(lang, "形象进度在 0 到 100% 之间", "a progress is 0 to 100 percent"),
            NotPercent { text } => tr!(lang, "“{text}”不是百分比", "“{text}”不是百分比"),
            NotPercentHint => tr!(lang, "写成 45%、45 或 0.45", "write 45%, 45 or 0.45"),
            NotStatus { text } => tr!(lang, "“{text}”不是项目状态", "“{text}”不是项目状态"),
            NotStatusHint => tr!(lang, "用 谋划/前期、在建/新开工、竣工 或 投产", "use 谋划/前期, 在建/新开工, 竣工 or 投产"),
            NotDate { text } => tr!(lang, "“{text}”不是日期", "“{text}”不是日期"),
            NotDateHint => tr!(lang, "写成 2021-03 或 2021-03-15", "write 2021-03 or 2021-03-15"),
            Differs { name } => tr!(lang, "“{name}”在文件头和台账中都有，数字不同；采用文件头中的", "“{name}” is in both front-matter and the ledger with different figures; front-matter is used"),
            NotLedger { ext } => tr!(lang, "不是台账文件：.{ext}（请用 xlsx、xls、ods 或 csv）", "not a ledger file: .{ext} (use xlsx, xls, ods or csv)"),
            CannotOpen { why } => tr!(lang, "无法打开工作簿：{why}", "cannot open the workbook: {why}"),
            NoSheet { sheet, sheets } => tr!(lang, "没有名为“{sheet}”的工作表；已有的工作表：{sheets}", "no sheet named “{sheet}”; the sheets are: {sheets}"),
            NoSheets => tr!(lang, "工作簿中没有工作表", "the workbook has no sheets"),
            CannotReadSheet { sheet, why } => tr!(lang, "无法读取工作表“{sheet}”：{why}", "cannot read sheet “{sheet}”: {why}"),
            CannotRead { why } => tr!(lang, "无法读取：{why}", "cannot read: {why}"),
            CannotReadCsv { why } => tr!(lang, "无法读取 CSV：{why}", "cannot read the CSV: {why}"),
            CsvEncoding => tr!(lang, "这个 CSV 既不是 UTF-8 也不是 GBK 编码；请另存为“CSV UTF-8”", "the CSV is neither UTF-8 nor GBK; save it again as “CSV UTF-8”"),
        }
    }
}

catalogue!(Ledger);

#[cfg(test)]
impl Ledger {
    pub(crate) fn samples() -> Vec<Ledger> {
        use Ledger::*;
        let s = || "值".to_string();
        vec![
            Missing { file: s() },
            MissingHint,
            UsedBy { report: s() },
            NoHeader,
            NoHeaderHint { fields: s() },
            NoUnit { header: s() },
            NoUnitHint,
            Cell { sheet: s(), row: 1, header: s(), problem: Box::new(NoName) },
            CellHint { hint: Box::new(NoNameHint), used_by: Box::new(UsedBy { report: s() }) },
            NoName,
            NoNameHint,
            NotAmount { text: s() },
            NotAmountHint,
            PercentRange { value: s() },
            PercentRangeHint,
            NotPercent { text: s() },
            NotPercentHint,
            NotStatus { text: s() },
            NotStatusHint,
            NotDate { text: s() },
            NotDateHint,
            Differs { name: s() },
            NotLedger { ext: s() },
            CannotOpen { why: s() },
            NoSheet { sheet: s(), sheets: s() },
            NoSheets,
            CannotReadSheet { sheet: s(), why: s() },
            CannotRead { why: s() },
            CannotReadCsv { why: s() },
            CsvEncoding,
        ]
    }
}
