//! Numbers in the text that look like a campaign's declared metrics
//! (新开工项目77个 for 新开工项目 in 个), offered to the editor as a comment
//! in the front-matter. Nothing is filled in: a number in a sentence may
//! be last year's, a plan or another county's.

/// A campaign metric as declared (key, label, unit).
#[derive(Debug, Clone)]
pub struct Declared {
    pub key: String,
    pub label: String,
    pub unit: String,
}

/// One match: the metric's key, the number, and the words it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub key: String,
    pub value: String,
    pub quote: String,
}

/// Words that may stand between a label and its number.
const LINKING: [char; 10] = ['达', '为', '共', '计', '约', '是', '了', '到', '：', ':'];

/// Every `<label>[达为共…]<number><unit>` in `text`, in order, without repeats.
pub fn suggest(text: &str, metrics: &[Declared]) -> Vec<Suggestion> {
    let mut out: Vec<(usize, Suggestion)> = Vec::new();
    for m in metrics.iter().filter(|m| !m.label.trim().is_empty()) {
        for (at, _) in text.match_indices(m.label.as_str()) {
            let after = &text[at + m.label.len()..];
            let linking: usize = after.chars().take(3).take_while(|c| LINKING.contains(c)).map(char::len_utf8).sum();
            let rest = &after[linking..];
            let len = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').count();
            let number = rest[..len].trim_end_matches('.');
            if number.is_empty() || number.parse::<f64>().is_err() || !rest[number.len()..].starts_with(m.unit.as_str())
            {
                continue;
            }
            let end = at + m.label.len() + linking + number.len() + m.unit.len();
            let s = Suggestion { key: m.key.clone(), value: number.to_string(), quote: text[at..end].to_string() };
            if !out.iter().any(|(_, o)| o.key == s.key && o.value == s.value) {
                out.push((at, s));
            }
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_next_to_declared_labels() {
        let m = |k: &str, l: &str, u: &str| Declared { key: k.into(), label: l.into(), unit: u.into() };
        let ms = [m("new_projects", "新开工项目", "个"), m("total_investment", "总投资", "亿元")];
        let s = suggest("全县新开工项目430个，总投资371.3亿元；新开工项目77个，总投资93亿元，总投资额巨大", &ms);
        let got: Vec<(&str, &str)> = s.iter().map(|s| (s.key.as_str(), s.value.as_str())).collect();
        assert_eq!(
            got,
            [
                ("new_projects", "430"),
                ("total_investment", "371.3"),
                ("new_projects", "77"),
                ("total_investment", "93")
            ]
        );
        assert!(suggest("新开工项目很多", &ms).is_empty());
    }
}
