//! Content bytes to text: UTF-8, or GBK where the site opts in; other
//! encodings editors save (UTF-16, CESU-8, Big5) are named in the error.

type DecodeError = (usize, String, String);

/// Content must be UTF-8. Word on Chinese Windows often saves GBK, which is
/// named as such (or decoded, when the site opts in with `decode_gbk: true`);
/// Notepad's "Unicode" (UTF-16) and Java's CESU-8 are named too, so the hint
/// fits. Only text that reads as GB2312-range GBK is decoded: GBK accepts
/// almost any byte pairs, so Big5 or Latin-1 would otherwise become mojibake.
pub(super) fn decode(bytes: Vec<u8>, decode_gbk: bool) -> Result<String, DecodeError> {
    // The ~90 MB of a 10,000-report site, checked by `simdutf8`.
    let bytes = match crate::text::string_from_utf8(bytes) {
        Ok(s) => return Ok(s),
        Err(e) => e.into_bytes(),
    };
    let valid_up_to = std::str::from_utf8(&bytes).err().map(|e| e.valid_up_to()).unwrap_or(0);
    let line = bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count() + 1;
    let save_utf8 = "save it as \"UTF-8\" in your editor (WPS/Word: 另存为 → 编码 UTF-8)";
    let fail = |line: usize, msg: &str, hint: &str| Err((line, msg.to_string(), hint.to_string()));
    if looks_utf16(&bytes) {
        return fail(0, "file is UTF-16 (Notepad's \"Unicode\"), not UTF-8", save_utf8);
    }
    if is_cesu8_at(&bytes, valid_up_to) {
        return fail(
            line,
            "file is CESU-8 (Java's modified UTF-8): a character beyond U+FFFF is written as two surrogate halves",
            "save it again as standard UTF-8; a Java tool that wrote it should use StandardCharsets.UTF_8",
        );
    }
    let (text, _, had_errors) = encoding_rs::GBK.decode(&bytes);
    let looks_gbk = !had_errors && mostly_gb2312(&bytes);
    if looks_gbk && decode_gbk {
        return Ok(text.into_owned());
    }
    if looks_gbk {
        fail(
            line,
            "file is not UTF-8; it looks like GBK (GB2312), as saved by Word or Notepad on Chinese Windows",
            "convert it with `iconv -f GBK -t UTF-8 FILE > FILE.new`, save it as \"UTF-8\" in your editor, or set `decode_gbk: true` in site.yaml",
        )
    } else {
        fail(line, "file is not UTF-8 text (nor GBK: perhaps Big5, Latin-1 or a binary file)", save_utf8)
    }
}

/// A UTF-16 byte order mark, or NUL bytes in every other place of the first
/// bytes (ASCII text in UTF-16).
fn looks_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(200) & !1];
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    head.len() >= 8 && (zeros(0) * 2 > head.len() / 2 || zeros(1) * 2 > head.len() / 2)
}

/// A surrogate half (ED A0..BF ..) where UTF-8 decoding stopped.
fn is_cesu8_at(bytes: &[u8], at: usize) -> bool {
    bytes.get(at) == Some(&0xED) && bytes.get(at + 1).is_some_and(|b| (0xA0..=0xBF).contains(b))
}

/// Most two-byte characters fall in GB2312's rows (lead and trail A1..FE);
/// text in another encoding read as GBK lands mostly in the GBK extension rows.
fn mostly_gb2312(bytes: &[u8]) -> bool {
    let (mut core, mut extension) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let trail = bytes.get(i + 1).copied().unwrap_or(0);
        if (0xA1..=0xF7).contains(&b) && (0xA1..=0xFE).contains(&trail) {
            core += 1;
        } else {
            extension += 1;
        }
        i += 2;
    }
    core > 0 && extension * 5 <= core
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn encodings_are_named_right() {
        let (gbk, _, _) = encoding_rs::GBK.encode("东光县第七轮百日攻坚，新开工项目77个。");
        assert_eq!(decode(gbk.to_vec(), true).unwrap(), "东光县第七轮百日攻坚，新开工项目77个。");
        assert!(decode(gbk.to_vec(), false).unwrap_err().1.contains("GBK"));
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("标题".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert!(decode(utf16, true).unwrap_err().1.contains("UTF-16"));
        // U+1F600 as two CESU-8 surrogate halves.
        let cesu = b"title: x\n\xED\xA0\xBD\xED\xB8\x80\n".to_vec();
        let e = decode(cesu, true).unwrap_err();
        assert!(e.1.contains("CESU-8") && e.0 == 2, "{e:?}");
        let (big5, _, _) = encoding_rs::BIG5.encode("東光縣第七輪百日攻堅，新開工項目七十七個。");
        let e = decode(big5.to_vec(), true).unwrap_err();
        assert!(!e.1.contains("looks like GBK"), "Big5 is not decoded as GBK: {e:?}");
    }
}
