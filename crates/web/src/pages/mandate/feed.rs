//! `/assemblies/{slug}/feed.atom`: an Atom feed of an assembly's announcements, so that radios
//! and unions' own sites can relay them: each call that takes effect (issued in effect, or
//! fired), each step, each lift, each new platform, read from the record (each entry links to its
//! act and to the call or the mandate page).

use asamblea_app::queries::calls::{self, FeedAct};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::assembly;
use crate::error::PageError;
use crate::page::PageCtx;
use crate::state::AppState;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The entry's title and link for an act.
fn entry(page: &PageCtx, slug: &str, a: &FeedAct) -> (String, String, String) {
    let payload: serde_json::Value = serde_json::from_str(&a.payload).unwrap_or_default();
    let text = |k: &str| payload[k].as_str().unwrap_or_default().to_string();
    let call_id = payload["call_id"].as_i64();
    let sentence = page.i18n.act_sentence(&a.kind);
    let (title, link) = match call_id {
        Some(id) => {
            let title = payload["title"].as_str().map_or_else(
                || {
                    format!(
                        "{sentence} ({})",
                        page.i18n.t_args("calls-call-n", &[("n", id.into())])
                    )
                },
                |t| format!("{sentence}: {t}"),
            );
            (title, format!("/calls/{id}"))
        }
        None => (sentence, format!("/assemblies/{slug}/mandate#platform")),
    };
    let mut summary = text("body");
    if let Some(items) = payload["items"].as_array() {
        summary = items
            .iter()
            .filter_map(|i| i["body"].as_str())
            .enumerate()
            .map(|(n, b)| format!("{}. {b}", n + 1))
            .collect::<Vec<_>>()
            .join("\n");
    }
    if let Some(step) = payload["step"].as_i64() {
        summary = page.i18n.t_args("calls-step", &[("n", step.into())]);
    }
    (title, link, summary)
}

pub async fn atom(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let a = assembly(&state, &slug).await?;
    let acts = calls::feed(&state.store, a.id, 50).await?;
    let base = &page.origin;
    let updated = acts.first().map_or_else(
        || "1971-06-22T00:00:00Z".to_string(),
        |x| x.recorded_at.clone(),
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n<id>{base}/assemblies/{slug}/feed.atom</id>\n<updated>{}</updated>\n\
         <link rel=\"self\" href=\"{base}/assemblies/{slug}/feed.atom\"/>\n<link href=\"{base}/assemblies/{slug}/calls\"/>\n",
        xml(&format!("{}: {}", a.name, page.i18n.t("mandate-feed"))),
        xml(&updated)
    ));
    for act in &acts {
        let (title, link, summary) = entry(&page, &slug, act);
        out.push_str(&format!(
            "<entry>\n<id>{base}/record#{pos}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
             <link href=\"{base}{}\"/>\n<link rel=\"related\" href=\"{base}/record?before={next}\"/>\n<summary>{}</summary>\n</entry>\n",
            xml(&title),
            xml(&act.recorded_at),
            xml(&link),
            xml(&summary),
            pos = act.position,
            next = act.position + 1,
        ));
    }
    out.push_str("</feed>\n");
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        out,
    )
        .into_response())
}
