//! Canonical JSON: the byte-exact text that is hashed.
//!
//! The rules (also in `ARCHITECTURE.md`):
//!
//! - object keys sorted by their UTF-8 bytes, at every depth (this equals Unicode code point
//!   order; it is *not* UTF-16 order);
//! - no insignificant white space: `{"a":1,"b":[true,null]}`;
//! - strings: `"` and `\` escaped as `\"` and `\\`; the control characters U+0000..U+001F
//!   escaped as `\b \f \n \r \t` where such a short form exists and otherwise as `\u00xx` with
//!   lower-case hex digits; nothing else is escaped (U+007F and all non-ASCII characters are
//!   written as raw UTF-8, `/` is not escaped);
//! - numbers: integers only, in plain decimal (`-7`, `0`, `18446744073709551615`); a
//!   floating-point number is an error ([`RecordError::FloatInPayload`]);
//! - `true`, `false`, `null` as such.
//!
//! This is exactly what Python's
//! `json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` prints for values
//! without floats, so an outside verifier can be a few lines of Python:
//!
//! ```text
//! import hashlib, json
//! for line in open("record.jsonl"):
//!     o = json.loads(line)
//!     if "checkpoint" in o: break
//!     h = o.pop("hash")
//!     c = json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
//!     assert hashlib.sha256(c.encode()).hexdigest() == h
//! ```
//!
//! The test vectors at the bottom of this file fix inputs to their canonical text and hash.

use crate::error::RecordError;
use serde_json::Value;
use std::fmt::Write as _;

/// Deepest nesting of arrays/objects accepted (the same limit `serde_json` applies on parse).
pub const MAX_DEPTH: usize = 128;

/// The canonical JSON text of `v`. Fails on floating-point numbers and on nesting deeper than
/// [`MAX_DEPTH`].
pub fn canonical_json(v: &Value) -> Result<String, RecordError> {
    let mut out = String::new();
    let mut path = String::new();
    write_value(&mut out, v, 0, &mut path)?;
    Ok(out)
}

