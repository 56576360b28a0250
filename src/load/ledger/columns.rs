//! Which column of a ledger holds what: the header row found among the first
//! rows (merged title rows above it are skipped), each header matched by
//! its Chinese name or a common synonym, or by the campaign's `columns:`
//! mapping, and the unit a money header carries (（万元）, （亿元）).

use indexmap::IndexMap;

use super::table::Cell;

/// A project field a ledger column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Id,
    Township,
    Industry,
    Investment,
    CompletedInvestment,
    Progress,
    Status,
    Started,
    ResponsibleUnit,
}

impl Field {
    /// The key used in a campaign's `columns:` mapping.
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Id => "id",
            Field::Township => "township",
            Field::Industry => "industry",
            Field::Investment => "investment",
            Field::CompletedInvestment => "completed_investment",
            Field::Progress => "progress",
            Field::Status => "status",
            Field::Started => "started",
            Field::ResponsibleUnit => "responsible_unit",
        }
    }

    pub const ALL: [Field; 10] = [
        Field::Name,
        Field::Id,
        Field::Township,
        Field::Industry,
        Field::Investment,
        Field::CompletedInvestment,
        Field::Progress,
        Field::Status,
        Field::Started,
        Field::ResponsibleUnit,
    ];
}

/// Header names clerks use, after the unit in brackets is taken off.
const SYNONYMS: &[(Field, &[&str])] = &[
    (Field::Name, &["项目名称", "名称", "项目"]),
    (Field::Id, &["项目编号", "编号", "项目代码"]),
    (Field::Township, &["所在乡镇", "乡镇", "乡镇街道", "乡镇（街道）", "所在地", "建设地点"]),
    (Field::Industry, &["行业", "产业", "行业类别", "产业类别", "所属行业"]),
    (Field::Investment, &["总投资", "计划总投资", "项目总投资"]),
    (Field::CompletedInvestment, &["完成投资", "累计完成投资", "已完成投资", "累计投资"]),
    (Field::Progress, &["形象进度", "进度", "完成进度", "工程进度"]),
    (Field::Status, &["状态", "建设状态", "项目状态"]),
    (Field::Started, &["开工时间", "开工日期", "开工年月"]),
    (Field::ResponsibleUnit, &["责任单位", "牵头单位", "责任部门", "牵头部门"]),
];

/// Headers a ledger often has that the content model does not hold:
/// recognised so the header row is found, not imported.
const KNOWN_OTHERS: &[&str] = &["序号", "建设单位", "备注"];

/// A money column's unit, as a factor to 亿元.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    pub name: &'static str,
    pub to_yi: f64,
}

/// The columns of a ledger: 0-based column index of each field.
#[derive(Debug, Clone)]
pub struct Columns {
    /// Index into the table's rows of the header row.
    pub header_row: usize,
    pub fields: Vec<(Field, usize, String)>,
    /// The unit of the investment column; `None` when its header names none.
    pub investment_unit: Option<Unit>,
    /// The unit of the completed-investment column (its own header's).
    pub completed_unit: Option<Unit>,
}

impl Columns {
    pub fn get(&self, f: Field) -> Option<(usize, &str)> {
        self.fields.iter().find(|(g, ..)| *g == f).map(|(_, i, h)| (*i, h.as_str()))
    }
}

/// The header without spaces and without a bracketed unit, and the unit.
fn split_header(h: &str) -> (String, Option<&'static str>) {
    let h: String = h.chars().filter(|c| !c.is_whitespace()).map(crate::text::to_halfwidth).collect();
    for unit in ["亿元", "万元", "元", "%"] {
        for (open, close) in [("(", ")"), ("（", "）")] {
            let b = format!("{open}{unit}{close}");
            if let Some(i) = h.find(&b) {
                let rest = format!("{}{}", &h[..i], &h[i + b.len()..]);
                return (rest, Some(unit));
            }
        }
    }
    (h, None)
}

fn unit(name: &str) -> Option<Unit> {
    Some(match name {
        "亿元" => Unit { name: "亿元", to_yi: 1.0 },
        "万元" => Unit { name: "万元", to_yi: 1e-4 },
        "元" => Unit { name: "元", to_yi: 1e-8 },
        _ => return None,
    })
}

/// The field a header names: by the campaign's mapping first, then by synonym.
fn field_of(header: &str, mapping: &IndexMap<String, String>) -> Option<Field> {
    let (bare, _) = split_header(header);
    if let Some(key) =
        mapping.iter().find(|(h, _)| h.trim() == header.trim() || split_header(h).0 == bare).map(|(_, k)| k)
    {
        return Field::ALL.into_iter().find(|f| f.key() == key.trim());
    }
    SYNONYMS.iter().find(|(_, names)| names.contains(&bare.as_str())).map(|(f, _)| *f)
}

/// Finds the header row among the first ten rows: the first with a name
/// column and at least one more recognised header.
pub fn find(rows: &[Vec<Cell>], mapping: &IndexMap<String, String>) -> Option<Columns> {
    for (r, row) in rows.iter().enumerate().take(10) {
        let mut fields: Vec<(Field, usize, String)> = Vec::new();
        let mut others = 0;
        for (c, cell) in row.iter().enumerate() {
            let h = cell.text();
            match field_of(&h, mapping) {
                Some(f) if !fields.iter().any(|(g, ..)| *g == f) => fields.push((f, c, h)),
                Some(_) => {}
                None if KNOWN_OTHERS.contains(&split_header(&h).0.as_str()) => others += 1,
                None => {}
            }
        }
        if fields.iter().any(|(f, ..)| *f == Field::Name) && fields.len() + others >= 2 {
            let unit_of = |want: Field| {
                fields.iter().find(|(f, ..)| *f == want).and_then(|(_, _, h)| split_header(h).1).and_then(unit)
            };
            let (investment_unit, completed_unit) = (unit_of(Field::Investment), unit_of(Field::CompletedInvestment));
            return Some(Columns { header_row: r, fields, investment_unit, completed_unit });
        }
    }
    None
}

/// The keys a `columns:` mapping may name.
pub fn field_keys() -> String {
    Field::ALL.iter().map(|f| f.key()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<Cell> {
        cells.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text(c.to_string()) }).collect()
    }

    #[test]
    fn header_found_under_a_title_row_with_units() {
        let rows = vec![
            row(&["东光县2021年重点项目台账", "", ""]),
            row(&["序号", "项目名称", "所在乡镇", "总投资（万元）", "形象进度（%）", "建设状态"]),
        ];
        let c = find(&rows, &IndexMap::new()).unwrap();
        assert_eq!(c.header_row, 1);
        assert_eq!(c.get(Field::Name).unwrap().0, 1);
        assert_eq!(c.get(Field::Progress).unwrap().0, 4);
        assert_eq!(c.investment_unit.unwrap().name, "万元");
        assert_eq!(c.get(Field::Status).unwrap().1, "建设状态");
    }

    #[test]
    fn a_campaign_mapping_names_other_headers() {
        let rows = vec![row(&["工程名", "进展情况"])];
        assert!(find(&rows, &IndexMap::new()).is_none());
        let mut m = IndexMap::new();
        m.insert("工程名".to_string(), "name".to_string());
        m.insert("进展情况".to_string(), "progress".to_string());
        let c = find(&rows, &m).unwrap();
        assert_eq!(c.get(Field::Progress).unwrap().0, 1);
    }
}
