use super::*;
use crate::load::{CampaignMeta, PageMeta, SectionMeta, CAMPAIGN_FIELDS, PAGE_FIELDS, SECTION_FIELDS};

const DOCS: &str = "docs/content-model.md";

/// The docs' YAML block for each kind, after its marker line.
const BLOCKS: [(&str, &[Field]); 3] =
    [("report", PAGE_FIELDS), ("campaign", CAMPAIGN_FIELDS), ("section", SECTION_FIELDS)];

fn marker(kind: &str) -> String {
    format!("<!-- fields of a {kind}: generated from src/load/meta.rs -->\n```yaml\n")
}

/// The docs with every marked block replaced by the one the schema makes.
fn regenerated(doc: &str) -> String {
    let mut out = doc.to_string();
    for (kind, fields) in BLOCKS {
        let m = marker(kind);
        let start = out.find(&m).unwrap_or_else(|| panic!("{DOCS} has no marker for the {kind} block")) + m.len();
        let end = start + out[start..].find("```\n").expect("the block is closed");
        out.replace_range(start..end, &reference_yaml(fields));
    }
    out
}

#[test]
fn the_content_model_lists_the_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DOCS);
    let doc = std::fs::read_to_string(&path).unwrap().replace("\r\n", "\n");
    let want = regenerated(&doc);
    if want != doc && std::env::var_os("GONGJIAN_WRITE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    assert!(
        want == doc,
        "{DOCS} differs from the front-matter schema in src/load/meta.rs; \
         run `GONGJIAN_WRITE_DOCS=1 cargo test --lib schema` to write it"
    );
}

/// Every example of a table, read back through serde, lands in a field.
fn reads_back<T: serde::de::DeserializeOwned>(fields: &[Field], unknown: fn(&T) -> &UnknownKeys) {
    let yaml = reference_yaml(fields);
    let meta: T = serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    assert_eq!(unknown(&meta).0, Vec::<String>::new(), "keys of the table serde does not know:\n{yaml}");
}

#[test]
fn every_example_is_read_by_its_field() {
    reads_back::<PageMeta>(PAGE_FIELDS, |m| &m.unknown);
    reads_back::<CampaignMeta>(CAMPAIGN_FIELDS, |m| &m.unknown);
    reads_back::<SectionMeta>(SECTION_FIELDS, |m| &m.unknown);
}

#[test]
fn unknown_keys_are_collected_in_file_order() {
    let m: PageMeta = serde_yaml::from_str("tittle: a\ntitle: b\n1: x\ndraft: true\ntittle: c\n").unwrap();
    assert_eq!(m.title.as_deref(), Some("b"));
    assert!(m.draft);
    assert_eq!(m.unknown.0, ["tittle", "1", "tittle"]);
}

#[test]
fn a_campaign_has_no_slug() {
    let m: CampaignMeta = serde_yaml::from_str("title: a\nslug: b\n").unwrap();
    assert_eq!(m.unknown.0, ["slug"], "the id is the file stem; a slug would be ignored silently");
}