/// Appends the canonical JSON string literal for `s` (with quotes) to `out`.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_value(
    out: &mut String,
    v: &Value,
    depth: usize,
    path: &mut String,
) -> Result<(), RecordError> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else {
                return Err(RecordError::FloatInPayload {
                    path: if path.is_empty() {
                        "/".to_string()
                    } else {
                        path.clone()
                    },
                });
            }
        }
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if depth >= MAX_DEPTH {
                return Err(RecordError::TooDeep { max: MAX_DEPTH });
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let len = path.len();
                let _ = write!(path, "/{i}");
                write_value(out, item, depth + 1, path)?;
                path.truncate(len);
            }
            out.push(']');
        }
        Value::Object(map) => {
            if depth >= MAX_DEPTH {
                return Err(RecordError::TooDeep { max: MAX_DEPTH });
            }
            // Sort explicitly: the map's own order depends on serde_json features
            // (`preserve_order`) enabled elsewhere in the build.
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                let len = path.len();
                path.push('/');
                path.push_str(&k.replace('~', "~0").replace('/', "~1"));
                if let Some(item) = map.get(k) {
                    write_value(out, item, depth + 1, path)?;
                }
                path.truncate(len);
            }
            out.push('}');
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Entry, GENESIS, NewAct};
    use serde_json::json;

    fn c(v: Value) -> String {
        canonical_json(&v).expect("canonical")
    }

    #[test]
    fn sorts_keys_by_utf8_bytes_at_every_depth() {
        assert_eq!(
            c(json!({"b": 1, "a": {"z": [3, {"y": 1, "x": 2}], "B": null}, "é": true, "Z": false})),
            r#"{"Z":false,"a":{"B":null,"z":[3,{"x":2,"y":1}]},"b":1,"é":true}"#
        );
        // U+FF21 (3 bytes in UTF-8) sorts after U+1F600 in UTF-16 order but before it in UTF-8.
        assert_eq!(
            c(json!({"\u{1F600}": 1, "\u{FF21}": 2})),
            "{\"\u{FF21}\":2,\"\u{1F600}\":1}"
        );
    }

    #[test]
    fn escapes_only_what_json_requires() {
        assert_eq!(
            c(json!("q\"b\\s/\u{0}\u{8}\u{c}\n\r\t\u{1f}\u{7f}ñ€😀")),
            "\"q\\\"b\\\\s/\\u0000\\b\\f\\n\\r\\t\\u001f\u{7f}ñ€😀\""
        );
    }

    #[test]
    fn integers_plain_and_floats_rejected() {
        assert_eq!(
            c(json!([0, -1, i64::MIN, u64::MAX])),
            "[0,-1,-9223372036854775808,18446744073709551615]"
        );
        assert_eq!(
            canonical_json(&json!({"a": [1, {"b": 1.5}]})),
            Err(RecordError::FloatInPayload {
                path: "/a/1/b".into()
            })
        );
        assert!(canonical_json(&json!(1.0)).is_err());
    }

    #[test]
    fn rejects_too_deep_nesting_without_overflowing() {
        let mut v = json!(1);
        for _ in 0..10_000 {
            v = Value::Array(vec![v]);
        }
        assert_eq!(
            canonical_json(&v),
            Err(RecordError::TooDeep { max: MAX_DEPTH })
        );
        // Dropping a deep Value recurses in serde_json; keep the test's own stack safe.
        std::mem::forget(v);
    }

    #[test]
    fn matches_serde_json_compact_output_for_sorted_maps() {
        let v = json!({"a": "x\u{1}y", "b": [1, -2, "é"], "c": {"d": null}});
        assert_eq!(c(v.clone()), serde_json::to_string(&v).expect("json"));
    }

    // ---- Test vectors: fixed input -> fixed canonical text -> fixed SHA-256. ----
    // Outside verifiers can check their implementation against these. Both hashes were also
    // computed independently with the Python one-liner in the module documentation.

    /// Vector 1: the first entry of a record.
    #[test]
    fn vector_genesis_entry() {
        let e = Entry::seal(
            1,
            "2026-01-01T00:00:00.000Z".into(),
            GENESIS.into(),
            NewAct {
                actor: None,
                kind: "instance.created".into(),
                scope: "instance".into(),
                payload: json!({"name": "Asamblea de prueba"}),
            },
        )
        .expect("seal");
        assert_eq!(
            e.canonical_text().expect("canonical"),
            r#"{"actor":null,"kind":"instance.created","payload":{"name":"Asamblea de prueba"},"position":1,"prev":"0000000000000000000000000000000000000000000000000000000000000000","recorded_at":"2026-01-01T00:00:00.000Z","scope":"instance"}"#
        );
        assert_eq!(e.hash, VECTOR_1_HASH);
    }

    /// Vector 2: the second entry, chained to vector 1, with escapes, non-ASCII and nesting.
    #[test]
    fn vector_second_entry() {
        let e = Entry::seal(
            2,
            "2026-01-01T00:00:01.250Z".into(),
            VECTOR_1_HASH.into(),
            NewAct {
                actor: Some("user:7".into()),
                kind: "organization.created".into(),
                scope: "organization:1".into(),
                payload: json!({
                    "name": "Sindicato \"Unidad\"\n",
                    "sectors": ["obrero", "campesino", "estudiantil"],
                    "seats": 12,
                    "meta": {"z": -3, "a": true, "ñ": null}
                }),
            },
        )
        .expect("seal");
        assert_eq!(
            e.canonical_text().expect("canonical"),
            format!(
                "{}{}{}",
                r#"{"actor":"user:7","kind":"organization.created","payload":{"meta":{"a":true,"z":-3,"ñ":null},"name":"Sindicato \"Unidad\"\n","seats":12,"sectors":["obrero","campesino","estudiantil"]},"position":2,"prev":""#,
                VECTOR_1_HASH,
                r#"","recorded_at":"2026-01-01T00:00:01.250Z","scope":"organization:1"}"#
            )
        );
        assert_eq!(e.hash, VECTOR_2_HASH);
    }

    const VECTOR_1_HASH: &str = "d16985489d616f0a9af8765905b854f3004bb1f250ce5c51c2a67d16a75c0247";
    const VECTOR_2_HASH: &str = "5fa7bcbd83ae751acdae30e01ef76fffb1605ff95b58cf3a21f27f8e7410f8d2";
}
