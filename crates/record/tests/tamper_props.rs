//! Property tests: any single edit, deletion, insertion or reordering of a valid chain is
//! detected, and the first bad position reported is the right one — both for entries fed to
//! `ChainVerifier` and for exported JSON lines fed to `verify_export`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

use asamblea_record::{
    BreakReason, Broken, ChainVerifier, CheckpointLine, Entry, GENESIS, NewAct, SigningKey,
    VerifyReport, canonical_json, sign_checkpoint, verify_export,
};
use proptest::prelude::*;
use serde_json::Value;

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[\\x00-\\x1f\"\\\\a-zñ€😀]{0,8}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn new_act() -> impl Strategy<Value = NewAct> {
    (
        proptest::option::of("user:[0-9]{1,3}"),
        "[a-z]{1,8}\\.[a-z_]{1,10}",
        "(assembly|organization):[0-9]{1,3}|instance",
        json_value(),
    )
        .prop_map(|(actor, kind, scope, payload)| NewAct {
            actor,
            kind,
            scope,
            payload,
        })
}

fn build_chain(acts: Vec<NewAct>) -> Vec<Entry> {
    let mut prev = GENESIS.to_string();
    acts.into_iter()
        .enumerate()
        .map(|(i, act)| {
            let e = Entry::seal(
                i as i64 + 1,
                format!("2026-01-01T00:00:{:02}.000Z", i % 60),
                prev.clone(),
                act,
            )
            .expect("seal");
            prev = e.hash.clone();
            e
        })
        .collect()
}

fn chain() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec(new_act(), 1..20).prop_map(build_chain)
}

fn verify(entries: &[Entry]) -> Result<VerifyReport, Broken> {
    let mut v = ChainVerifier::new();
    for e in entries {
        v.push(e)?;
    }
    Ok(v.finish())
}

fn export_lines(entries: &[Entry], checkpoint: Option<&Entry>) -> String {
    let mut s = String::new();
    for e in entries {
        s.push_str(&serde_json::to_string(e).expect("json"));
        s.push('\n');
    }
    if let Some(last) = checkpoint {
        let key = SigningKey::from_bytes(&[9; 32]);
        let cp = sign_checkpoint(&key, last.position, &last.hash);
        s.push_str(&serde_json::to_string(&CheckpointLine { checkpoint: cp }).expect("json"));
        s.push('\n');
    }
    s
}

/// Checks both verifiers agree that the chain breaks at `position`.
fn assert_broken_at(entries: &[Entry], position: i64) -> Result<(), TestCaseError> {
    let direct = verify(entries);
    prop_assert_eq!(
        direct.as_ref().err().map(|b| b.position),
        Some(position),
        "{:?}",
        direct
    );
    let file = verify_export(export_lines(entries, None).as_bytes());
    prop_assert_eq!(
        file.as_ref().err().map(|b| b.position),
        Some(position),
        "{:?}",
        file
    );
    Ok(())
}

#[derive(Debug, Clone)]
enum Field {
    Position,
    RecordedAt,
    Actor,
    Kind,
    Scope,
    Payload,
    Prev,
    Hash,
}

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just(Field::Position),
        Just(Field::RecordedAt),
        Just(Field::Actor),
        Just(Field::Kind),
        Just(Field::Scope),
        Just(Field::Payload),
        Just(Field::Prev),
        Just(Field::Hash),
    ]
}

fn flip_hex(s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    b[0] = if b[0] == b'0' { b'1' } else { b'0' };
    String::from_utf8(b).expect("ascii")
}

