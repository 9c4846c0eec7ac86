//! Motion texts as numbered paragraphs, and the merge of adopted amendments (pure functions).
//!
//! A text's paragraphs are separated by blank lines and numbered from 1. An amendment replaces
//! paragraph `n`, deletes it, or inserts its text after paragraph `n` (0 = at the start). Numbers
//! always refer to the paragraphs of the text being amended as proposed, so amendments adopted in
//! any order apply without renumbering; when two adopted amendments replace or delete the same
//! paragraph, the one adopted later wins. An amendment may itself be amended: its own adopted
//! amendments are merged into its text before it is applied. Only amendments that reach the
//! motion (directly, or through adopted amendments) are merged.
//!
//! An amendment is known by an id of the caller's choosing (`Id`): the rules only compare it.

/// What an amendment does to its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Replace,
    Insert,
    Delete,
}

/// An amendment as the merge needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment<Id> {
    pub id: Id,
    /// The amendment this one amends; `None` when it amends the motion itself.
    pub parent: Option<Id>,
    pub op: Op,
    pub paragraph: usize,
    pub text: String,
    pub adopted: bool,
    /// Order of adoption (later wins on the same paragraph).
    pub seq: i64,
}

/// The paragraphs of a text: separated by blank lines, trimmed, empty ones dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    let norm = text.replace("\r\n", "\n");
    norm.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether `op` on paragraph `n` fits a text of `len` paragraphs.
pub fn fits(op: Op, n: usize, len: usize) -> bool {
    match op {
        Op::Insert => n <= len,
        Op::Replace | Op::Delete => n >= 1 && n <= len,
    }
}

/// Applies `(op, paragraph, new paragraphs)` edits, in order, to `base`.
pub fn apply(base: &[String], edits: &[(Op, usize, Vec<String>)]) -> Vec<String> {
    let len = base.len();
    let mut content: Vec<Option<Vec<String>>> =
        base.iter().map(|p| Some(vec![p.clone()])).collect();
    let mut inserted: Vec<Vec<String>> = vec![Vec::new(); len + 1];
    for (op, n, text) in edits {
        if !fits(*op, *n, len) {
            continue;
        }
        match op {
            Op::Replace => content[n - 1] = Some(text.clone()),
            Op::Delete => content[n - 1] = None,
            Op::Insert => inserted[*n].extend(text.iter().cloned()),
        }
    }
    let mut out = inserted[0].clone();
    for i in 0..len {
        if let Some(ps) = &content[i] {
            out.extend(ps.iter().cloned());
        }
        out.extend(inserted[i + 1].iter().cloned());
    }
    out
}

/// The text of `body` with the adopted amendments among `all` whose parent is `parent` merged
/// (recursively: amendments to amendments first).
fn merged<Id: Copy + PartialEq>(
    body: &str,
    parent: Option<Id>,
    all: &[Amendment<Id>],
    depth: usize,
) -> Vec<String> {
    let mut children: Vec<&Amendment<Id>> = all
        .iter()
        .filter(|a| a.adopted && a.parent == parent)
        .collect();
    children.sort_by_key(|a| a.seq);
    let edits: Vec<(Op, usize, Vec<String>)> = children
        .iter()
        .map(|a| {
            let text = if depth < 16 {
                merged(&a.text, Some(a.id), all, depth + 1)
            } else {
                paragraphs(&a.text)
            };
            (a.op, a.paragraph, text)
        })
        .collect();
    apply(&paragraphs(body), &edits)
}

/// The final text of a motion: its body with its adopted amendments (and theirs) merged.
pub fn final_text<Id: Copy + PartialEq>(body: &str, amendments: &[Amendment<Id>]) -> String {
    merged(body, None, amendments, 0).join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(id: i64, parent: Option<i64>, op: Op, n: usize, text: &str, seq: i64) -> Amendment<i64> {
        Amendment {
            id,
            parent,
            op,
            paragraph: n,
            text: text.into(),
            adopted: true,
            seq,
        }
    }

    const BODY: &str = "Uno.\n\nDos.\r\n\r\nTres.\n\n\n";

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(paragraphs(BODY), ["Uno.", "Dos.", "Tres."]);
        assert!(paragraphs("  \n\n ").is_empty());
    }

    #[test]
    fn replace_insert_delete_keep_the_original_numbers() {
        let am = [
            a(1, None, Op::Delete, 1, "", 1),
            a(2, None, Op::Insert, 1, "Uno bis.", 2),
            a(3, None, Op::Replace, 3, "Tres nuevo.\n\nTres y medio.", 3),
            a(4, None, Op::Insert, 0, "Cero.", 4),
        ];
        assert_eq!(
            final_text(BODY, &am),
            "Cero.\n\nUno bis.\n\nDos.\n\nTres nuevo.\n\nTres y medio."
        );
    }

    #[test]
    fn rejected_amendments_are_left_out_and_later_wins() {
        let mut r = a(1, None, Op::Replace, 2, "Rechazada.", 1);
        r.adopted = false;
        let am = [
            r,
            a(2, None, Op::Replace, 2, "Primera.", 2),
            a(3, None, Op::Replace, 2, "Segunda.", 3),
        ];
        assert_eq!(final_text(BODY, &am), "Uno.\n\nSegunda.\n\nTres.");
    }

    #[test]
    fn amendments_to_amendments_merge_first() {
        let am = [
            a(1, None, Op::Replace, 2, "Dos A.\n\nDos B.", 2),
            a(2, Some(1), Op::Replace, 2, "Dos B enmendado.", 1),
            a(3, Some(1), Op::Insert, 0, "Antes de A.", 3),
        ];
        assert_eq!(
            final_text(BODY, &am),
            "Uno.\n\nAntes de A.\n\nDos A.\n\nDos B enmendado.\n\nTres."
        );
    }

    #[test]
    fn amendments_that_do_not_reach_the_motion_are_left_out() {
        // 2 amends 9, which is not among them (rejected, or of another motion).
        let am = [
            a(1, None, Op::Replace, 1, "Uno A.", 1),
            a(2, Some(9), Op::Replace, 1, "Nunca.", 2),
        ];
        assert_eq!(final_text(BODY, &am), "Uno A.\n\nDos.\n\nTres.");
    }

    #[test]
    fn out_of_range_edits_are_ignored() {
        let am = [
            a(1, None, Op::Replace, 9, "X", 1),
            a(2, None, Op::Delete, 0, "", 2),
        ];
        assert_eq!(final_text(BODY, &am), "Uno.\n\nDos.\n\nTres.");
        assert!(fits(Op::Insert, 3, 3) && !fits(Op::Replace, 0, 3));
    }
}
