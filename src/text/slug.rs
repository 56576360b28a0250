//! URL slugs: the `a-z0-9-` names of pages, projects, counties, tags and
//! series. Chinese becomes pinyin, Latin letters lose their diacritics, and a
//! slug too long for a file name is cut with a hash of the whole name, so two
//! long names that share a beginning still get two URLs.

use pinyin::ToPinyin;

use super::to_halfwidth;

/// Longest slug kept whole. File systems allow 255 bytes per name; a
/// 60-character Chinese project name makes a ~300-byte slug.
pub const MAX_SLUG_BYTES: usize = 80;

/// URL slug holding only `a-z`, `0-9` and `-`.
///
/// Chinese characters become toneless pinyin syllables (first reading), each
/// its own dash-separated part; ASCII words stay together and are lowercased,
/// Latin letters with diacritics keep their base letter (`café` → `cafe`);
/// any run of other characters becomes a single `-`. Leading and trailing
/// dashes are trimmed, so the result may be empty and the caller decides what
/// to do. `东光县` → `dong-guang-xian`, `R7 攻坚` → `r7-gong-jian`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    // A separator is only written once the next word arrives, which both
    // collapses runs and trims the end.
    let mut pending_dash = false;
    for c in s.chars().map(to_halfwidth) {
        if let Some(latin) = ascii_letters(c) {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push_str(latin);
        } else if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else if let Some(py) = c.to_pinyin() {
            if !out.is_empty() {
                out.push('-');
            }
            push_pinyin(&mut out, py.plain());
            pending_dash = true;
        } else {
            pending_dash = true;
        }
    }
    shorten(out)
}

/// Whether `slugify(s)` is not empty, told without making it (a build
/// checks every report's tags and project names): any character that
/// writes something decides.
pub fn has_slug(s: &str) -> bool {
    s.chars().map(to_halfwidth).any(|c| {
        ascii_letters(c).is_some()
            || c.is_ascii_alphanumeric()
            || c.to_pinyin().is_some_and(|py| py.plain().chars().any(|p| pinyin_letter(p).is_some()))
    })
}

/// A pinyin syllable's letters (`pinyin_letter`) appended to `out`; a
/// syllable of plain letters, as every one is, is copied whole.
fn push_pinyin(out: &mut String, syllable: &str) {
    match syllable.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        true => out.push_str(syllable),
        false => out.extend(syllable.chars().filter_map(pinyin_letter)),
    }
}

/// What a letter of a pinyin syllable writes into a slug. (`plain` is
/// ASCII in current data; ü is mapped defensively so the slug alphabet
/// promise holds.)
fn pinyin_letter(p: char) -> Option<char> {
    match p {
        'a'..='z' | '0'..='9' => Some(p),
        'ü' => Some('v'),
        _ => None,
    }
}

/// `slug` cut to at most `MAX_SLUG_BYTES`: whole parts up to 70 bytes, then
/// `-` and 8 hex digits of the whole slug's FNV-1a hash (the same on every
/// machine, so URLs stay put between builds).
pub fn shorten(slug: String) -> String {
    if slug.len() <= MAX_SLUG_BYTES {
        return slug;
    }
    let hash = slug.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let mut cut = &slug[..70];
    if let Some(i) = cut.rfind('-') {
        if i > 0 {
            cut = &cut[..i];
        }
    }
    format!("{}-{:08x}", cut.trim_end_matches('-'), hash as u32)
}

/// Lowercase ASCII for a Latin letter with a diacritic (Latin-1 and
/// Latin Extended-A), `None` for anything else.
fn ascii_letters(c: char) -> Option<&'static str> {
    // Only letters of U+00C0..=U+017F lowercase to one of those below, and
    // a few signs (Å, ẞ): ASCII, Han characters (nearly every one slugged)
    // and CJK punctuation are not looked up in the case tables.
    if !('À'..'\u{2E80}').contains(&c) {
        return None;
    }
    base_letters(c.to_lowercase().next().unwrap_or(c))
}

/// `ascii_letters` of a lowercase letter.
fn base_letters(lower: char) -> Option<&'static str> {
    Some(match lower {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ascii_letters` without its shortcut past the case tables, as the reference.
    fn ascii_letters_by_case(c: char) -> Option<&'static str> {
        base_letters(c.to_lowercase().next().unwrap_or(c))
    }

    #[test]
    fn ascii_letters_skips_only_characters_without_a_latin_base() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(ascii_letters(c), ascii_letters_by_case(c), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn slugify_examples() {
        assert_eq!(slugify("东光县"), "dong-guang-xian");
        assert_eq!(slugify("磁县经济开发区"), "ci-xian-jing-ji-kai-fa-qu");
        assert_eq!(slugify("R7 攻坚"), "r7-gong-jian");
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  --a__b--  "), "a-b");
        assert_eq!(slugify("２０２１年Ｑ３"), "2021-nian-q3");
        assert_eq!(slugify("项目ABC123"), "xiang-mu-abc123");
        assert_eq!(slugify("绿化"), "lv-hua");
        assert_eq!(slugify("，。！"), "");
        assert_eq!(slugify(""), "");
        let s = slugify("Ünïcode 测试 — ok");
        assert!(s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"));
    }

    #[test]
    fn has_slug_tells_whether_slugify_writes_anything() {
        let names = ["东光县", "，。！", "", "  -- ", "Ａ", "２", "ß", "— ok", "〇", "·", "😀", "é", "ǖ", "\u{3007}项"];
        for name in names {
            assert_eq!(has_slug(name), !slugify(name).is_empty(), "{name:?}");
        }
    }

    #[test]
    fn latin_letters_keep_their_base_letter() {
        assert_eq!(slugify("café"), "cafe");
        assert_eq!(slugify("Ünïcode Straße"), "unicode-strasse");
        assert_eq!(slugify("Łódź 项目"), "lodz-xiang-mu");
    }

    #[test]
    fn long_names_are_cut_with_a_hash_of_the_whole() {
        let name = "东光县经济开发区年产十万吨高端装备制造及配套产业园基础设施建设".repeat(2);
        let a = slugify(&name);
        let b = slugify(&format!("{name}二期"));
        assert!(a.len() <= MAX_SLUG_BYTES && b.len() <= MAX_SLUG_BYTES, "{a} {b}");
        assert_ne!(a, b);
        assert!(a.starts_with("dong-guang-xian-jing-ji"));
        assert!(a.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'));
        assert_eq!(a, slugify(&name), "the same name, the same slug");
        assert_eq!(slugify("短名"), "duan-ming");
    }
}
