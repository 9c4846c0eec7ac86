//! `/sessions/{id}/minutes.pdf`: the minutes of `minutes.rs` as a PDF file, from the same
//! [`gather`] and the same messages, laid out by `asamblea-pdf`. Readable by whoever may read
//! the minutes page (everyone). A closed session's PDF ends with the record position and hash of
//! its closing act, like the page.

use asamblea_app::domain::{SessionId, VoteMethod, YesNoAbstainChoice};
use asamblea_pdf::{Block, ColumnWidths, Document, Table};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::label;
use super::minutes::{MinutesData, MinutesVote, gather};
use crate::error::PageError;
use crate::extract::Path;
use crate::i18n::Arg;
use crate::page::PageCtx;
use crate::state::AppState;

pub async fn minutes_pdf(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<SessionId>,
) -> Result<Response, PageError> {
    let d = gather(&state, id).await?.ok_or_else(PageError::not_found)?;
    let bytes = asamblea_pdf::render(&document(&page, &d));
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"minutes-session-{id}.pdf\""),
            ),
            // Minutes of an open session change with every act.
            (header::CACHE_CONTROL, "no-cache".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// The minutes as a document: the same sections, in the same order, as `minutes.html`.
pub fn document(page: &PageCtx, d: &MinutesData) -> Document {
    let t = |key: &str| page.i18n.t(key);
    let s = &d.s;
    let title = format!("{}: {}", t("ses-minutes-title"), s.title);
    let mut status = format!(
        "{} · {}",
        s.assembly_name,
        label(page, "session-status", s.status.as_str())
    );
    let when = |at: &str| page.i18n.date_time(at, &s.time_zone);
    if let Some(o) = &s.opened_at {
        status.push_str(&format!(" · {} {}", t("ses-minutes-opened"), when(o)));
    }
    if let Some(c) = &s.closed_at {
        status.push_str(&format!(" · {} {}", t("ses-minutes-closed"), when(c)));
    }
    let mut doc = Document::new(title.clone());
    doc.meta = vec![status];
    doc.footer = Some(format!("{} · {title}", s.assembly_name));
    doc.lang = Some(page.i18n.code().to_string());

    let b = &mut doc.blocks;
    b.push(Block::Heading(1, t("ses-minutes-attendance")));
    b.push(Block::Paragraph(page.i18n.t_args(
        "ses-minutes-present",
        &[
            ("present", Arg::from(d.present.len().to_string())),
            ("seated", Arg::from(d.seated.to_string())),
        ],
    )));
    if !d.present.is_empty() {
        let names: Vec<String> = d
            .present
            .iter()
            .map(|p| format!("{} ({})", p.name, p.organization))
            .collect();
        b.push(Block::Paragraph(names.join(", ")));
    }

    for mi in &d.items {
        b.push(Block::Heading(
            1,
            format!("{}. {}", mi.item.ordinal, mi.item.title),
        ));
        if !mi.item.description.is_empty() {
            b.push(Block::Paragraph(mi.item.description.clone()));
        }
        b.push(Block::Heading(2, t("ses-minutes-speakers")));
        if mi.speakers.is_empty() {
            b.push(Block::Paragraph(t("ses-speakers-none-waiting")));
        } else {
            let lines: Vec<String> = mi
                .speakers
                .iter()
                .enumerate()
                .map(|(i, sp)| {
                    format!(
                        "{}. {} ({}) · {}",
                        i + 1,
                        sp.name,
                        sp.organization,
                        label(page, "speak-kind", sp.kind.as_str())
                    )
                })
                .collect();
            b.push(Block::Paragraph(lines.join("\n")));
        }
        if !mi.motions.is_empty() {
            b.push(Block::Heading(2, t("ses-motions-title")));
        }
        for m in &mi.motions {
            let heading = match m.parent_number {
                Some(parent) => format!(
                    "{} #{} → #{parent}: {} §{}",
                    t("ses-amendment"),
                    m.number,
                    label(page, "op", m.op.map_or("", |op| op.as_str())),
                    m.paragraph.unwrap_or(0)
                ),
                None => format!("{} #{}: {}", t("ses-motion"), m.number, m.title),
            };
            b.push(Block::Heading(3, heading));
            let mut about = label(page, "motion-status", m.status.as_str());
            if let Some(n) = &m.by_name {
                about.push_str(&format!(" · {n}"));
            }
            if let Some(o) = &m.by_organization {
                about.push_str(&format!(" ({o})"));
            }
            about.push_str(" · ");
            about.push_str(&page.i18n.t_args(
                "ses-motions-supporters",
                &[
                    ("n", Arg::from(m.supporters)),
                    ("min", Arg::from(m.min_supporters)),
                ],
            ));
            if let Some(r) = &m.recommendation {
                about.push_str(&format!(
                    " · {}: {}",
                    t("ses-motions-recommendation"),
                    label(page, "recommend", r.as_str())
                ));
            }
            b.push(Block::Paragraph(about));
            for (i, p) in m.paragraphs().iter().enumerate() {
                b.push(Block::Paragraph(format!("{}. {p}", i + 1)));
            }
        }
        for c in &mi.votes {
            vote_blocks(page, c, b);
        }
    }
    if !d.other_votes.is_empty() {
        b.push(Block::Heading(1, t("ses-votes-title")));
        for c in &d.other_votes {
            vote_blocks(page, c, b);
        }
    }

    b.push(Block::Heading(1, t("ses-resolutions-title")));
    if d.resolutions.is_empty() {
        b.push(Block::Paragraph(t("ses-resolutions-none")));
    }
    for r in &d.resolutions {
        b.push(Block::Heading(
            2,
            format!(
                "{}: {}",
                page.i18n
                    .t_args("ses-resolution-number", &[("n", Arg::from(r.number))]),
                r.title
            ),
        ));
        for p in r.paragraphs() {
            b.push(Block::Paragraph(p));
        }
    }

    if let Some((position, hash)) = &d.head {
        let key = if s.is_closed() {
            "ses-minutes-made-from"
        } else {
            "ses-minutes-provisional"
        };
        b.push(Block::Rule);
        b.push(Block::Paragraph(format!(
            "{} {hash}",
            page.i18n.t_args(key, &[("position", Arg::from(*position))])
        )));
    }
    doc
}

/// One vote: its question, and once closed its result (as `result.html`) and who voted (how,
/// for an open vote).
fn vote_blocks(page: &PageCtx, c: &MinutesVote, b: &mut Vec<Block>) {
    let t = |key: &str| page.i18n.t(key);
    let v = &c.v;
    let kind = if v.secret {
        t("ses-vote-secret")
    } else {
        t("ses-vote-open-rollcall")
    };
    b.push(Block::Heading(
        3,
        format!(
            "{} #{}: {} ({kind})",
            t("ses-vote"),
            v.id,
            super::vote_title(page, v)
        ),
    ));
    if !v.is_closed() {
        b.push(Block::Paragraph(label(
            page,
            "vote-status",
            v.status.as_str(),
        )));
        return;
    }
    let result = v.result();
    // A number of the result as text (empty if there is none).
    let n = |x: Option<u64>| x.map(|x| x.to_string()).unwrap_or_default();
    let majority = label(page, "majority", v.majority.as_str());
    let outcome = if v.passed() {
        t("ses-result-passed")
    } else {
        t("ses-result-failed")
    };
    let mut rows = vec![(t("ses-minutes-pdf-outcome"), outcome)];
    let mut notes = Vec::new();
    if v.method == VoteMethod::YesNo {
        let r = v.yes_no();
        for (choice, count) in [
            (YesNoAbstainChoice::Yes, r.as_ref().map(|r| r.yes)),
            (YesNoAbstainChoice::No, r.as_ref().map(|r| r.no)),
            (YesNoAbstainChoice::Abstain, r.as_ref().map(|r| r.abstain)),
        ] {
            let key = format!("ses-choice-{}", choice.as_str());
            rows.push((t(&key), n(count.map(u64::from))));
        }
        notes.push(page.i18n.t_args(
            "ses-result-majority",
            &[
                ("majority", Arg::from(majority)),
                ("required", Arg::from(n(r.map(|r| r.required_yes)))),
            ],
        ));
    } else {
        for (o, n) in v.option_counts() {
            rows.push((o, n.to_string()));
        }
        let winner = v.winner();
        if !winner.is_empty() {
            rows.push((t("ses-result-winner"), winner));
        }
        if !v.by_plurality() {
            notes.push(page.i18n.t_args(
                "ses-result-choice-majority",
                &[
                    ("majority", Arg::from(majority)),
                    ("required", Arg::from(n(v.choice().map(|r| r.required)))),
                ],
            ));
        }
        if v.is_tied() {
            notes.push(t("ses-result-tied"));
        }
    }
    let quorum = if result.as_ref().is_some_and(|r| r.quorum_met()) {
        "ses-result-quorum-met"
    } else {
        "ses-result-quorum-failed"
    };
    let (present, seated, required, basis) = match &result {
        Some(r) => (
            r.present().to_string(),
            r.seated().to_string(),
            r.quorum_required().to_string(),
            t(&super::quorum_members_key(r.quorum_basis())),
        ),
        None => Default::default(),
    };
    notes.push(page.i18n.t_args(
        quorum,
        &[
            ("present", Arg::from(present)),
            ("seated", Arg::from(seated)),
            ("required", Arg::from(required)),
            ("basis", Arg::from(basis)),
        ],
    ));
    if let Some(digest) = &v.digest {
        notes.push(format!("{}: {digest}", t("ses-result-digest")));
    }
    b.push(Block::KeyValue(rows));
    b.extend(notes.into_iter().map(Block::Paragraph));
    if !v.secret {
        if !c.roll.is_empty() {
            b.push(Block::Table(Table {
                header: vec![
                    t("ses-minutes-pdf-delegate"),
                    t("ses-minutes-pdf-organization"),
                    t("ses-minutes-pdf-choice"),
                ],
                rows: c
                    .roll
                    .iter()
                    .map(|r| {
                        let mut choice = label(page, "choice", r.choice.as_deref().unwrap_or(""));
                        if r.by_teller {
                            choice.push_str(&format!(" ({})", t("ses-vote-by-teller")));
                        }
                        let name = format!("{}{}", r.name, super::seat_note(page, r));
                        vec![name, r.organization.clone(), choice]
                    })
                    .collect(),
                widths: ColumnWidths::Relative(vec![3.0, 2.0, 2.0]),
            }));
        }
    } else {
        let names: Vec<String> = c
            .roll
            .iter()
            .map(|r| format!("{}{}", r.name, super::seat_note(page, r)))
            .collect();
        b.push(Block::Paragraph(format!(
            "{}: {}",
            t("ses-secret-voters"),
            names.join(", ")
        )));
    }
}