fn edit(e: &mut Entry, f: &Field) {
    match f {
        Field::Position => e.position += 1,
        Field::RecordedAt => e.recorded_at.push('9'),
        Field::Actor => {
            e.actor = match &e.actor {
                None => Some("user:0".into()),
                Some(_) => None,
            }
        }
        Field::Kind => e.kind.push('x'),
        Field::Scope => e.scope.push('0'),
        Field::Payload => e.payload = serde_json::json!([e.payload.clone()]),
        Field::Prev => e.prev = flip_hex(&e.prev),
        Field::Hash => e.hash = flip_hex(&e.hash),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn intact_chains_verify(entries in chain()) {
        let report = verify(&entries).expect("intact");
        let last = entries.last().expect("non-empty");
        prop_assert_eq!(report.last_position, last.position);
        prop_assert_eq!(&report.last_hash, &last.hash);
        let file = verify_export(export_lines(&entries, Some(last)).as_bytes()).expect("intact");
        prop_assert_eq!(file.checkpoint.map(|c| c.position), Some(last.position));
    }

    #[test]
    fn any_field_edit_is_found_at_its_position(
        entries in chain(), k in any::<prop::sample::Index>(), f in field()
    ) {
        let mut entries = entries;
        let k = k.index(entries.len());
        edit(&mut entries[k], &f);
        assert_broken_at(&entries, k as i64 + 1)?;
    }

    #[test]
    fn an_edited_and_resealed_entry_is_found_at_the_next(
        entries in chain(), k in any::<prop::sample::Index>()
    ) {
        let mut entries = entries;
        let k = k.index(entries.len());
        entries[k].kind.push('x');
        entries[k].hash = entries[k].compute_hash().expect("hash");
        if k + 1 < entries.len() {
            assert_broken_at(&entries, k as i64 + 2)?;
        } else {
            // Rewriting the last entry is invisible to the chain alone ...
            prop_assert!(verify(&entries).is_ok());
            // ... but not to a checkpoint of the original head.
            let mut original_last = entries[k].clone();
            original_last.kind.pop();
            original_last.hash = original_last.compute_hash().expect("hash");
            let text = export_lines(&entries, Some(&original_last));
            let err = verify_export(text.as_bytes()).expect_err("checkpoint mismatch");
            prop_assert_eq!(err.position, k as i64 + 1);
            prop_assert!(
                matches!(err.reason, BreakReason::BadCheckpoint { .. }),
                "{:?}",
                err
            );
        }
    }

    #[test]
    fn a_deletion_is_found_at_the_missing_position(
        entries in chain(), k in any::<prop::sample::Index>()
    ) {
        let mut entries = entries;
        let n = entries.len();
        let k = k.index(n);
        let original_last = entries[n - 1].clone();
        entries.remove(k);
        if k + 1 < n {
            assert_broken_at(&entries, k as i64 + 1)?;
        } else {
            prop_assert!(verify(&entries).is_ok());
            let text = export_lines(&entries, Some(&original_last));
            let err = verify_export(text.as_bytes()).expect_err("checkpoint mismatch");
            prop_assert_eq!(err.position, n as i64);
        }
    }

    #[test]
    fn an_inserted_copy_is_found_where_it_was_inserted(
        entries in chain(), at in any::<prop::sample::Index>(), of in any::<prop::sample::Index>()
    ) {
        let mut entries = entries;
        let n = entries.len();
        let at = at.index(n + 1);
        let original = entries.clone();
        let copy = entries[of.index(n)].clone();
        entries.insert(at, copy);
        // Inserting a copy of entry `at` before itself first differs one line later.
        let first_diff = (0..=n)
            .find(|&j| original.get(j) != entries.get(j))
            .expect("lists differ");
        assert_broken_at(&entries, first_diff as i64 + 1)?;
    }

    #[test]
    fn an_inserted_forgery_is_found(
        entries in chain(), at in any::<prop::sample::Index>(), act in new_act()
    ) {
        let mut entries = entries;
        let n = entries.len();
        let at = at.index(n);
        // A well-formed entry at position at+1, chained to entry at: only the next one breaks.
        let prev = if at == 0 { GENESIS.to_string() } else { entries[at - 1].hash.clone() };
        let forged = Entry::seal(at as i64 + 1, "2026-02-02T00:00:00.000Z".into(), prev, act)
            .expect("seal");
        entries.insert(at, forged);
        assert_broken_at(&entries, at as i64 + 2)?;
    }

    #[test]
    fn a_reordering_is_found_at_the_first_moved_position(
        entries in prop::collection::vec(new_act(), 2..20).prop_map(build_chain),
        perm_seed in any::<u64>()
    ) {
        let n = entries.len();
        // A permutation that is not the identity.
        let mut order: Vec<usize> = (0..n).collect();
        let mut s = perm_seed | 1;
        for i in (1..n).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            order.swap(i, (s % (i as u64 + 1)) as usize);
        }
        if order.iter().enumerate().all(|(i, &o)| i == o) {
            order.swap(0, 1);
        }
        let first_moved = order.iter().enumerate().position(|(i, &o)| i != o).expect("moved");
        let shuffled: Vec<Entry> = order.iter().map(|&i| entries[i].clone()).collect();
        assert_broken_at(&shuffled, first_moved as i64 + 1)?;
    }

    #[test]
    fn canonical_json_round_trips_and_is_stable(v in json_value()) {
        let c = canonical_json(&v).expect("no floats");
        let back: Value = serde_json::from_str(&c).expect("valid JSON");
        prop_assert_eq!(&back, &v);
        prop_assert_eq!(canonical_json(&back).expect("again"), c);
    }

    #[test]
    fn garbage_lines_never_panic(lines in prop::collection::vec(any::<String>(), 0..5)) {
        let text = lines.join("\n");
        let _ = verify_export(text.as_bytes());
    }
}
