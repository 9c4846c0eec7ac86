//! Every closed field of every schema in the OpenAPI document lists its allowed values (issue 9):
//! a field named like a closed set (status, kind, method, role, ...) anywhere in the document must
//! carry an `enum`, itself or through the schema it refers to.

use crate::common;
use serde_json::Value;

/// Field names that always hold a value of a closed set.
const CLOSED: &[&str] = &[
    "status",
    "kind",
    "method",
    "role",
    "level",
    "position",
    "seat_kind",
    "recall_by",
    "subject",
    "majority",
    "quorum",
    "op",
    "recommendation",
    "follow_up",
    "quota_kind",
];

/// Fields of those names that are not closed sets: the record's `position` (a number) is skipped
/// by type; these hold words for people.
const FREE_TEXT: &[&str] = &["RecallResult.majority", "RecallResult.quorum"];

/// Whether `s` (a property's schema) lists its values, following `$ref`, `oneOf`, `allOf`,
/// `anyOf` and array `items`.
fn lists_values(doc: &Value, s: &Value, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    if s.get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| !e.is_empty())
    {
        return true;
    }
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/components/schemas/");
        return lists_values(doc, &doc["components"]["schemas"][name], depth + 1);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(parts) = s.get(key).and_then(Value::as_array) {
            let typed: Vec<&Value> = parts.iter().filter(|p| p["type"] != "null").collect();
            if !typed.is_empty() && typed.iter().all(|p| lists_values(doc, p, depth + 1)) {
                return true;
            }
        }
    }
    if let Some(items) = s.get("items") {
        return lists_values(doc, items, depth + 1);
    }
    false
}

#[tokio::test]
async fn every_closed_field_lists_its_values() {
    let db = common::sqlite().await;
    let server = common::TestServer::start(db.store.clone()).await;
    let (_, doc) = server.get_json(None, "/api/v1/openapi.json").await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut checked = 0;
    let mut open = Vec::new();
    for (name, schema) in schemas {
        let Some(props) = schema["properties"].as_object() else {
            continue;
        };
        for (field, s) in props {
            let numeric = matches!(s["type"].as_str(), Some("integer" | "number"));
            let free = FREE_TEXT.contains(&format!("{name}.{field}").as_str());
            if CLOSED.contains(&field.as_str()) && !numeric && !free {
                checked += 1;
                if !lists_values(&doc, s, 0) {
                    open.push(format!("{name}.{field}"));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} closed fields found");
    assert!(
        open.is_empty(),
        "closed fields without their values: {open:?}"
    );
    server.stop().await;
}
