//! Who may call what: every route of the web crate (pages and `/api/v1`, every method), tried by
//! every role, against the expected class of answer written down in one table (`rows` below).
//!
//! One world is built once (the demo assembly, two organizations A and B with members, accounts
//! for every role, delegates, elections, sessions, items, speakers, motions, votes and a
//! resolution); then every cell is tried with the roles' reused login sessions, and every
//! mismatch is collected into one failure message. GET answers that a role without access to an
//! organization's members may read must not carry members' phone numbers or e-mail addresses,
//! voting codes or card codes; a closed secret vote must not pair a voter with a choice.
//!
//! `every_route_is_in_the_matrix` reads the web crate's source, collects every registered route
//! (`.route("…", get(…).post(…))`, API routes under `/api/v1`) and fails naming each one that has
//! no row here (and each row whose route no longer exists): a new route breaks this test until
//! someone decides who may call it.
//!
//! Runs on SQLite and, when `ASAMBLEA_TEST_POSTGRES` is set, on PostgreSQL.

use std::collections::BTreeSet;

use crate::common::{self, Body, SLUG, TestServer, on_both_backends, request};
use asamblea_app::Actor;
use asamblea_app::actions::accounts::ensure_setup_token::ensure_setup_token;
use asamblea_app::actions::delegates::check_in::check_in;
use asamblea_app::actions::delegates::register_delegate::{NewDelegate, register_delegate};
use asamblea_app::demo::load_demo::load_demo;
use asamblea_app::domain::{AssemblyId, DelegateId, MemberId, OrganizationId, SeatKind};
use asamblea_store::testing::TestDb;
use asamblea_store::{on_read, on_tx};
use reqwest::Client;
use serde_json::{Value, json};

/// The address of the voter's WebAssembly: its SHA-256's first 16 hex digits (web/src/encrypt.rs).
fn wasm_path() -> String {
    use sha2::{Digest, Sha256};
    let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/static/ballot.wasm")).unwrap();
    format!(
        "/static/ballot/{}.wasm",
        &hex::encode(Sha256::digest(&wasm))[..16]
    )
}

/// A voting or card code that no one holds.
const BOGUS_CODE: &str = "ZZZZ-ZZZZ-ZZZZ";
/// A one-time code of the hall's device that no vote made.
const HALL_CODE: &str = "ZZZZ-ZZZZ-ZZZZ-ZZZZ";

// ---------------------------------------------------------------------------------------------
// Roles (the columns of the table)
// ---------------------------------------------------------------------------------------------

/// The columns, in the order the table lists them and the cells run.
///
/// | column | who |
/// | --- | --- |
/// | `anon` | no session |
/// | `obs` | a logged-in account with no office, organization or delegation (an observer) |
/// | `secA` | the secretary of organization A; rows target A, so this is "acting on their own" |
/// | `secB` | the secretary of organization B acting on A's things ("acting on another org") |
/// | `voter` | a member of A with no account, holding a one-time voting code (`$CODE` in a body) |
/// | `cred` | the credentials commission of the assembly |
/// | `dSelf` | the accredited, present delegate the row targets (their speaker entry, motion, card...) |
/// | `dOth` | another accredited, present delegate (of B) acting on dSelf's things |
/// | `chair` | the presidium of the assembly |
/// | `tell` | a teller of the assembly |
/// | `admin` | an administrator |
const ROLES: [&str; 11] = [
    "anon", "obs", "secA", "secB", "voter", "cred", "dSelf", "dOth", "chair", "tell", "admin",
];
const VOTER: usize = 4;

// ---------------------------------------------------------------------------------------------
// Classes of answer (the cells of the table)
// ---------------------------------------------------------------------------------------------

