//! The seats file parser: CSV and TOML, and the errors it names.

use asamblea_formats::seats::{SeatsFormat, parse, parse_csv, parse_toml};
use asamblea_rules::apportion::{Entry, GroupShare, Method};

#[test]
fn csv_with_all_columns() {
    let text = "\u{feff}Name, Members ,Group,MIN,max\n# a comment\nMiners,50_000,labour,,\n\nPeasant unions,30000,peasants,1,40\n";
    let f = parse_csv(text).unwrap();
    assert_eq!(
        f.entries,
        vec![
            Entry::new("Miners", 50_000).in_group("labour"),
            Entry::new("Peasant unions", 30_000)
                .in_group("peasants")
                .with_min(1)
                .with_max(40),
        ]
    );
    assert!(f.has_groups());
    assert_eq!(f.seats, None);
}

#[test]
fn csv_minimal_and_quoted() {
    let f = parse_csv("votes,party\n100000,A\n80000,\"B, the second\"\n").unwrap();
    assert_eq!(f.entries[1].name, "B, the second");
    assert_eq!(f.entries[0].votes, 100_000);
    assert!(!f.has_groups());
}

fn csv_err(text: &str) -> (Option<usize>, Option<String>, String) {
    let e = parse_csv(text).unwrap_err();
    (e.line, e.field, e.message)
}

#[test]
fn csv_errors_name_line_and_field() {
    let (line, field, msg) = csv_err("name,votes\nA,10\nB,-3\n");
    assert_eq!((line, field.as_deref()), (Some(3), Some("votes")));
    assert!(msg.contains("negative"), "{msg}");

    let (line, field, msg) = csv_err("name,votes\nA,ten\n");
    assert_eq!((line, field.as_deref()), (Some(2), Some("votes")));
    assert!(msg.contains("not a whole number"), "{msg}");

    let (line, field, msg) = csv_err("name,votes\nA,10\nB,2\nA,3\n");
    assert_eq!((line, field.as_deref()), (Some(4), Some("name")));
    assert!(msg.contains("first on line 2"), "{msg}");

    let (line, field, _) = csv_err("name,votes,colour\nA,1,red\n");
    assert_eq!((line, field.as_deref()), (Some(1), Some("colour")));

    let (line, _, msg) = csv_err("name,group\nA,x\n");
    assert_eq!(line, Some(1));
    assert!(msg.contains("votes"), "{msg}");

    let (line, field, _) = csv_err("name,votes\nA,99999999999999999999999\n");
    assert_eq!((line, field.as_deref()), (Some(2), Some("votes")));

    let (line, field, _) = csv_err("name,votes,min\nA,1,5000000000\n");
    assert_eq!((line, field.as_deref()), (Some(2), Some("min")));

    let (line, field, _) = csv_err("name,votes,min,max\nA,1,5,4\n");
    assert_eq!((line, field.as_deref()), (Some(2), Some("min")));

    let (line, _, _) = csv_err("name,votes\nA,1,2\n");
    assert_eq!(line, Some(2));

    let (line, field, _) = csv_err("name,votes\n,1\n");
    assert_eq!((line, field.as_deref()), (Some(2), Some("name")));

    let (line, field, _) = csv_err("name,votes\nA\n");
    assert_eq!((line, field.as_deref()), (Some(2), Some("votes")));

    assert!(parse_csv("").is_err());
    assert!(parse_csv("name,name,votes\n").is_err());
}

const TOML: &str = r#"
seats = 220
method = "Hare"

[[group]]
name = "labour"
share = 60

[[group]]
name = "peasants"
share = 10

[[entry]]
name = "Miners"
members = 50000
group = "labour"
max = 100

[[entry]]
name = "Peasant unions"
votes = 30000
group = "peasants"
min = 1
"#;

#[test]
fn toml_with_groups_seats_and_method() {
    let f = parse_toml(TOML).unwrap();
    assert_eq!(f.seats, Some(220));
    assert_eq!(f.method, Some(Method::Hare));
    assert_eq!(
        f.groups,
        vec![
            GroupShare::new("labour", Some(60)),
            GroupShare::new("peasants", Some(10))
        ]
    );
    assert_eq!(
        f.entries[0],
        Entry::new("Miners", 50_000)
            .in_group("labour")
            .with_max(100)
    );
    assert_eq!(f.entries[1].min, Some(1));
    assert_eq!(parse(TOML, SeatsFormat::sniff(TOML)).unwrap(), f);
}

fn toml_err(text: &str) -> (Option<usize>, Option<String>, String) {
    let e = parse_toml(text).unwrap_err();
    (e.line, e.field, e.message)
}

#[test]
fn toml_errors_name_line_and_field() {
    let (line, field, msg) = toml_err("[[entry]]\nname = \"A\"\nvotes = -5\n");
    assert_eq!((line, field.as_deref()), (Some(3), Some("votes")));
    assert!(msg.contains("negative"), "{msg}");

    let (line, field, _) =
        toml_err("[[entry]]\nname = \"A\"\nvotes = 1\n[[entry]]\nname = \"A\"\nvotes = 2\n");
    assert_eq!((line, field.as_deref()), (Some(5), Some("name")));

    let (line, _, msg) = toml_err("[[entry]]\nname = \"A\"\nvotes = \"many\"\n");
    assert_eq!(line, Some(3));
    assert!(!msg.is_empty());

    let (line, _, msg) = toml_err("[[entry]]\nname = \"A\"\nvotse = 1\n");
    assert_eq!(line, Some(3), "{msg}");

    let (line, field, _) = toml_err("[[entry]]\nname = \"A\"\n");
    assert_eq!((line, field.as_deref()), (Some(2), Some("votes")));

    let (line, field, msg) = toml_err("method = \"borda\"\n[[entry]]\nname = \"A\"\nvotes = 1\n");
    assert_eq!((line, field.as_deref()), (Some(1), Some("method")));
    assert!(msg.contains("sainte-lague"), "{msg}");

    let (line, field, _) = toml_err(
        "[[group]]\nname = \"labour\"\n[[entry]]\nname = \"A\"\nvotes = 1\ngroup = \"students\"\n",
    );
    assert_eq!((line, field.as_deref()), (Some(6), Some("group")));

    assert!(parse_toml("seats = 3\n").is_err());
    assert!(parse_toml("seats = 99999999999\n[[entry]]\nname = \"A\"\nvotes = 1\n").is_err());
}

#[test]
fn formats_are_sniffed() {
    assert_eq!(SeatsFormat::sniff("name,votes\nA,1"), SeatsFormat::Csv);
    assert_eq!(
        SeatsFormat::sniff("# c\n[[entry]]\nname='A'"),
        SeatsFormat::Toml
    );
    assert_eq!(SeatsFormat::sniff("seats = 3"), SeatsFormat::Toml);
    assert_eq!(
        SeatsFormat::from_extension("x/SEATS.TOML"),
        Some(SeatsFormat::Toml)
    );
    assert_eq!(
        SeatsFormat::from_extension("seats.csv"),
        Some(SeatsFormat::Csv)
    );
    assert_eq!(SeatsFormat::from_extension("seats"), None);
}
