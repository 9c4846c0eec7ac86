//! The OpenAPI document of the registry, accounts, session, assemblies and record: every closed
//! field lists its values, and every answer has a schema.

use crate::common;
use serde_json::Value;

/// The schema `name.field`, following a `$ref` (or the `$ref` inside a nullable `oneOf`).
fn field<'a>(doc: &'a Value, name: &str, field: &str) -> &'a Value {
    let schemas = &doc["components"]["schemas"];
    let mut s = &schemas[name]["properties"][field];
    if let Some(one_of) = s["oneOf"].as_array() {
        s = one_of.iter().find(|x| x["type"] != "null").unwrap();
    }
    match s["$ref"].as_str() {
        Some(r) => &schemas[r.trim_start_matches("#/components/schemas/")],
        None => s,
    }
}

#[tokio::test]
async fn closed_fields_list_their_values_and_answers_are_typed() {
    let db = common::sqlite().await;
    let server = common::TestServer::start(db.store.clone()).await;
    let (_, doc) = server.get_json(None, "/api/v1/openapi.json").await;
    for (schema, name, values) in [
        (
            "Organization",
            "kind",
            &["confederation", "federation", "union", "party", "other"][..],
        ),
        ("OrganizationInput", "kind", &["union"][..]),
        ("OrganizationPatch", "kind", &["union"][..]),
        (
            "AssemblySummary",
            "level",
            &["national", "departmental"][..],
        ),
        ("NewAssembly", "level", &["national", "departmental"][..]),
        ("SeatPlan", "level", &["departmental"][..]),
        (
            "SeatPlan",
            "method",
            &["dhondt", "sainte-lague", "hare", "adams"][..],
        ),
        (
            "SeatPlanInput",
            "method",
            &["dhondt", "huntington-hill"][..],
        ),
        ("SeatReport", "method", &["dhondt"][..]),
        ("Account", "role", &["admin", "secretary", "delegate"][..]),
        (
            "NewAccount",
            "role",
            &["admin", "secretary", "delegate"][..],
        ),
    ] {
        let listed: Vec<&str> = field(&doc, schema, name)["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{schema}.{name} lists no values"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for v in values {
            assert!(listed.contains(v), "{schema}.{name}: {v} not in {listed:?}");
        }
    }
    // Ids are integers.
    assert_eq!(field(&doc, "Organization", "id")["type"], "integer");
    assert_eq!(field(&doc, "Member", "organization_id")["type"], "integer");
    // Every answer of these areas has a schema (no bare `Object`).
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let tags: Vec<&str> = op["tags"]
                .as_array()
                .map(|t| t.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let ours = ["registry", "accounts", "session", "assemblies", "record"];
            if !tags.iter().any(|t| ours.contains(t)) {
                continue;
            }
            for (code, answer) in op["responses"].as_object().unwrap() {
                for (_, content) in answer["content"].as_object().into_iter().flatten() {
                    let s = &content["schema"];
                    let bare = s["type"] == "object" && s.get("properties").is_none();
                    assert!(!bare, "{method} {path} {code} answers a bare object");
                }
            }
        }
    }
    server.stop().await;
}