/// `P` public: allowed to everyone on purpose (same answers as `A`).
/// `A` allowed: 2xx, a 3xx that is not to `/login`, or a refusal *after* the permission check
///     (400, 409, 422: invalid, stale or conflicting input).
/// `L` login required: 401, or a redirect to `/login`.
/// `C` a wrong credential in the request (card, voting or set-up code): 401, for everyone.
/// `F` forbidden: 403.
/// `H` hidden: 404 (the product does not say whether the thing exists).
/// `G` gone: 404 for a set-up link that was used (for everyone).
/// `V` refused as invalid input (422) where the product documents it so (voting for another).
fn class_ok(class: char, status: u16, location: &str) -> bool {
    let to_login = (300..400).contains(&status) && location.starts_with("/login");
    match class {
        'P' | 'A' => {
            ((200..400).contains(&status) && !to_login) || matches!(status, 400 | 409 | 422)
        }
        'L' => status == 401 || to_login,
        'C' => status == 401,
        'F' => status == 403,
        'H' | 'G' => status == 404,
        'V' => status == 422,
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

struct Row {
    method: &'static str,
    /// The route as registered (`{param}` as in the router).
    route: &'static str,
    /// The concrete path tried. `$M` and `$N` are replaced per role by a member of A of that
    /// role's own (so that a removal by one allowed role does not hide the answer for the next).
    path: String,
    body: Body,
    /// One class per column of [`ROLES`], separated by spaces.
    expect: &'static str,
    /// Log the role in anew before the request (the request ends its session).
    fresh: bool,
}

/// The ids the rows point at.
#[derive(Default, Clone)]
struct Ids {
    a: i64,
    b: i64,
    /// An organization with no delegates (revocation target).
    c: i64,
    assembly: i64,
    /// A member of A with contacts (not a delegate).
    member_a: i64,
    /// The member behind the delegate `dSelf`.
    member_self: i64,
    /// A member of B.
    member_b: i64,
    /// An account with no role, for cards and secretaries.
    spare_account: i64,
    /// A second secretary of A, to be removed.
    spare_secretary: i64,
    observer_account: i64,
    /// A's election: a draft with candidates when the rows start; the rows nominate, start
    /// and close it (in that order), then read its ballot box.
    e_a: i64,
    /// B's first election, closed with a paper count.
    e_done: i64,
    /// B's election, in voting: the voter holds one of its codes.
    e_vote: i64,
    d_self: i64,
    d_other: i64,
    /// Elected, not yet decided by the commission.
    d_pending: i64,
    /// Accredited, for card and recall rows.
    d_card: i64,
    d_recall: i64,
    s_open: i64,
    s_closed: i64,
    item_open: i64,
    speaker_self: i64,
    motion_self: i64,
    vote_open: i64,
    vote_secret: i64,
    vote_roll_call: i64,
    resolution: i64,
    /// Two demands of A (ranked, then merged by the rows).
    demand_1: i64,
    demand_2: i64,
    /// A command by `resolution` whose one member is `dSelf`'s account (strikes, k = 1).
    command: i64,
    /// A call in effect, issued by the chair on `resolution` (no command): adherence rows.
    call_active: i64,
    /// A call prepared for `command`: the rows confirm (409: not armed), arm, escalate and lift it.
    call_prepared: i64,
    setup_token: String,
    /// dSelf's card code (for the door).
    self_card: String,
    /// The badge number of `dSelf`'s card (the door's).
    self_badge: String,
    /// A card code and password of a spare account (for the login rows).
    probe_card: String,
}

/// The secret election board the world opens (issue 14).
const BOARD: &str = "matrix-board";

fn board_draft(id: &str) -> Value {
    json!({"election_id": id, "title": "Congreso", "trustees": {"n": 3, "t": 2},
           "questions": [{"title": "Delegada", "choices": ["Ana", "Beto"], "method": {"kind": "choose_one"}}]})
}

fn j(v: Value) -> Body {
    Body::Json(v)
}

/// A form field's name made at run time (`r12`, `d12`: one per demand).
fn leak(name: String) -> &'static str {
    Box::leak(name.into_boxed_str())
}

fn f(fields: &[(&'static str, &str)]) -> Body {
    Body::Form(fields.iter().map(|(k, v)| (*k, v.to_string())).collect())
}

/// Every route, with the request tried and the expected class for each role.
///
/// Rows run in this order; rows that change state are arranged so that each allowed role still
/// reaches its own answer (e.g. the speaker's withdrawal runs after the speakers' move).
#[rustfmt::skip]
fn rows(i: &Ids) -> Vec<Row> {
    let (a, c, slug) = (i.a, i.c, SLUG);
    let n = Body::None;
    let r = |method: &'static str, route: &'static str, path: String, body: Body, expect: &'static str| Row {
        method, route, path, body, expect, fresh: false,
    };
    vec![
        //                                                                                                 anon obs secA secB voter cred dSelf dOth chair tell admin
        // ---- foundation: home, record, login, account, administration, static, health -------------
        r("GET",  "/", "/".into(), n,                                                                      "P P P P P P P P P P P"),
        r("GET",  "/record", "/record".into(), Body::None,                                                 "P P P P P P P P P P P"),
        r("GET",  "/record/checkpoint", "/record/checkpoint".into(), Body::None,                           "P P P P P P P P P P P"),
        r("GET",  "/record/how-to-verify", "/record/how-to-verify".into(), Body::None,                     "P P P P P P P P P P P"),
        r("GET",  "/assemblies/{slug}/seats", format!("/assemblies/{slug}/seats"), Body::None,             "P P P P P P P P P P P"),
        r("GET",  "/setup/{token}", format!("/setup/{}", i.setup_token), Body::None,                       "G G G G G G G G G G G"),
        r("POST", "/setup/{token}", format!("/setup/{}", i.setup_token),
          f(&[("username", "intruso"), ("display_name", "X"), ("password", "a long password")]),         "C C C C C C C C C C C"),
        r("GET",  "/login", "/login".into(), Body::None,                                                   "P P P P P P P P P P P"),
        r("POST", "/login/card", "/login/card".into(), f(&[("code", &i.probe_card)]),                      "P P P P P P P P P P P"),
        r("POST", "/login/password", "/login/password".into(),
          f(&[("username", "sonda"), ("password", "probe password 123")]),                                "P P P P P P P P P P P"),
        r("GET",  "/account", "/account".into(), Body::None,                                               "L A A A L A A A A A A"),
        r("GET",  "/now", "/now".into(), Body::None,                                                       "L A A A L A A A A A A"),
        r("POST", "/account/password", "/account/password".into(),
          f(&[("password", "a long password"), ("confirmation", "another one!")]),                         "L A A A L A A A A A A"),
        r("GET",  "/admin/accounts", "/admin/accounts".into(), Body::None,                                 "L F F F L F F F F F A"),
        r("POST", "/admin/accounts", "/admin/accounts".into(),
          f(&[("username", "x"), ("display_name", "X"), ("role", "delegate")]),                           "L F F F L F F F F F A"),
        r("POST", "/admin/accounts/{id}/card", format!("/admin/accounts/{}/card", i.spare_account), f(&[("pickup", "ZZZZ-ZZZZ")]), "L F F F L F F F F F A"),
        r("GET",  "/lang/{code}", "/lang/en?back=/".into(), Body::None,                                    "P P P P P P P P P P P"),
        r("GET",  "/events", "/events?after=0".into(), Body::None,                                         "P P P P P P P P P P P"),
        r("GET",  "/static/style.css", "/static/style.css".into(), Body::None,                             "P P P P P P P P P P P"),
        r("GET",  "/static/live.js", "/static/live.js".into(), Body::None,                                 "P P P P P P P P P P P"),
        r("GET",  "/static/encrypt.js", "/static/encrypt.js".into(), Body::None,                           "P P P P P P P P P P P"),
        r("GET",  "/static/ballot/{file}", wasm_path(), Body::None,                                        "P P P P P P P P P P P"),
        r("GET",  "/healthz", "/healthz".into(), Body::None,                                               "P P P P P P P P P P P"),
        r("GET",  "/metrics", "/metrics".into(), Body::None,                                               "P P P P P P P P P P P"),
        // ---- API: foundation -----------------------------------------------------------------------
        r("GET",  "/api/v1/openapi.json", "/api/v1/openapi.json".into(), Body::None,                       "P P P P P P P P P P P"),
        r("GET",  "/api/v1/assemblies", "/api/v1/assemblies".into(), Body::None,                           "P P P P P P P P P P P"),
        r("GET",  "/api/v1/assemblies/{slug}/seats", format!("/api/v1/assemblies/{slug}/seats"), Body::None, "P P P P P P P P P P P"),
        r("GET",  "/api/v1/record", "/api/v1/record?after=0&limit=1000".into(), Body::None,               "P P P P P P P P P P P"),
        r("GET",  "/api/v1/record/head", "/api/v1/record/head".into(), Body::None,                         "P P P P P P P P P P P"),
        r("GET",  "/api/v1/record/checkpoint", "/api/v1/record/checkpoint".into(), Body::None,             "P P P P P P P P P P P"),
        r("GET",  "/api/v1/record/key", "/api/v1/record/key".into(), Body::None,                           "P P P P P P P P P P P"),
        r("GET",  "/api/v1/record/log/checkpoint", "/api/v1/record/log/checkpoint".into(), Body::None,       "P P P P P P P P P P P"),
        r("GET",  "/api/v1/record/log/tile/{*path}", "/api/v1/record/log/tile/0/000.p/1".into(), Body::None, "P P P P P P P P P P P"),
        r("GET",  "/api/v1/record/proof/inclusion", "/api/v1/record/proof/inclusion?position=1&size=1".into(), Body::None, "P P P P P P P P P P P"),
        r("GET",  "/api/v1/record/proof/consistency", "/api/v1/record/proof/consistency?old=1&size=1".into(), Body::None, "P P P P P P P P P P P"),
        // Witnesses of the record (issue 11, task 11). No witness cosigned yet: `cosigned` is 404.
        r("GET",  "/api/v1/record/witnesses", "/api/v1/record/witnesses".into(), Body::None,               "P P P P P P P P P P P"),
        r("POST", "/api/v1/record/witnesses", "/api/v1/record/witnesses".into(), j(json!({"vkey": "not+a+key"})), "L F F F L F F F F F A"),
        r("DELETE", "/api/v1/record/witnesses/{name}", "/api/v1/record/witnesses/nadie.example%2F1".into(), Body::None, "L F F F L F F F F F H"),
        r("GET",  "/admin/witnesses", "/admin/witnesses".into(), Body::None,                               "L F F F L F F F F F A"),
        r("POST", "/admin/witnesses", "/admin/witnesses".into(), f(&[("vkey", "not+a+key"), ("url", "")]), "L F F F L F F F F F A"),
        r("POST", "/admin/witnesses/remove", "/admin/witnesses/remove".into(), f(&[("name", "nadie.example/1")]), "L F F F L F F F F F H"),
        r("POST", "/api/v1/record/cosignatures", "/api/v1/record/cosignatures".into(), j(json!("not a note")), "P P P P P P P P P P P"),
        r("GET",  "/api/v1/record/cosigned", "/api/v1/record/cosigned".into(), Body::None,                 "H H H H H H H H H H H"),
        r("POST", "/api/v1/setup", "/api/v1/setup".into(),
          j(json!({"token": i.setup_token, "username": "intruso", "display_name": "X", "password": "a long password"})),
                                                                                                           "C C C C C C C C C C C"),
        r("POST", "/api/v1/session", "/api/v1/session".into(), j(json!({"card_code": i.probe_card})),      "P P P P P P P P P P P"),
        r("GET",  "/api/v1/me", "/api/v1/me".into(), Body::None,                                           "L A A A L A A A A A A"),
        r("POST", "/api/v1/me/password", "/api/v1/me/password".into(),
          j(json!({"password": "a long password", "confirmation": "another one!"})),                      "L A A A L A A A A A A"),
        r("GET",  "/api/v1/accounts", "/api/v1/accounts".into(), Body::None,                               "L F F F L F F F F F A"),
        r("POST", "/api/v1/accounts", "/api/v1/accounts".into(),
          j(json!({"username": "x", "display_name": "X", "role": "delegate"})),                          "L F F F L F F F F F A"),
        r("POST", "/api/v1/accounts/{id}/card", format!("/api/v1/accounts/{}/card", i.spare_account), j(json!({"pickup": "ZZZZ-ZZZZ"})), "L F F F L F F F F F A"),
        // ---- registry: pages -----------------------------------------------------------------------
        r("GET",  "/organizations", "/organizations".into(), Body::None,                                   "P P P P P P P P P P P"),
        r("GET",  "/organizations.csv", "/organizations.csv".into(), Body::None,                           "P P P P P P P P P P P"),
        r("GET",  "/organizations/new", "/organizations/new".into(), Body::None,                           "L F F F L F F F F F A"),
        r("POST", "/organizations/new", "/organizations/new".into(),
          f(&[("name", ""), ("short_name", ""), ("kind", "union"), ("sector", "obrero"), ("department", ""),
              ("parent_id", ""), ("membership", "1"), ("term_from", ""), ("term_to", "")]),                "L F F F L F F F F F A"),
        r("GET",  "/organizations/import", "/organizations/import".into(), Body::None,                     "L F F F L F F F F F A"),
        r("POST", "/organizations/import", "/organizations/import".into(), f(&[("csv", "nonsense")]),      "L F F F L F F F F F A"),
        r("POST", "/organizations/import/confirm", "/organizations/import/confirm".into(),
          f(&[("csv", "nonsense"), ("digest", "0")]),                                                      "L F F F L F F F F F A"),
        r("GET",  "/organizations/{id}", format!("/organizations/{a}"), Body::None,                        "P P P P P P P P P P P"),
        r("GET",  "/organizations/{id}/edit", format!("/organizations/{a}/edit"), Body::None,              "L F A F L F F F F F A"),
        r("POST", "/organizations/{id}/edit", format!("/organizations/{a}/edit"),
          f(&[("name", "Federación Sindical de Trabajadores Petroleros de Bolivia"), ("short_name", "FSTPB"),
              ("kind", "federation"), ("sector", "obrero"), ("department", ""), ("parent_id", ""),
              ("membership", "-1"), ("term_from", ""), ("term_to", "")]),                                   "L F A F L F F F F F A"),
        r("POST", "/organizations/{id}/members", format!("/organizations/{a}/members"),
          f(&[("member_number", "N-1"), ("name", "Nueva"), ("phone", ""), ("email", "not-an-email")]),     "L F A F L F F F F F A"),
        r("GET",  "/organizations/{id}/members/{member}/edit", format!("/organizations/{a}/members/{}/edit", i.member_a), Body::None,
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/organizations/{id}/members/{member}/edit", format!("/organizations/{a}/members/{}/edit", i.member_a),
          f(&[("member_number", "A-1"), ("name", "Rosa"), ("phone", ""), ("email", "not-an-email")]),      "L F A F L F F F F F A"),
        r("POST", "/organizations/{id}/members/{member}/remove", format!("/organizations/{a}/members/$M/remove"), f(&[]),
                                                                                                           "L F A F L F F F F F A"),
        r("GET",  "/organizations/{id}/members.csv", format!("/organizations/{a}/members.csv"), Body::None, "L F A F L F F F F F A"),
        r("GET",  "/organizations/{id}/import", format!("/organizations/{a}/import"), Body::None,          "L F A F L F F F F F A"),
        r("POST", "/organizations/{id}/import", format!("/organizations/{a}/import"), f(&[("csv", "nonsense")]),
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/organizations/{id}/import/confirm", format!("/organizations/{a}/import/confirm"),
          f(&[("staged", "nonsense"), ("digest", "0")]),                                                   "L F A F L F F F F F A"),
        // A form that is not multipart: refused as unreadable (400) after the permission check.
        r("POST", "/organizations/{id}/import/upload", format!("/organizations/{a}/import/upload"),
          f(&[("file", "nonsense")]),                                                                      "L F A F L F F F F F A"),
        r("GET",  "/organizations/{id}/import/{token}", format!("/organizations/{a}/import/nonsense"), Body::None,
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/organizations/{id}/delegation", format!("/organizations/{a}/delegation"), f(&[("assembly", "no-such-assembly")]),
                                                                                                           "L F F F L F F F F F A"),
        r("POST", "/organizations/{id}/secretaries", format!("/organizations/{a}/secretaries"),
          f(&[("account_id", &i.spare_account.to_string())]),                                              "L F F F L F F F F F A"),
        r("POST", "/organizations/{id}/secretaries/{account}/remove", format!("/organizations/{a}/secretaries/{}/remove", i.spare_secretary), f(&[]),
                                                                                                           "L F F F L F F F F F A"),
        r("GET",  "/sectors", "/sectors".into(), Body::None,                                               "P P P P P P P P P P P"),
        r("POST", "/sectors", "/sectors".into(), f(&[("key", "Bad Key"), ("name", "X"), ("colour", "#123456")]),
                                                                                                           "L F F F L F F F F F A"),
        r("GET",  "/assemblies/new", "/assemblies/new".into(), Body::None,                                 "L F F F L F F F F F A"),
        r("POST", "/assemblies/new", "/assemblies/new".into(),
          f(&[("slug", "Bad Slug"), ("name", "X"), ("level", "national"), ("department", ""), ("parent", "")]),
                                                                                                           "L F F F L F F F F F A"),
        r("GET",  "/assemblies/{slug}/plan", format!("/assemblies/{slug}/plan"), Body::None,               "L F F F L F F F F F A"),
        r("POST", "/assemblies/{slug}/plan", format!("/assemblies/{slug}/plan"),
          f(&[("expected_version", "-1"), ("voting_seats", "100"), ("attached_seats", "0"), ("fraternal_seats", "0"),
              ("min_seats_per_organization", "0"), ("method", "dhondt")]),                                 "L F F F L F F F F F A"),
        r("POST", "/assemblies/{slug}/quorum-basis", format!("/assemblies/{slug}/quorum-basis"),
          f(&[("quorum_basis", "nonsense")]),                                                              "L F F F L F F F F F A"),
        r("POST", "/assemblies/{slug}/secret-ballots", format!("/assemblies/{slug}/secret-ballots"),
          f(&[("secret_ballots", "nonsense")]),                                                            "L F F F L F F F F F A"),
        r("POST", "/assemblies/{slug}/time-zone", format!("/assemblies/{slug}/time-zone"),
          f(&[("time_zone", "Nowhere/Else")]),                                                             "L F F F L F F F F F A"),
        // ---- registry: API -------------------------------------------------------------------------
        r("GET",  "/api/v1/organizations", "/api/v1/organizations".into(), Body::None,                     "P P P P P P P P P P P"),
        r("POST", "/api/v1/organizations", "/api/v1/organizations".into(),
          j(json!({"name": "", "short_name": "", "kind": "union", "sector": "obrero", "membership": 1})), "L F F F L F F F F F A"),
        r("POST", "/api/v1/organizations/import", "/api/v1/organizations/import?dry_run=true".into(), Body::None,
                                                                                                           "L F F F L F F F F F A"),
        r("GET",  "/api/v1/organizations/{id}", format!("/api/v1/organizations/{a}"), Body::None,          "P P P P P P P P P P P"),
        r("PATCH", "/api/v1/organizations/{id}", format!("/api/v1/organizations/{a}"), j(json!({"membership": -1})),
                                                                                                           "L F A F L F F F F F A"),
        r("GET",  "/api/v1/organizations/{id}/members", format!("/api/v1/organizations/{a}/members"), Body::None,
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/api/v1/organizations/{id}/members", format!("/api/v1/organizations/{a}/members"),
          j(json!({"member_number": "N-2", "name": "Nuevo", "email": "not-an-email"})),                    "L F A F L F F F F F A"),
        r("PUT",  "/api/v1/organizations/{id}/members/{member}", format!("/api/v1/organizations/{a}/members/{}", i.member_a),
          j(json!({"member_number": "A-1", "name": "Rosa", "email": "not-an-email"})),                     "L F A F L F F F F F A"),
        r("DELETE", "/api/v1/organizations/{id}/members/{member}", format!("/api/v1/organizations/{a}/members/$N"), Body::None,
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/api/v1/organizations/{id}/members/import", format!("/api/v1/organizations/{a}/members/import?dry_run=true"), Body::None,
                                                                                                           "L F A F L F F F F F A"),
        r("GET",  "/api/v1/organizations/{id}/members.csv", format!("/api/v1/organizations/{a}/members.csv"), Body::None,
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/api/v1/organizations/{id}/secretaries", format!("/api/v1/organizations/{a}/secretaries"),
          j(json!({"account_id": i.spare_account})),                                                        "L F F F L F F F F F A"),
        r("GET",  "/api/v1/sectors", "/api/v1/sectors".into(), Body::None,                                 "P P P P P P P P P P P"),
        r("POST", "/api/v1/sectors", "/api/v1/sectors".into(), j(json!({"key": "Bad Key", "name": "X", "colour": "#123456"})),
                                                                                                           "L F F F L F F F F F A"),
        r("POST", "/api/v1/assemblies", "/api/v1/assemblies".into(), j(json!({"slug": "Bad Slug", "name": "X", "level": "national"})),
                                                                                                           "L F F F L F F F F F A"),
        r("GET",  "/api/v1/assemblies/{slug}/plan", format!("/api/v1/assemblies/{slug}/plan"), Body::None, "P P P P P P P P P P P"),
        r("PUT",  "/api/v1/assemblies/{slug}/plan", format!("/api/v1/assemblies/{slug}/plan"),
          j(json!({"expected_version": -1, "voting_seats": 100, "attached_seats": 0, "fraternal_seats": 0,
                   "min_seats_per_organization": 0, "method": "dhondt", "shares": {}})),                  "L F F F L F F F F F A"),
        r("PUT",  "/api/v1/assemblies/{slug}/quorum-basis", format!("/api/v1/assemblies/{slug}/quorum-basis"),
          j(json!({"quorum_basis": "nonsense"})),                                                          "L F F F L F F F F F A"),
        r("PUT",  "/api/v1/assemblies/{slug}/secret-ballots", format!("/api/v1/assemblies/{slug}/secret-ballots"),
          j(json!({"secret_ballots": "nonsense"})),                                                        "L F F F L F F F F F A"),
        r("PUT",  "/api/v1/assemblies/{slug}/time-zone", format!("/api/v1/assemblies/{slug}/time-zone"),
          j(json!({"time_zone": "Nowhere/Else"})),                                                         "L F F F L F F F F F A"),
        // ---- delegates: pages ----------------------------------------------------------------------
        r("GET",  "/vote", "/vote".into(), Body::None,                                                     "P P P P P P P P P P P"),
        r("POST", "/vote", "/vote".into(), f(&[("code", "$CODE")]),                                        "C C C C A C C C C C C"),
        r("POST", "/vote/cast", "/vote/cast".into(), f(&[("code", "$CODE")]),                              "C C C C A C C C C C C"),
        r("GET",  "/assemblies/{slug}/elections", format!("/assemblies/{slug}/elections"), Body::None,     "P P P P P P P P P P P"),
        r("POST", "/assemblies/{slug}/elections", format!("/assemblies/{slug}/elections"),
          f(&[("organization_id", &a.to_string()), ("method", "bogus"), ("substitutes", "0")]),            "L F A F L F F F F F A"),
        r("POST", "/organizations/{id}/recall-method", format!("/organizations/{a}/recall-method"),
          f(&[("recall_by", "bogus"), ("back", "/")]),                                                     "L F A F L F F F F F A"),
        r("GET",  "/elections/{id}", format!("/elections/{}", i.e_vote), Body::None,                       "P P P P P P P P P P P"),
        r("POST", "/elections/{id}/candidates", format!("/elections/{}/candidates", i.e_a),
          f(&[("member_id", &i.member_self.to_string())]),                                                 "L F A F L F A F F F A"),
        r("POST", "/elections/{id}/paper-count", format!("/elections/{}/paper-count", i.e_a), f(&[]),  "L F A F L F F F F F A"),
        r("POST", "/elections/{id}/voting", format!("/elections/{}/voting", i.e_a), f(&[]),            "L F A F L F F F F F A"),
        r("POST", "/elections/{id}/close", format!("/elections/{}/close", i.e_a), f(&[]),              "L F A F L F F F F F A"),
        r("POST", "/elections/{id}/cancel", format!("/elections/{}/cancel", i.e_a), f(&[("reason", "")]), "L F A F L F F F F F A"),
        r("GET",  "/assemblies/{slug}/delegates", format!("/assemblies/{slug}/delegates"), Body::None,     "P P P P P P P P P P P"),
        r("POST", "/assemblies/{slug}/roles", format!("/assemblies/{slug}/roles"),
          f(&[("account_id", &i.observer_account.to_string()), ("role", "bogus")]),                        "L F F F L F F F F F A"),
        r("GET",  "/assemblies/{slug}/offices", format!("/assemblies/{slug}/offices"), Body::None,         "P P P P P P P P P P P"),
        r("POST", "/assemblies/{slug}/offices/remove", format!("/assemblies/{slug}/offices/remove"),
          f(&[("account_id", &i.observer_account.to_string()), ("role", "bogus")]),                        "L F F F L F F F F F A"),
        r("POST", "/assemblies/{slug}/revoke", format!("/assemblies/{slug}/revoke"),
          f(&[("organization_id", &c.to_string()), ("reference", "")]),                                     "L F F F L F F F A F A"),
        r("GET",  "/delegates/{id}", format!("/delegates/{}", i.d_self), Body::None,                       "P P P P P P P P P P P"),
        r("POST", "/delegates/{id}/reject", format!("/delegates/{}/reject", i.d_pending), f(&[("reason", "Acta ilegible")]),
                                                                                                           "L F F F L A F F F F F"),
        r("POST", "/delegates/{id}/accredit", format!("/delegates/{}/accredit", i.d_pending), f(&[("reason", "")]),
                                                                                                           "L F F F L A F F F F F"),
        r("POST", "/delegates/{id}/card", format!("/delegates/{}/card", i.d_card), f(&[("pickup", "ZZZZ-ZZZZ")]), "L F F F L A F F F F F"),
        r("POST", "/delegates/{id}/recall", format!("/delegates/{}/recall", i.d_recall), f(&[("reference", "")]),
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/delegates/{id}/recall-vote", format!("/delegates/{}/recall-vote", i.d_recall), f(&[]), "L F A F L F F F F F A"),
        r("GET",  "/assemblies/{slug}/door", format!("/assemblies/{slug}/door"), Body::None,               "L F F F L A F F F F A"),
        r("POST", "/assemblies/{slug}/door", format!("/assemblies/{slug}/door"), f(&[("badge", &i.self_badge)]),
                                                                                                           "L F F F L A F F F F A"),
        r("GET",  "/assemblies/{slug}/presence", format!("/assemblies/{slug}/presence"), Body::None,       "P P P P P P P P P P P"),
        // The door's seat form (dSelf is present: 409 after the permission check).
        r("POST", "/assemblies/{slug}/door/seat", format!("/assemblies/{slug}/door/seat"),
          f(&[("session_id", &i.s_open.to_string()), ("titular_id", &i.d_self.to_string())]),           "L F F F L A F F F F A"),
        // ---- delegates: API ------------------------------------------------------------------------
        r("POST", "/api/v1/elections", "/api/v1/elections".into(),
          j(json!({"assembly_id": i.assembly, "organization_id": a, "method": "bogus", "substitutes": 0})), "L F A F L F F F F F A"),
        r("GET",  "/api/v1/elections/{id}", format!("/api/v1/elections/{}", i.e_vote), Body::None,         "P P P P P P P P P P P"),
        r("POST", "/api/v1/elections/{id}/candidates", format!("/api/v1/elections/{}/candidates", i.e_a),
          j(json!({"member_id": i.member_self})),                                                           "L F A F L F A F F F A"),
        r("POST", "/api/v1/elections/{id}/paper-count", format!("/api/v1/elections/{}/paper-count", i.e_a),
          j(json!({"lines": []})),                                                                          "L F A F L F F F F F A"),
        r("POST", "/api/v1/elections/{id}/voting", format!("/api/v1/elections/{}/voting", i.e_a), j(json!({})),
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/api/v1/elections/{id}/close", format!("/api/v1/elections/{}/close", i.e_a), j(json!({})),
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/api/v1/elections/{id}/cancel", format!("/api/v1/elections/{}/cancel", i.e_a), j(json!({"reason": ""})),
                                                                                                           "L F A F L F F F F F A"),
        r("GET",  "/api/v1/elections/{id}/ballots", format!("/api/v1/elections/{}/ballots", i.e_done), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("POST", "/api/v1/vote", "/api/v1/vote".into(), j(json!({"code": "$CODE", "choices": []})),      "C C C C A C C C C C C"),
        r("GET",  "/api/v1/assemblies/{slug}/elections", format!("/api/v1/assemblies/{slug}/elections"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET",  "/api/v1/assemblies/{slug}/delegates", format!("/api/v1/assemblies/{slug}/delegates"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET",  "/api/v1/assemblies/{slug}/presence", format!("/api/v1/assemblies/{slug}/presence"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("POST", "/api/v1/assemblies/{slug}/check-in", format!("/api/v1/assemblies/{slug}/check-in"),
          j(json!({"badge": i.self_badge})),                                                                "L F F F L A F F F F A"),
        r("POST", "/api/v1/assemblies/{slug}/roles", format!("/api/v1/assemblies/{slug}/roles"),
          j(json!({"account_id": i.observer_account, "role": "bogus"})),                                   "L F F F L F F F F F A"),
        r("POST", "/api/v1/assemblies/{slug}/organizations/{org}/revoke", format!("/api/v1/assemblies/{slug}/organizations/{c}/revoke"),
          j(json!({"reference": ""})),                                                                      "L F F F L F F F A F A"),
        r("GET",  "/api/v1/delegates/{id}", format!("/api/v1/delegates/{}", i.d_self), Body::None,         "P P P P P P P P P P P"),
        r("POST", "/api/v1/delegates/{id}/reject", format!("/api/v1/delegates/{}/reject", i.d_pending), j(json!({"reason": "Acta ilegible"})),
                                                                                                           "L F F F L A F F F F F"),
        r("POST", "/api/v1/delegates/{id}/accredit", format!("/api/v1/delegates/{}/accredit", i.d_pending), j(json!({})),
                                                                                                           "L F F F L A F F F F F"),
        r("POST", "/api/v1/delegates/{id}/card", format!("/api/v1/delegates/{}/card", i.d_card), j(json!({"pickup": "ZZZZ-ZZZZ"})),
                                                                                                           "L F F F L A F F F F F"),
        r("POST", "/api/v1/delegates/{id}/recall", format!("/api/v1/delegates/{}/recall", i.d_recall), j(json!({"reference": ""})),
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/api/v1/delegates/{id}/recall-vote", format!("/api/v1/delegates/{}/recall-vote", i.d_recall), j(json!({})),
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/api/v1/organizations/{id}/recall-method", format!("/api/v1/organizations/{a}/recall-method"),
          j(json!({"recall_by": "bogus"})),                                                                 "L F A F L F F F F F A"),
        // ---- sessions: pages -----------------------------------------------------------------------
        r("GET",  "/assemblies/{slug}/sessions", format!("/assemblies/{slug}/sessions"), Body::None,       "P P P P P P P P P P P"),
        r("POST", "/assemblies/{slug}/sessions", format!("/assemblies/{slug}/sessions"), f(&[("title", "Sesión extra")]),
                                                                                                           "L F F F L F F F A F A"),
        r("GET",  "/assemblies/{slug}/now", format!("/assemblies/{slug}/now"), Body::None,                 "P P P P P P P P P P P"),
        r("GET",  "/assemblies/{slug}/projector", format!("/assemblies/{slug}/projector"), Body::None,     "P P P P P P P P P P P"),
        r("GET",  "/sessions/{id}", format!("/sessions/{}", i.s_open), Body::None,                         "P P P P P P P P P P P"),
        r("POST", "/sessions/{id}/open", format!("/sessions/{}/open", i.s_closed), f(&[("version", "-1")]), "L F F F L F F F A F A"),
        r("POST", "/sessions/{id}/close", format!("/sessions/{}/close", i.s_closed), f(&[("version", "-1")]), "L F F F L F F F A F A"),
        r("POST", "/sessions/{id}/items", format!("/sessions/{}/items", i.s_closed), f(&[("title", "Punto extra")]),
                                                                                                           "L F F F L F F F A F A"),
        r("GET",  "/sessions/{id}/minutes", format!("/sessions/{}/minutes", i.s_closed), Body::None,       "P P P P P P P P P P P"),
        r("GET",  "/sessions/{id}/minutes.pdf", format!("/sessions/{}/minutes.pdf", i.s_closed), Body::None, "P P P P P P P P P P P"),
        r("GET",  "/sessions/items/{id}", format!("/sessions/items/{}", i.item_open), Body::None,          "P P P P P P P P P P P"),
        r("POST", "/sessions/items/{id}/open", format!("/sessions/items/{}/open", i.item_open), f(&[("version", "-1")]),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/sessions/items/{id}/close", format!("/sessions/items/{}/close", i.item_open), f(&[("version", "-1")]),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/sessions/items/{id}/move", format!("/sessions/items/{}/move", i.item_open),
          f(&[("session_id", &i.s_open.to_string()), ("up", "1"), ("version", "-1")]),                     "L F F F L F F F A F A"),
        r("POST", "/sessions/items/{id}/speak", format!("/sessions/items/{}/speak", i.item_open), f(&[("kind", "for")]),
                                                                                                           "L F F F L F A A F F F"),
        r("POST", "/sessions/items/{id}/next", format!("/sessions/items/{}/next", i.item_open), f(&[("version", "-1")]),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/sessions/items/{id}/list", format!("/sessions/items/{}/list", i.item_open),
          f(&[("open", "1"), ("version", "-1")]),                                                          "L F F F L F F F A F A"),
        r("POST", "/sessions/items/{id}/motions", format!("/sessions/items/{}/motions", i.item_open),
          f(&[("title", "Moción"), ("body", "")]),                                                         "L F F F L F A A A F A"),
        r("POST", "/sessions/items/{id}/votes", format!("/sessions/items/{}/votes", i.item_open),
          f(&[("session_id", &i.s_closed.to_string()), ("subject", "agenda"), ("question", "¿Sí?")]),     "L F F F L F F F A F A"),
        r("POST", "/sessions/speakers/{id}/move", format!("/sessions/speakers/{}/move", i.speaker_self),
          f(&[("item_id", &i.item_open.to_string()), ("up", "1"), ("version", "-1")]),                     "L F F F L F F F A F A"),
        r("POST", "/sessions/motions/{id}/support", format!("/sessions/motions/{}/support", i.motion_self), f(&[]),
                                                                                                           "L F F F L F A A F F F"),
        r("POST", "/sessions/motions/{id}/recommend", format!("/sessions/motions/{}/recommend", i.motion_self),
          f(&[("recommendation", "adopt")]),                                                               "L F F F L F F F A F A"),
        r("GET",  "/sessions/votes/{id}", format!("/sessions/votes/{}", i.vote_secret), Body::None,        "P P P P P P P P P P P"),
        r("POST", "/sessions/votes/{id}/ballot", format!("/sessions/votes/{}/ballot", i.vote_open), f(&[("choice", "yes")]),
                                                                                                           "L F F F L F A A F F F"),
        r("POST", "/sessions/resolutions/{id}/follow-up", format!("/sessions/resolutions/{}/follow-up", i.resolution),
          f(&[("follow_up", "in_progress")]),                                                              "L F F F L F F F A F A"),
        // ---- sessions: API -------------------------------------------------------------------------
        r("GET",  "/api/v1/assemblies/{slug}/resolutions", format!("/api/v1/assemblies/{slug}/resolutions"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("POST", "/api/v1/sessions", "/api/v1/sessions".into(), j(json!({"assembly_id": i.assembly, "title": "Sesión extra"})),
                                                                                                           "L F F F L F F F A F A"),
        r("GET",  "/api/v1/sessions/{id}", format!("/api/v1/sessions/{}", i.s_open), Body::None,           "P P P P P P P P P P P"),
        r("POST", "/api/v1/sessions/{id}/open", format!("/api/v1/sessions/{}/open", i.s_closed), j(json!({"version": -1})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/api/v1/sessions/{id}/close", format!("/api/v1/sessions/{}/close", i.s_closed), j(json!({"version": -1})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/api/v1/sessions/{id}/items", format!("/api/v1/sessions/{}/items", i.s_closed), j(json!({"title": "Punto extra"})),
                                                                                                           "L F F F L F F F A F A"),
        r("GET",  "/api/v1/items/{id}", format!("/api/v1/items/{}", i.item_open), Body::None,              "P P P P P P P P P P P"),
        r("POST", "/api/v1/items/{id}/open", format!("/api/v1/items/{}/open", i.item_open), j(json!({"version": -1})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/api/v1/items/{id}/close", format!("/api/v1/items/{}/close", i.item_open), j(json!({"version": -1})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/api/v1/items/{id}/move", format!("/api/v1/items/{}/move", i.item_open), j(json!({"up": true, "version": -1})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/api/v1/items/{id}/speakers", format!("/api/v1/items/{}/speakers", i.item_open), j(json!({"kind": "for"})),
                                                                                                           "L F F F L F A A F F F"),
        // Putting a named delegate on the list is the chair's, even for the delegate themself.
        r("POST", "/api/v1/items/{id}/speakers", format!("/api/v1/items/{}/speakers", i.item_open),
          j(json!({"kind": "for", "delegate_id": i.d_self})),                                              "L F F F L F F F A F A"),
        r("POST", "/api/v1/items/{id}/speakers/next", format!("/api/v1/items/{}/speakers/next", i.item_open), j(json!({"version": -1})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/api/v1/items/{id}/speakers/list", format!("/api/v1/items/{}/speakers/list", i.item_open),
          j(json!({"open": true, "version": -1})),                                                         "L F F F L F F F A F A"),
        r("POST", "/api/v1/speakers/{id}/move", format!("/api/v1/speakers/{}/move", i.speaker_self), j(json!({"up": true, "version": -1})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/api/v1/motions", "/api/v1/motions".into(), j(json!({"item_id": i.item_open, "title": "Moción", "body": ""})),
                                                                                                           "L F F F L F A A A F A"),
        r("POST", "/api/v1/motions/{id}/support", format!("/api/v1/motions/{}/support", i.motion_self), j(json!({})),
                                                                                                           "L F F F L F A A F F F"),
        r("POST", "/api/v1/motions/{id}/recommend", format!("/api/v1/motions/{}/recommend", i.motion_self),
          j(json!({"recommendation": "adopt"})),                                                            "L F F F L F F F A F A"),
        r("POST", "/api/v1/votes", "/api/v1/votes".into(),
          j(json!({"session_id": i.s_closed, "subject": "agenda", "question": "¿Sí?"})),                  "L F F F L F F F A F A"),
        r("GET",  "/api/v1/votes/{id}", format!("/api/v1/votes/{}", i.vote_secret), Body::None,            "P P P P P P P P P P P"),
        r("POST", "/api/v1/votes/{id}/ballots", format!("/api/v1/votes/{}/ballots", i.vote_open), j(json!({"choice": "yes"})),
                                                                                                           "L F F F L F A A F F F"),
        // A teller enters a delegate's vote; a delegate may not vote for another (refused as 422).
        r("POST", "/api/v1/votes/{id}/ballots", format!("/api/v1/votes/{}/ballots", i.vote_open),
          j(json!({"choice": "yes", "delegate_id": i.d_self})),                                            "L V V V L V A V V A V"),
        r("POST", "/api/v1/delegates/{id}/via-teller", format!("/api/v1/delegates/{}/via-teller", i.d_other), j(json!({"via_teller": false})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/api/v1/resolutions/{id}/follow-up", format!("/api/v1/resolutions/{}/follow-up", i.resolution),
          j(json!({"follow_up": "in_progress"})),                                                          "L F F F L F F F A F A"),
        // ---- federation (issue 12): nothing here changes state (no forward or proxy exists; the
        // national assembly has no parent; the door checks out someone not in the hall) ----------
        r("GET",  "/api/v1/assemblies/{slug}/forwards", format!("/api/v1/assemblies/{slug}/forwards"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET",  "/api/v1/assemblies/{slug}/descent", format!("/api/v1/assemblies/{slug}/descent"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET",  "/api/v1/assemblies/{slug}/rollup", format!("/api/v1/assemblies/{slug}/rollup"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET",  "/api/v1/assemblies/{slug}/federation", format!("/api/v1/assemblies/{slug}/federation"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET",  "/api/v1/assemblies/{slug}/proxies", format!("/api/v1/assemblies/{slug}/proxies"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET",  "/api/v1/forwards/{id}", "/api/v1/forwards/999999".into(), Body::None,                   "H H H H H H H H H H H"),
        r("GET",  "/api/v1/sessions/{id}/seat-holds", format!("/api/v1/sessions/{}/seat-holds", i.s_open), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET",  "/assemblies/{slug}/federation", format!("/assemblies/{slug}/federation"), Body::None,  "P P P P P P P P P P P"),
        r("GET",  "/assemblies/{slug}/rollup", format!("/assemblies/{slug}/rollup"), Body::None,          "P P P P P P P P P P P"),
        // Forwarding is the originating chair's; the national assembly has no parent (409).
        r("POST", "/api/v1/resolutions/{id}/forward", format!("/api/v1/resolutions/{}/forward", i.resolution), j(json!({})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/assemblies/{slug}/federation/forward/{resolution}", format!("/assemblies/{slug}/federation/forward/{}", i.resolution),
          f(&[]),                                                                                          "L F F F L F F F A F A"),
        // A motion voted to forward: the chair's; the national assembly has no parent (409).
        r("POST", "/api/v1/motions/{id}/forward", format!("/api/v1/motions/{}/forward", i.motion_self), j(json!({})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/assemblies/{slug}/federation/forward-motion/{motion}", format!("/assemblies/{slug}/federation/forward-motion/{}", i.motion_self),
          f(&[]),                                                                                          "L F F F L F F F A F A"),
        // Delegations: administrators (the national assembly is no departmental one: 422).
        r("PUT",  "/api/v1/organizations/{id}/delegation", format!("/api/v1/organizations/{a}/delegation"),
          j(json!({"assembly": SLUG})),                                                                    "L F F F L F F F F F A"),
        r("POST", "/api/v1/forwards/{id}/accept", "/api/v1/forwards/999999/accept".into(), j(json!({"item_id": i.item_open})),
                                                                                                           "L H H H L H H H H H H"),
        r("POST", "/api/v1/forwards/{id}/decline", "/api/v1/forwards/999999/decline".into(), j(json!({"reason": "No"})),
                                                                                                           "L H H H L H H H H H H"),
        r("POST", "/api/v1/forwards/merge", "/api/v1/forwards/merge".into(),
          j(json!({"forward_ids": [999998, 999999], "item_id": i.item_open, "title": "T", "body": "B"})), "L H H H L H H H H H H"),
        r("POST", "/assemblies/{slug}/federation/accept/{forward}", format!("/assemblies/{slug}/federation/accept/999999"),
          f(&[("item_id", &i.item_open.to_string())]),                                                     "L H H H L H H H H H H"),
        r("POST", "/assemblies/{slug}/federation/decline/{forward}", format!("/assemblies/{slug}/federation/decline/999999"),
          f(&[("reason", "No")]),                                                                          "L H H H L H H H H H H"),
        r("POST", "/assemblies/{slug}/federation/merge", format!("/assemblies/{slug}/federation/merge"),
          f(&[("fw-999998", "1"), ("fw-999999", "1"), ("item_id", &i.item_open.to_string()), ("title", "T"), ("body", "B")]),
                                                                                                           "L H H H L H H H H H H"),
        // Going down is the departmental chair's; a resolution of its own is refused (422).
        r("POST", "/api/v1/assemblies/{slug}/descent/{resolution}", format!("/api/v1/assemblies/{slug}/descent/{}", i.resolution),
          j(json!({"decision": "noted"})),                                                                 "L F F F L F F F A F A"),
        r("POST", "/assemblies/{slug}/federation/descent/{resolution}", format!("/assemblies/{slug}/federation/descent/{}", i.resolution),
          f(&[("decision", "noted")]),                                                                     "L F F F L F F F A F A"),
        // Settings: administrators (an invalid cap: 422, nothing changes).
        r("PUT",  "/api/v1/assemblies/{slug}/federation", format!("/api/v1/assemblies/{slug}/federation"),
          j(json!({"substitutes_at_check_in": false, "proxies": "off", "proxy_cap": 0, "vote_weight": "delegate"})),
                                                                                                           "L F F F L F F F F F A"),
        // The door (or the delegate) checks out; d_pending is not in the hall (nothing changes).
        r("POST", "/api/v1/assemblies/{slug}/check-out", format!("/api/v1/assemblies/{slug}/check-out"),
          j(json!({"delegate_id": i.d_pending})),                                                          "L F F F L A F F F F A"),
        // A delegate checks themself in (already in: nothing changes); others have no seat.
        r("POST", "/assemblies/{slug}/federation/check-in", format!("/assemblies/{slug}/federation/check-in"), f(&[]),
                                                                                                           "L F F F L F A A F F F"),
        // Seating a substitute is the commission's (dSelf is present: 409).
        r("POST", "/api/v1/sessions/{id}/seat-holds", format!("/api/v1/sessions/{}/seat-holds", i.s_open),
          j(json!({"titular_id": i.d_self})),                                                              "L F F F L A F F F F A"),
        // Proxies are a delegate's (off in this assembly: 409); no proxy 999999 to revoke.
        r("POST", "/api/v1/assemblies/{slug}/proxies", format!("/api/v1/assemblies/{slug}/proxies"),
          j(json!({"holder_id": i.d_other})),                                                              "L F F F L F A A F F F"),
        r("POST", "/assemblies/{slug}/federation/proxy", format!("/assemblies/{slug}/federation/proxy"),
          f(&[("holder_id", &i.d_other.to_string())]),                                                     "L F F F L F A A F F F"),
        r("POST", "/api/v1/proxies/{id}/revoke", "/api/v1/proxies/999999/revoke".into(), j(json!({})),    "L H H H L H H H H H H"),
        r("POST", "/assemblies/{slug}/federation/proxy/{proxy}/revoke", format!("/assemblies/{slug}/federation/proxy/999999/revoke"),
          f(&[]),                                                                                          "L H H H L H H H H H H"),
        // ---- mandate and calls to action (issue 13): reads are public; demands, rankings and
        // adherence are the organization's secretary's (A's here); curating the mandate and
        // commands are the chair's; calls: the chair or a member of the call's command (dSelf is
        // the one member of `command`); only the command's members confirm ---------------------
        r("GET", "/assemblies/{slug}/mandate", format!("/assemblies/{slug}/mandate"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/api/v1/assemblies/{slug}/demands", format!("/api/v1/assemblies/{slug}/demands"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/api/v1/assemblies/{slug}/ranking", format!("/api/v1/assemblies/{slug}/ranking"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/api/v1/assemblies/{slug}/commands", format!("/api/v1/assemblies/{slug}/commands"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/api/v1/assemblies/{slug}/calls", format!("/api/v1/assemblies/{slug}/calls"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/assemblies/{slug}/calls", format!("/assemblies/{slug}/calls"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/assemblies/{slug}/feed.atom", format!("/assemblies/{slug}/feed.atom"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/calls/{id}", format!("/calls/{}", i.call_active), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/api/v1/calls/{id}", format!("/api/v1/calls/{}", i.call_active), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/api/v1/calls/{id}/dashboard", format!("/api/v1/calls/{}/dashboard", i.call_active), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        // ---- boards of secret elections (issue 14): public reads; opening is for administrators;
        // documents need their publisher's board token (none sent: 401); a ballot that is not one
        // is refused after the (absent) permission check.
        r("GET", "/boards/{id}", format!("/boards/{BOARD}?code={}", "0".repeat(64)), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/boards/{id}/vote", format!("/boards/{BOARD}/vote"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("POST", "/boards/{id}/vote", format!("/boards/{BOARD}/vote"), f(&[("credential", "00"), ("q_0", "0")]),
                                                                                                           "P P P P P P P P P P P"),
        // Anyone checks a challenged ballot; one that is not a challenge is refused for all alike.
        r("GET", "/boards/{id}/audit", format!("/boards/{BOARD}/audit"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("POST", "/boards/{id}/audit", format!("/boards/{BOARD}/audit"), f(&[("challenge", "{}")]),
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/api/v1/boards/{id}/{name}", format!("/api/v1/boards/{BOARD}/election"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/api/v1/boards/{id}/ballots", format!("/api/v1/boards/{BOARD}/ballots"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/api/v1/boards/{id}/votes", format!("/api/v1/boards/{BOARD}/votes"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/api/v1/boards/{id}/ballots/{code}", format!("/api/v1/boards/{BOARD}/ballots/{}", "0".repeat(64)), Body::None,
                                                                                                           "H H H H H H H H H H H"),
        r("POST", "/api/v1/boards/{id}/ballots", format!("/api/v1/boards/{BOARD}/ballots"), j(json!({"election": "00"})),
                                                                                                           "P P P P P P P P P P P"),
        r("PUT", "/api/v1/boards/{id}/{name}", format!("/api/v1/boards/{BOARD}/trustee-1"), j(json!({"trustee": 1})),
                                                                                                           "C C C C C C C C C C C"),
        r("POST", "/api/v1/boards", "/api/v1/boards".into(), j(board_draft("matrix-board-2")),
                                                                                                           "L F F F L F F F F F A"),
        // ---- the hall's shared device and challenged ballots (issue 14, task C): the device needs
        // no login (the one-time code decides: a wrong one is 401 for everyone); only a teller
        // issues codes (here in a plaintext vote: refused after the check, 409); anyone notes a
        // challenge (one that is not a challenge is 422 for all alike).
        r("GET", "/hall/vote", "/hall/vote".into(), Body::None,                                            "P P P P P P P P P P P"),
        r("POST", "/hall/vote", "/hall/vote".into(), f(&[("code", HALL_CODE)]),                             "C C C C C C C C C C C"),
        r("POST", "/hall/vote/cast", "/hall/vote/cast".into(), f(&[("code", HALL_CODE), ("choice", "yes")]),
                                                                                                           "C C C C C C C C C C C"),
        r("POST", "/api/v1/hall/ballots", "/api/v1/hall/ballots".into(), j(json!({"code": HALL_CODE, "choice": "yes"})),
                                                                                                           "C C C C C C C C C C C"),
        r("POST", "/sessions/votes/{id}/hall-code", format!("/sessions/votes/{}/hall-code", i.vote_open),
          f(&[("delegate_id", &i.d_self.to_string())]),                                                    "L F F F L F F F F A F"),
        r("POST", "/api/v1/votes/{id}/hall-codes", format!("/api/v1/votes/{}/hall-codes", i.vote_open),
          j(json!({"delegate_id": i.d_self})),                                                             "L F F F L F F F F A F"),
        r("GET", "/api/v1/boards/{id}/challenges", format!("/api/v1/boards/{BOARD}/challenges"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("POST", "/api/v1/boards/{id}/challenges", format!("/api/v1/boards/{BOARD}/challenges"), j(json!({})),
                                                                                                           "P P P P P P P P P P P"),
        // Demands and rankings speak for an organization: A's secretary, administrators.
        r("POST", "/api/v1/demands", "/api/v1/demands".into(), j(json!({"assembly_id": i.assembly, "organization_id": a, "body": "Reposición salarial", "category": "salarios", "support": 5})),
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/assemblies/{slug}/mandate/demands", format!("/assemblies/{slug}/mandate/demands"), f(&[("organization_id", &a.to_string()), ("body", "Reposición salarial"), ("category", "salarios"), ("support", "5")]),
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/api/v1/demands/rankings", "/api/v1/demands/rankings".into(), j(json!({"assembly_id": i.assembly, "organization_id": a, "ranks": [[i.demand_1], [i.demand_2]]})),
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/assemblies/{slug}/mandate/rank", format!("/assemblies/{slug}/mandate/rank"), f(&[("organization_id", &a.to_string()), (leak(format!("r{}", i.demand_1)), "1"), (leak(format!("r{}", i.demand_2)), "2")]),
                                                                                                           "L F A F L F F F F F A"),
        // Curating: the chair (the chair's merge makes one; the administrator's then is 409).
        r("POST", "/api/v1/demands/merge", "/api/v1/demands/merge".into(), j(json!({"assembly_id": i.assembly, "demand_ids": [i.demand_1, i.demand_2], "body": "Salario y empleo", "category": "salarios"})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/assemblies/{slug}/mandate/merge", format!("/assemblies/{slug}/mandate/merge"), f(&[(leak(format!("d{}", i.demand_1)), "1"), (leak(format!("d{}", i.demand_2)), "1"), ("body", "Salario y empleo"), ("category", "salarios")]),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/api/v1/mandate/rule", "/api/v1/mandate/rule".into(), j(json!({"assembly_id": i.assembly, "method": "schulze", "weighting": "equal"})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/assemblies/{slug}/mandate/rule", format!("/assemblies/{slug}/mandate/rule"), f(&[("method", "schulze"), ("weighting", "equal")]),
                                                                                                           "L F F F L F F F A F A"),
        // The platform's motion is a motion on the open item like any other (delegates, chair).
        r("POST", "/assemblies/{slug}/mandate/motion", format!("/assemblies/{slug}/mandate/motion"), f(&[("item_id", &i.item_open.to_string())]),
                                                                                                           "L F F F L F A A A F A"),
        // Recording the platform `resolution` holds: the chair (then 409); then it can be exported.
        r("POST", "/api/v1/platforms", "/api/v1/platforms".into(), j(json!({"resolution_id": i.resolution})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/assemblies/{slug}/mandate/platform", format!("/assemblies/{slug}/mandate/platform"), f(&[("resolution_id", &i.resolution.to_string())]),
                                                                                                           "L F F F L F F F A F A"),
        r("GET", "/api/v1/assemblies/{slug}/platforms", format!("/api/v1/assemblies/{slug}/platforms"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/assemblies/{slug}/platform.json", format!("/assemblies/{slug}/platform.json"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/assemblies/{slug}/platform.csv", format!("/assemblies/{slug}/platform.csv"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        r("GET", "/assemblies/{slug}/platform.pdf", format!("/assemblies/{slug}/platform.pdf"), Body::None,
                                                                                                           "P P P P P P P P P P P"),
        // Commands by resolution: the chair.
        r("POST", "/api/v1/commands", "/api/v1/commands".into(), j(json!({"assembly_id": i.assembly, "resolution_id": i.resolution, "name": "Comando", "member_ids": [i.spare_account], "threshold": 1, "window_minutes": 30, "kinds": ["strike"]})),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/assemblies/{slug}/commands", format!("/assemblies/{slug}/commands"), f(&[("name", "Comando"), ("resolution_id", &i.resolution.to_string()), ("members", "admin"), ("threshold", "1"), ("window_minutes", "30"), ("kinds", "strike")]),
                                                                                                           "L F F F L F F F A F A"),
        // Issuing: the chair, or a member of the command (prepared, for the command to fire).
        r("POST", "/api/v1/calls", "/api/v1/calls".into(), j(json!({"assembly_id": i.assembly, "command_id": i.command, "resolution_id": i.resolution, "kind": "strike", "scope_kind": "everyone", "title": "Huelga", "body": "Huelga general.", "steps": [{"hours": 24}], "prepared": true})),
                                                                                                           "L F F F L F A F A F A"),
        r("POST", "/assemblies/{slug}/calls", format!("/assemblies/{slug}/calls"), f(&[("command_id", &i.command.to_string()), ("resolution_id", &i.resolution.to_string()), ("kind", "strike"), ("scope_kind", "everyone"), ("title", "Huelga"), ("body", "Huelga general."), ("steps", "24"), ("prepared", "1")]),
                                                                                                           "L F F F L F A F A F A"),
        // Confirming: the command's members only, not the chair (not armed yet: 409).
        r("POST", "/api/v1/calls/{id}/confirm", format!("/api/v1/calls/{}/confirm", i.call_prepared), j(json!({"purpose": "fire"})),
                                                                                                           "L F F F L F A F F F F"),
        r("POST", "/calls/{id}/confirm", format!("/calls/{}/confirm", i.call_prepared), f(&[("purpose", "fire")]),
                                                                                                           "L F F F L F A F F F F"),
        // Adherence to the call in effect: for A (its secretary, administrators).
        r("POST", "/api/v1/calls/{id}/adherence", format!("/api/v1/calls/{}/adherence", i.call_active), j(json!({"organization_id": a, "status": "joined", "members": 10})),
                                                                                                           "L F A F L F F F F F A"),
        r("POST", "/calls/{id}/adherence", format!("/calls/{}/adherence", i.call_active), f(&[("organization_id", &a.to_string()), ("status", "joined"), ("members", "10")]),
                                                                                                           "L F A F L F F F F F A"),
        // Steering the prepared call: the chair or the member; dSelf arms it (the rest: 409), then
        // lifts it (last).
        r("POST", "/api/v1/calls/{id}/arm", format!("/api/v1/calls/{}/arm", i.call_prepared), j(json!({})),
                                                                                                           "L F F F L F A F A F A"),
        r("POST", "/calls/{id}/arm", format!("/calls/{}/arm", i.call_prepared), f(&[]),
                                                                                                           "L F F F L F A F A F A"),
        r("POST", "/api/v1/calls/{id}/escalate", format!("/api/v1/calls/{}/escalate", i.call_prepared), j(json!({})),
                                                                                                           "L F F F L F A F A F A"),
        r("POST", "/calls/{id}/escalate", format!("/calls/{}/escalate", i.call_prepared), f(&[]),
                                                                                                           "L F F F L F A F A F A"),
        r("POST", "/api/v1/calls/{id}/lift", format!("/api/v1/calls/{}/lift", i.call_prepared), j(json!({})),
                                                                                                           "L F F F L F A F A F A"),
        r("POST", "/calls/{id}/lift", format!("/calls/{}/lift", i.call_prepared), f(&[]),
                                                                                                           "L F F F L F A F A F A"),
        // ---- state-ending rows: last, in this order -------------------------------------------------
        // Withdrawals: the delegate's own speaker entry and motion (dSelf first), then the chair's.
        r("POST", "/sessions/speakers/{id}/withdraw", format!("/sessions/speakers/{}/withdraw", i.speaker_self),
          f(&[("item_id", &i.item_open.to_string())]),                                                      "L F F F L F A F A F A"),
        r("POST", "/api/v1/speakers/{id}/withdraw", format!("/api/v1/speakers/{}/withdraw", i.speaker_self), j(json!({})),
                                                                                                           "L F F F L F A F A F A"),
        r("POST", "/sessions/motions/{id}/withdraw", format!("/sessions/motions/{}/withdraw", i.motion_self), f(&[]),
                                                                                                           "L F F F L F A F A F A"),
        r("POST", "/api/v1/motions/{id}/withdraw", format!("/api/v1/motions/{}/withdraw", i.motion_self), j(json!({})),
                                                                                                           "L F F F L F A F A F A"),
        r("POST", "/sessions/votes/{id}/close", format!("/sessions/votes/{}/close", i.vote_open), f(&[("version", "-1")]),
                                                                                                           "L F F F L F F F A F A"),
        r("POST", "/api/v1/votes/{id}/close", format!("/api/v1/votes/{}/close", i.vote_open), j(json!({"version": -1})),
                                                                                                           "L F F F L F F F A F A"),
        Row { fresh: true, ..r("POST", "/logout", "/logout".into(), f(&[]),                                "P P P P P P P P P P P") },
        Row { fresh: true, ..r("DELETE", "/api/v1/session", "/api/v1/session".into(), Body::None,          "P P P P P P P P P P P") },
        Row { fresh: true, ..r("POST", "/account/logout-everywhere", "/account/logout-everywhere".into(), f(&[]), "L A A A L A A A A A A") },
        Row { fresh: true, ..r("DELETE", "/api/v1/me/sessions", "/api/v1/me/sessions".into(), Body::None, "L A A A L A A A A A A") },
        r("GET",  "/card", "/card".into(), Body::None,                                                    "P P P P P P P P P P P"),
        r("POST", "/card", "/card".into(), f(&[]),                                                        "P P P P P P P P P P P"),
        r("POST", "/card/collect", "/card/collect".into(), f(&[]),                                        "P P P P P P P P P P P"),
        r("POST", "/api/v1/card-pickups", "/api/v1/card-pickups".into(), j(json!({})),                     "P P P P P P P P P P P"),
        r("POST", "/api/v1/card-pickups/collect", "/api/v1/card-pickups/collect".into(), j(json!({"secret": "none"})), "H H H H H H H H H H H"),
    ]
}

// ---------------------------------------------------------------------------------------------
// Completeness: every registered route has a row
// ---------------------------------------------------------------------------------------------

/// `(METHOD, route)` for every route registered in `crates/web/src`: each `.route("…", …)` call
/// with its `get(`/`post(`/`put(`/`patch(`/`delete(` handlers; routes in `src/api/` are nested
/// under `/api/v1` (the `.nest`s in `router.rs`, checked here).
fn registered_routes() -> BTreeSet<(String, String)> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                files.push(p);
            }
        }
    }
    let mut out = BTreeSet::new();
    let mut nests = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let prefix = if rel.starts_with("api/") {
            "/api/v1"
        } else {
            ""
        };
        for (call, args) in calls(
            &text,
            &[".route(", ".nest(", ".route_service(", ".nest_service("],
        ) {
            let path = first_string(&args)
                .unwrap_or_else(|| panic!("{rel}: {call} without a literal path: {args}"));
            if call != ".route(" {
                nests.push((rel.clone(), call, path));
                continue;
            }
            let handlers = &args[args.find(',').expect("handler")..];
            let methods = method_calls(handlers);
            assert!(
                !methods.is_empty(),
                "{rel}: no method for {path}: {handlers}"
            );
            for m in methods {
                out.insert((m, format!("{prefix}{path}")));
            }
        }
    }
    // The scanner knows one nesting: the API under /api/v1 (twice: the board's documents are
    // nested apart with their own body limit, issue 14). Anything else needs teaching it.
    assert_eq!(
        nests,
        vec![("router.rs".to_string(), ".nest(", "/api/v1".to_string()); 2],
        "routers nested or services mounted in new ways: teach `registered_routes` about them"
    );
    out
}

/// The argument text of every call `name(...)` in `text` (balanced parentheses, strings skipped).
fn calls(text: &str, names: &[&'static str]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        let next = names
            .iter()
            .filter_map(|n| text[at..].find(n).map(|p| (at + p, *n)))
            .min_by_key(|(p, _)| *p);
        let Some((start, name)) = next else { break };
        let open = start + name.len();
        let mut depth = 1;
        let mut k = open;
        let mut in_str = false;
        while k < bytes.len() && depth > 0 {
            let ch = bytes[k];
            if in_str {
                if ch == b'\\' {
                    k += 1;
                } else if ch == b'"' {
                    in_str = false;
                }
            } else if ch == b'"' {
                in_str = true;
            } else if ch == b'(' {
                depth += 1;
            } else if ch == b')' {
                depth -= 1;
            }
            k += 1;
        }
        out.push((name, text[open..k - 1].to_string()));
        at = open;
    }
    out
}

fn first_string(args: &str) -> Option<String> {
    let s = args.find('"')?;
    let e = args[s + 1..].find('"')?;
    Some(args[s + 1..s + 1 + e].to_string())
}

/// The HTTP methods of a handler expression such as `get(a::b).post(c)`.
fn method_calls(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    for m in [
        "get", "post", "put", "patch", "delete", "head", "options", "any",
    ] {
        let pat = format!("{m}(");
        let mut from = 0;
        while let Some(p) = expr[from..].find(&pat) {
            let at = from + p;
            let before = expr[..at].chars().last().unwrap_or(' ');
            let qualified = expr[..at].ends_with("routing::");
            if qualified || !(before.is_alphanumeric() || before == '_' || before == ':') {
                out.push(m.to_uppercase());
            }
            from = at + pat.len();
        }
    }
    out
}

#[test]
fn every_route_is_in_the_matrix() {
    let registered = registered_routes();
    assert!(
        registered.len() > 100,
        "the scanner found only {} routes",
        registered.len()
    );
    let table: BTreeSet<(String, String)> = rows(&Ids::default())
        .iter()
        .map(|r| (r.method.to_string(), r.route.to_string()))
        .collect();
    let missing: Vec<String> = registered
        .difference(&table)
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    let stale: Vec<String> = table
        .difference(&registered)
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes with no row in the authorization matrix (decide who may call them and add a row \
         to `rows` in crates/web/tests/authz_matrix.rs):\n  {}\nrows for routes that no longer \
         exist:\n  {}",
        missing.join("\n  "),
        stale.join("\n  ")
    );
    // Every row's expectation names one class per role.
    for r in rows(&Ids::default()) {
        let classes: Vec<&str> = r.expect.split_whitespace().collect();
        assert_eq!(classes.len(), ROLES.len(), "{} {}", r.method, r.route);
        assert!(
            classes
                .iter()
                .all(|c| c.len() == 1 && "PALCFHGV".contains(*c)),
            "{} {}: {}",
            r.method,
            r.route,
            r.expect
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The world
// ---------------------------------------------------------------------------------------------

struct World {
    server: TestServer,
    /// No cookie store, no redirects followed.
    http: Client,
    ids: Ids,
    /// Per role: the session token (`None`: anonymous or the voter).
    tokens: Vec<Option<String>>,
    /// Per role: the body of `POST /api/v1/session` that logs it in anew.
    logins: Vec<Option<Value>>,
    /// The voter's one-time voting code.
    voting_code: String,
    /// Per role: a member of A that only this role's removal rows touch.
    spare_members: Vec<i64>,
    /// Strings that must not appear in pages and answers read by roles that may not see them:
    /// `(organization whose secretaries may see it, text)`; `None`: no one reads it back.
    secrets: Vec<(Option<i64>, String)>,
}

impl World {
    fn at(&self, p: &str) -> String {
        self.server.at(p)
    }

    async fn api(
        &self,
        token: Option<&str>,
        method: &str,
        path: &str,
        body: Value,
    ) -> (u16, Value) {
        let (s, _, text) =
            request(&self.http, &self.at(path), method, token, &Body::Json(body)).await;
        (s, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A JSON call that must succeed; its answer.
    async fn ok(&self, token: &str, method: &str, path: &str, body: Value) -> Value {
        let (s, v) = self.api(Some(token), method, path, body).await;
        assert!((200..300).contains(&s), "{method} {path}: {s} {v}");
        v
    }

    /// A delegate's card collected on "their phone": the phone asks for a pickup, the commission
    /// (`cred`) approves its number, the phone collects the login code.
    async fn collect_card(&self, cred: &str, delegate: i64) -> String {
        let (s, p) = self
            .api(None, "POST", "/api/v1/card-pickups", json!({}))
            .await;
        assert_eq!(s, 201, "{p}");
        self.ok(
            cred,
            "POST",
            &format!("/api/v1/delegates/{delegate}/card"),
            json!({"pickup": p["number"]}),
        )
        .await;
        let (s, c) = self
            .api(
                None,
                "POST",
                "/api/v1/card-pickups/collect",
                json!({"secret": p["secret"]}),
            )
            .await;
        assert_eq!(s, 200, "{c}");
        c["card_code"].as_str().unwrap().to_string()
    }

    async fn login(&self, card: &str) -> String {
        self.login_with(json!({"card_code": card})).await
    }

    async fn login_with(&self, body: Value) -> String {
        let (s, v) = self.api(None, "POST", "/api/v1/session", body).await;
        assert_eq!(s, 200, "login: {v}");
        v["token"].as_str().unwrap().to_string()
    }

    /// An account made by the administrator; its id, card code and session token.
    async fn account(
        &self,
        admin: &str,
        username: &str,
        role: &str,
        org: Option<i64>,
    ) -> (i64, String, String) {
        let v = self
            .ok(admin, "POST", "/api/v1/accounts",
                json!({"username": username, "display_name": username, "role": role, "organization_id": org}))
            .await;
        let card = v["card_code"].as_str().unwrap().to_string();
        let token = self.login(&card).await;
        (v["id"].as_i64().unwrap(), card, token)
    }

    async fn new(db: &TestDb) -> World {
        assert!(load_demo(&db.store).await.unwrap());
        let server = TestServer::start(db.store.clone()).await;
        let http = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut w = World {
            server,
            http,
            ids: Ids::default(),
            tokens: vec![None; ROLES.len()],
            logins: vec![None; ROLES.len()],
            voting_code: String::new(),
            spare_members: Vec::new(),
            secrets: Vec::new(),
        };
        let setup = ensure_setup_token(&db.store).await.unwrap().unwrap();
        let (s, v) = w
            .api(None, "POST", "/api/v1/setup", common::setup_body(&setup))
            .await;
        assert_eq!(s, 200, "{v}");
        let admin = v["token"].as_str().unwrap().to_string();
        // The world seats a few delegates of the plan: quorum over the accredited.
        crate::common::hall::set_quorum_basis(&w.server, &admin, "accredited").await;
        let mut ids = Ids {
            setup_token: setup,
            ..Ids::default()
        };
        ids.assembly = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
            "SELECT id FROM assemblies WHERE slug = $1").bind(SLUG).fetch_one(pool).await)
        .unwrap();
        let org = |short: &'static str| {
            let store = db.store.clone();
            async move {
                on_read!(store, pool => asamblea_store::sqlx::query_scalar::<_, i64>(
                    "SELECT id FROM organizations WHERE short_name = $1").bind(short).fetch_one(pool).await)
                .unwrap()
            }
        };
        ids.a = org("FSTPB").await;
        ids.b = org("FSTBB").await;
        // An organization with no delegates: one with no seats in the plan.
        ids.c = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
            "SELECT o.id FROM organizations o WHERE o.id NOT IN (SELECT organization_id FROM seat_allocations WHERE seats > 0) ORDER BY o.id LIMIT 1")
            .fetch_one(pool).await).unwrap();

        // Accounts for the roles.
        let (obs_id, obs_card, obs) = w.account(&admin, "observador", "delegate", None).await;
        let (_, sec_a_card, sec_a) = w.account(&admin, "sec.a", "secretary", Some(ids.a)).await;
        let (_, sec_b_card, sec_b) = w.account(&admin, "sec.b", "secretary", Some(ids.b)).await;
        let (cred_id, cred_card, cred) = w.account(&admin, "comision", "delegate", None).await;
        let (chair_id, chair_card, chair) =
            w.account(&admin, "presidencia", "delegate", None).await;
        let (teller_id, teller_card, teller) =
            w.account(&admin, "escrutador", "delegate", None).await;
        let (spare_sec, _, _) = w.account(&admin, "sec.a2", "secretary", Some(ids.a)).await;
        let (spare, _, _) = w.account(&admin, "suelta", "delegate", None).await;
        let (_, probe_card, probe) = w.account(&admin, "sonda", "delegate", None).await;
        w.ok(
            &probe,
            "POST",
            "/api/v1/me/password",
            json!({"password": "probe password 123", "confirmation": "probe password 123"}),
        )
        .await;
        ids.observer_account = obs_id;
        ids.spare_account = spare;
        ids.spare_secretary = spare_sec;
        ids.probe_card = probe_card;
        for (account, role) in [
            (cred_id, "credentials"),
            (chair_id, "presidium"),
            (teller_id, "teller"),
        ] {
            w.api(
                Some(&admin),
                "POST",
                &format!("/api/v1/assemblies/{SLUG}/roles"),
                json!({"account_id": account, "role": role}),
            )
            .await;
        }

        // Members with contacts that only A's (or B's) secretaries and administrators may read.
        let member = |org: i64, number: &str, name: &str, phone: &str, email: &str| json!({"member_number": number, "name": name, "phone": phone, "email": email, "organization_id": org});
        let mut add = Vec::new();
        for (k, (org, tok)) in [(ids.a, &sec_a), (ids.a, &sec_a), (ids.b, &sec_b)]
            .into_iter()
            .enumerate()
        {
            let phone = format!("+591 7{k}00 4242");
            let email = format!("privado.{k}@correo.example");
            let v = w
                .ok(
                    tok,
                    "POST",
                    &format!("/api/v1/organizations/{org}/members"),
                    member(
                        org,
                        &format!("P-{k}"),
                        &format!("Afiliada Reservada {k}"),
                        &phone,
                        &email,
                    ),
                )
                .await;
            w.secrets.push((Some(org), phone));
            w.secrets.push((Some(org), email));
            if k != 1 {
                // Member 1 becomes dSelf and a candidate: their name is public from then on.
                w.secrets
                    .push((Some(org), format!("Afiliada Reservada {k}")));
            }
            add.push(v["id"].as_i64().unwrap());
        }
        ids.member_a = add[0];
        ids.member_self = add[1];
        ids.member_b = add[2];
        // Voters and spare members of A.
        let mut plain = Vec::new();
        let mut plain_b = Vec::new();
        {
            let mut tx = db.store.begin().await.unwrap();
            for k in 0..(4 + 2 * ROLES.len()) {
                let id: i64 = on_tx!(&mut tx, c => asamblea_store::sqlx::query_scalar(
                    "INSERT INTO members (organization_id, member_number, name) VALUES ($1, $2, $3) RETURNING id")
                    .bind(ids.a).bind(format!("V-{k}")).bind(format!("Votante {k}")).fetch_one(&mut **c).await)
                .unwrap();
                plain.push(id);
            }
            for k in 0..4 {
                let id: i64 = on_tx!(&mut tx, c => asamblea_store::sqlx::query_scalar(
                    "INSERT INTO members (organization_id, member_number, name) VALUES ($1, $2, $3) RETURNING id")
                    .bind(ids.b).bind(format!("W-{k}")).bind(format!("Votante B {k}")).fetch_one(&mut **c).await)
                .unwrap();
                plain_b.push(id);
            }
            tx.commit().await.unwrap();
        }
        w.spare_members = plain[4..].to_vec();

        // Delegates: dSelf (A, the member member_self), dOther (B), a pending one, one for cards,
        // one for recalls. The commission accredits; the door checks the two voters in.
        let reg = |org: i64, name: &str, member: Option<i64>| NewDelegate {
            assembly_id: AssemblyId(ids.assembly),
            organization_id: OrganizationId(org),
            name: name.to_string(),
            member_id: member.map(MemberId),
            account_id: None,
            seat_kind: SeatKind::Voting,
            substitute_rank: None,
            election_id: None,
        };
        let system = Actor::System;
        ids.d_self = register_delegate(
            &db.store,
            &system,
            reg(ids.a, "Delegada Propia", Some(ids.member_self)),
        )
        .await
        .unwrap()
        .get();
        ids.d_other = register_delegate(&db.store, &system, reg(ids.b, "Delegado Ajeno", None))
            .await
            .unwrap()
            .get();
        ids.d_pending =
            register_delegate(&db.store, &system, reg(ids.a, "Delegado Pendiente", None))
                .await
                .unwrap()
                .get();
        ids.d_card = register_delegate(&db.store, &system, reg(ids.a, "Delegado Tarjeta", None))
            .await
            .unwrap()
            .get();
        ids.d_recall =
            register_delegate(&db.store, &system, reg(ids.a, "Delegado Revocable", None))
                .await
                .unwrap()
                .get();
        let mut delegate_cards = Vec::new();
        for d in [ids.d_self, ids.d_other, ids.d_card, ids.d_recall] {
            let v = w
                .ok(
                    &cred,
                    "POST",
                    &format!("/api/v1/delegates/{d}/accredit"),
                    json!({}),
                )
                .await;
            if d == ids.d_self {
                ids.self_badge = v["badge"].as_str().unwrap().to_string();
            }
            let card = w.collect_card(&cred, d).await;
            w.secrets.push((None, card.clone()));
            delegate_cards.push(card);
            check_in(&db.store, &system, AssemblyId(ids.assembly), DelegateId(d))
                .await
                .unwrap();
        }
        ids.self_card = delegate_cards[0].clone();
        let d_self = w.login(&delegate_cards[0]).await;
        let d_other = w.login(&delegate_cards[1]).await;

        // Elections (one running per organization): A's, a draft with two candidates; B's, in
        // voting, whose first code the voter holds.
        let election = |org: i64| json!({"assembly_id": ids.assembly, "organization_id": org, "method": "plurality", "substitutes": 0});
        ids.e_a = w
            .ok(&sec_a, "POST", "/api/v1/elections", election(ids.a))
            .await["id"]
            .as_i64()
            .unwrap();
        ids.e_done = w
            .ok(&sec_b, "POST", "/api/v1/elections", election(ids.b))
            .await["id"]
            .as_i64()
            .unwrap();
        let mut lines = Vec::new();
        // The closed election elects two of B's members; the one in voting has two others (a
        // member who holds a place cannot be a candidate again).
        for (k, m) in plain_b[..2].iter().enumerate() {
            let v = w
                .ok(
                    &sec_b,
                    "POST",
                    &format!("/api/v1/elections/{}/candidates", ids.e_done),
                    json!({"member_id": m}),
                )
                .await;
            lines.push(json!({"candidate_id": v["id"], "votes": 20 - k as i64}));
        }
        let elected = w
            .ok(
                &sec_b,
                "POST",
                &format!("/api/v1/elections/{}/paper-count", ids.e_done),
                json!({"lines": lines}),
            )
            .await;
        // Every seat of B is held now: the commission rejects one credential, so that the next
        // election has a vacant seat to fill.
        w.ok(
            &cred,
            "POST",
            &format!("/api/v1/delegates/{}/reject", elected[0]),
            json!({"reason": "no es afiliado activo"}),
        )
        .await;
        ids.e_vote = w
            .ok(&sec_b, "POST", "/api/v1/elections", election(ids.b))
            .await["id"]
            .as_i64()
            .unwrap();
        for m in &plain[..2] {
            w.ok(
                &sec_a,
                "POST",
                &format!("/api/v1/elections/{}/candidates", ids.e_a),
                json!({"member_id": m}),
            )
            .await;
        }
        for m in &plain_b[2..] {
            w.ok(
                &sec_b,
                "POST",
                &format!("/api/v1/elections/{}/candidates", ids.e_vote),
                json!({"member_id": m}),
            )
            .await;
        }
        let codes = w
            .ok(
                &sec_b,
                "POST",
                &format!("/api/v1/elections/{}/voting", ids.e_vote),
                json!({"confirm": true}),
            )
            .await;
        for c in codes.as_array().unwrap() {
            let code = c["code"]
                .as_str()
                .unwrap_or_else(|| panic!("codes: {codes}"))
                .to_string();
            w.secrets.push((None, code));
        }
        w.voting_code = codes[0]["code"].as_str().unwrap().to_string();

        // Sessions: one closed (with minutes), one open with an open item, the delegate's speaker
        // entry and motion, a closed secret vote with its resolution and an open vote.
        let session = |title: &str| json!({"assembly_id": ids.assembly, "title": title});
        ids.s_closed = w
            .ok(
                &chair,
                "POST",
                "/api/v1/sessions",
                session("Sesión cerrada"),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        w.ok(
            &chair,
            "POST",
            &format!("/api/v1/sessions/{}/open", ids.s_closed),
            json!({}),
        )
        .await;
        w.ok(
            &chair,
            "POST",
            &format!("/api/v1/sessions/{}/close", ids.s_closed),
            json!({}),
        )
        .await;
        ids.s_open = w
            .ok(
                &chair,
                "POST",
                "/api/v1/sessions",
                session("Sesión abierta"),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        ids.item_open = w
            .ok(
                &chair,
                "POST",
                &format!("/api/v1/sessions/{}/items", ids.s_open),
                json!({"title": "Pliego"}),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        w.ok(
            &chair,
            "POST",
            &format!("/api/v1/sessions/{}/items", ids.s_open),
            json!({"title": "Varios"}),
        )
        .await;
        w.ok(
            &chair,
            "POST",
            &format!("/api/v1/sessions/{}/open", ids.s_open),
            json!({}),
        )
        .await;
        w.ok(
            &chair,
            "POST",
            &format!("/api/v1/items/{}/open", ids.item_open),
            json!({}),
        )
        .await;
        w.ok(
            &chair,
            "POST",
            &format!("/api/v1/items/{}/speakers/list", ids.item_open),
            json!({"open": true}),
        )
        .await;
        let v = w
            .ok(
                &d_self,
                "POST",
                &format!("/api/v1/items/{}/speakers", ids.item_open),
                json!({"kind": "against"}),
            )
            .await;
        ids.speaker_self = v["id"]
            .as_i64()
            .or(v["speaker_id"].as_i64())
            .unwrap_or_else(|| panic!("speaker: {v}"));
        ids.motion_self = w
            .ok(&d_self, "POST", "/api/v1/motions", json!({"item_id": ids.item_open, "title": "Moción propia", "body": "Que se apruebe."}))
            .await["id"].as_i64().unwrap();
        let adopted = w
            .ok(&chair, "POST", "/api/v1/motions", json!({"item_id": ids.item_open, "title": "Moción aprobada", "body": "Que se cumpla."}))
            .await["id"].as_i64().unwrap();
        ids.vote_secret = w
            .ok(&chair, "POST", "/api/v1/votes",
                json!({"session_id": ids.s_open, "subject": "motion", "motion_id": adopted, "secret": true}))
            .await["id"].as_i64().unwrap();
        for tok in [&d_self, &d_other] {
            w.ok(
                tok,
                "POST",
                &format!("/api/v1/votes/{}/ballots", ids.vote_secret),
                json!({"choice": "yes"}),
            )
            .await;
        }
        let closed = w
            .ok(
                &chair,
                "POST",
                &format!("/api/v1/votes/{}/close", ids.vote_secret),
                json!({}),
            )
            .await;
        let resolutions = w
            .ok(
                &admin,
                "GET",
                &format!("/api/v1/assemblies/{SLUG}/resolutions"),
                Value::Null,
            )
            .await;
        ids.resolution = resolutions
            .as_array()
            .and_then(|r| r.first())
            .and_then(|r| r["id"].as_i64())
            .unwrap_or_else(|| panic!("no resolution: {closed} {resolutions}"));
        // A roll-call vote, closed: its answer pairs each voter with a choice (the detector of
        // `pairs_voter_with_choice` must see it, or the secret vote's check proves nothing).
        ids.vote_roll_call = w
            .ok(&chair, "POST", "/api/v1/votes",
                json!({"session_id": ids.s_open, "item_id": ids.item_open, "subject": "procedure", "question": "¿Se vota nominalmente?"}))
            .await["id"].as_i64().unwrap();
        for tok in [&d_self, &d_other] {
            w.ok(
                tok,
                "POST",
                &format!("/api/v1/votes/{}/ballots", ids.vote_roll_call),
                json!({"choice": "no"}),
            )
            .await;
        }
        w.ok(
            &chair,
            "POST",
            &format!("/api/v1/votes/{}/close", ids.vote_roll_call),
            json!({}),
        )
        .await;
        ids.vote_open = w
            .ok(&chair, "POST", "/api/v1/votes",
                json!({"session_id": ids.s_open, "item_id": ids.item_open, "subject": "procedure", "question": "¿Cuarto intermedio?"}))
            .await["id"].as_i64().unwrap();

        // Mandate and calls (issue 13): two demands of A; a command by the resolution whose one
        // member is dSelf; a call in effect (the chair's, no command) and one prepared for the
        // command.
        let demand = |body: &str| json!({"assembly_id": ids.assembly, "organization_id": ids.a, "body": body, "category": "salarios", "support": 10});
        ids.demand_1 = w
            .ok(
                &sec_a,
                "POST",
                "/api/v1/demands",
                demand("Salario mínimo vital"),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        ids.demand_2 = w
            .ok(
                &sec_a,
                "POST",
                "/api/v1/demands",
                demand("Estabilidad laboral"),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        let me = w.ok(&d_self, "GET", "/api/v1/me", Value::Null).await;
        let self_account = me["id"].as_i64().unwrap_or_else(|| panic!("me: {me}"));
        ids.command = w
            .ok(&chair, "POST", "/api/v1/commands",
                json!({"assembly_id": ids.assembly, "resolution_id": ids.resolution, "name": "Comando de huelga",
                       "member_ids": [self_account], "threshold": 1, "window_minutes": 30, "kinds": ["strike"]}))
            .await["id"].as_i64().unwrap();
        let call = |command: Option<i64>, prepared: bool| {
            json!({"assembly_id": ids.assembly, "command_id": command,
            "resolution_id": ids.resolution, "kind": "strike", "scope_kind": "everyone", "title": "Huelga general",
            "body": "Huelga general indefinida.", "steps": [{"hours": 24}, {"hours": null}], "prepared": prepared})
        };
        ids.call_active = w
            .ok(&chair, "POST", "/api/v1/calls", call(None, false))
            .await["id"]
            .as_i64()
            .unwrap();
        ids.call_prepared = w
            .ok(
                &chair,
                "POST",
                "/api/v1/calls",
                call(Some(ids.command), true),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        // The board of a secret election (issue 14): its reads are public, its writes need a
        // board token (none here: 401 for everyone) or, to open one, an administrator.
        w.ok(&admin, "POST", "/api/v1/boards", board_draft(BOARD))
            .await;

        let sessions = [
            (None, None),
            (Some(obs), Some(obs_card)),
            (Some(sec_a), Some(sec_a_card)),
            (Some(sec_b), Some(sec_b_card)),
            (None, None),
            (Some(cred), Some(cred_card)),
            (Some(d_self), Some(delegate_cards[0].clone())),
            (Some(d_other), Some(delegate_cards[1].clone())),
            (Some(chair), Some(chair_card)),
            (Some(teller), Some(teller_card)),
            (Some(admin), None),
        ];
        for (k, (t, c)) in sessions.into_iter().enumerate() {
            w.tokens[k] = t;
            w.logins[k] = c.map(|card| json!({"card_code": card}));
        }
        w.logins[ROLES.len() - 1] =
            Some(json!({"username": "admin", "password": "a long password"}));
        w.ids = ids;
        w
    }

    /// The request of `row` for role `k`.
    fn personalize(&self, row: &Row, k: usize) -> (String, Body) {
        let path = row
            .path
            .replace("$M", &self.spare_members[k].to_string())
            .replace("$N", &self.spare_members[ROLES.len() + k].to_string());
        let code = if k == VOTER {
            self.voting_code.as_str()
        } else {
            BOGUS_CODE
        };
        let body = match &row.body {
            Body::None => Body::None,
            Body::Json(v) => {
                Body::Json(serde_json::from_str(&v.to_string().replace("$CODE", code)).unwrap())
            }
            Body::Form(fields) => Body::Form(
                fields
                    .iter()
                    .map(|(k, v)| (*k, v.replace("$CODE", code)))
                    .collect(),
            ),
        };
        (path, body)
    }
}

/// Whether a GET answer read by role `k` shows something it may not see.
fn leaks(w: &World, k: usize, body: &str) -> Vec<String> {
    let may_read = |org: Option<i64>| match ROLES[k] {
        "admin" => org.is_some(),
        "secA" => org == Some(w.ids.a),
        "secB" => org == Some(w.ids.b),
        _ => false,
    };
    w.secrets
        .iter()
        .filter(|(org, text)| !may_read(*org) && body.contains(text.as_str()))
        .map(|(_, text)| text.clone())
        .collect()
}

/// Whether a JSON answer pairs a named voter with a choice (in a secret vote it never may).
fn pairs_voter_with_choice(v: &Value) -> bool {
    match v {
        Value::Object(o) => {
            let named = o.contains_key("name") || o.contains_key("delegate_id");
            (named && o.get("choice").is_some_and(|c| !c.is_null()))
                || o.values().any(pairs_voter_with_choice)
        }
        Value::Array(a) => a.iter().any(pairs_voter_with_choice),
        _ => false,
    }
}

async fn matrix(db: &TestDb) {
    let started = std::time::Instant::now();
    let mut w = World::new(db).await;
    let built = started.elapsed();
    let table = rows(&w.ids);
    let mut wrong = Vec::new();
    let mut cells = 0;
    // AUTHZ_TRACE=1 prints every cell's answer.
    let trace = std::env::var_os("AUTHZ_TRACE").is_some();
    for row in &table {
        let classes: Vec<char> = row
            .expect
            .split_whitespace()
            .map(|c| c.chars().next().unwrap())
            .collect();
        for (k, role) in ROLES.iter().enumerate() {
            if row.fresh
                && let Some(login) = w.logins[k].clone()
            {
                w.tokens[k] = Some(w.login_with(login).await);
            }
            let (path, body) = w.personalize(row, k);
            if row.method == "POST"
                && (path.starts_with("/hall/") || path == "/api/v1/hall/ballots")
            {
                // Likewise for the hall device's wrong codes, counted against the address.
                let mut tx = db.store.begin().await.unwrap();
                asamblea_store::on_tx!(&mut tx, c => asamblea_store::sqlx::query(
                    "DELETE FROM login_failures WHERE subject LIKE 'address:%'")
                    .execute(&mut **c).await.map(|r| r.rows_affected()))
                .unwrap();
                tx.commit().await.unwrap();
            }
            if row.method == "POST" && (path == "/card" || path == "/api/v1/card-pickups") {
                // The matrix checks who may ask for a pickup, not how often (the per-address
                // throttle has its own tests): every role asks from the same loopback address.
                let mut tx = db.store.begin().await.unwrap();
                asamblea_store::on_tx!(&mut tx, c => asamblea_store::sqlx::query(
                    "DELETE FROM login_failures WHERE subject LIKE 'pickup:%'")
                    .execute(&mut **c).await.map(|r| r.rows_affected()))
                .unwrap();
                tx.commit().await.unwrap();
            }
            let (status, location, text) = request(
                &w.http,
                &w.at(&path),
                row.method,
                w.tokens[k].as_deref(),
                &body,
            )
            .await;
            cells += 1;
            if trace {
                eprintln!(
                    "{} {path} as {role}: {status} {}",
                    row.method,
                    text.chars().take(120).collect::<String>()
                );
            }
            if !class_ok(classes[k], status, &location) {
                let snippet: String = text.chars().take(160).collect();
                wrong.push(format!(
                    "{} {path} as {role}: expected {}, got {status} {location} {}",
                    row.method,
                    classes[k],
                    snippet.replace('\n', " ")
                ));
            }
            if row.method == "GET" && (200..300).contains(&status) {
                for leaked in leaks(&w, k, &text) {
                    wrong.push(format!("GET {path} as {role}: shows {leaked:?}"));
                }
                if path.starts_with("/api/v1/votes/")
                    && serde_json::from_str::<Value>(&text)
                        .is_ok_and(|v| pairs_voter_with_choice(&v))
                {
                    wrong.push(format!(
                        "GET {path} as {role}: a secret vote names a voter's choice"
                    ));
                }
            }
        }
        if row.fresh {
            // The row ended the sessions: the next rows get new ones.
            for k in 0..ROLES.len() {
                if let Some(login) = w.logins[k].clone() {
                    w.tokens[k] = Some(w.login_with(login).await);
                }
            }
        }
    }
    let (_, roll_call) = w
        .api(
            None,
            "GET",
            &format!("/api/v1/votes/{}", w.ids.vote_roll_call),
            Value::Null,
        )
        .await;
    assert!(
        pairs_voter_with_choice(&roll_call),
        "a roll call names voters' choices: {roll_call}"
    );
    let all = started.elapsed();
    eprintln!(
        "authz matrix: {} rows x {} roles = {cells} cells (world {built:?}, all {all:?})",
        table.len(),
        ROLES.len()
    );
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells differ from the table (route, role: expected class, got):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    w.server.stop().await;
}
on_both_backends!(matrix => sqlite_authz_matrix, postgres_authz_matrix);

/// Every route of the JSON API (and the live feed `/events`) is described in the OpenAPI
/// document with its method: a client generated from the document can call all of them.
#[tokio::test]
async fn every_api_route_is_in_the_openapi_document() {
    let db = common::sqlite().await;
    let server = TestServer::start(db.store.clone()).await;
    let (_, doc) = server.get_json(None, "/api/v1/openapi.json").await;
    let missing: Vec<String> = registered_routes()
        .into_iter()
        .filter(|(_, p)| {
            (p.starts_with("/api/v1/") && p != "/api/v1/openapi.json") || p == "/events"
        })
        // axum's wildcard `{*path}` is OpenAPI's `{path}`.
        .map(|(m, p)| (m, p.replace("{*", "{")))
        .filter(|(m, p)| !doc["paths"][p][m.to_lowercase()].is_object())
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "API routes the OpenAPI document does not describe (add `#[utoipa::path]` and list the \
         handler in its module's `Doc`):\n  {}",
        missing.join("\n  ")
    );
}
