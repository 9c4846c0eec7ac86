//! `/assemblies/{slug}/seats`: the seats of an assembly by sector and organization, as tables and
//! as a hemicycle.

use asamblea_app::queries::seats::{OrganizationSeats, SeatReport, seat_report};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::error::{PageError, render};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::state::AppState;

/// A sector as the page shows it: its name in the reader's language and its share.
pub struct SectorView {
    pub label: String,
    pub colour: String,
    pub seats: i64,
    pub percent: String,
    pub organizations: Vec<OrganizationSeats>,
}

#[derive(Template)]
#[template(path = "seats.html")]
struct Seats {
    page: PageCtx,
    report: SeatReport,
    sectors: Vec<SectorView>,
    method_name: String,
    hemicycle: String,
    /// The demo's assembly: its figures are illustrative, and the page says so (only there).
    demo: bool,
}

/// One decimal of a percentage, computed in integers.
fn percent(part: i64, total: i64) -> String {
    if total <= 0 {
        return "0".into();
    }
    let tenths = (part * 1000 + total / 2) / total;
    format!("{}.{}", tenths / 10, tenths % 10)
}

pub async fn seats(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let report = seat_report(&state.store, &slug)
        .await?
        .ok_or_else(PageError::not_found)?;
    let sectors: Vec<SectorView> = report
        .sectors
        .iter()
        .map(|s| SectorView {
            label: page.i18n.name_or("sector", &s.key, &s.name),
            colour: s.colour.clone(),
            seats: s.seats,
            percent: percent(s.seats, report.total_seats),
            organizations: s.organizations.clone(),
        })
        .collect();
    let hemicycle = hemicycle(&sectors, &report.assembly.name, &page.i18n);
    let method = report.method.as_str();
    let method_name = page.i18n.name_or("method", method, method);
    Ok(render(&Seats {
        page,
        report,
        sectors,
        method_name,
        hemicycle,
        demo: asamblea_app::demo::load_demo::is_demo_assembly(&slug),
    }))
}

/// The hemicycle drawing (one dot per seat, coloured by sector).
fn hemicycle(sectors: &[SectorView], title: &str, i18n: &crate::i18n::I18n) -> String {
    let groups: Vec<(&str, u32, &str)> = sectors
        .iter()
        .map(|s| {
            (
                s.label.as_str(),
                u32::try_from(s.seats).unwrap_or(0),
                s.colour.as_str(),
            )
        })
        .collect();
    let seats_text = |n: u32| i18n.t_args("seats-count", &[("count", i64::from(n).into())]);
    asamblea_rules::hemicycle::hemicycle_svg_with(&groups, Some(title), &seats_text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_rounds_to_one_decimal() {
        assert_eq!(super::percent(132, 220), "60.0");
        assert_eq!(super::percent(53, 220), "24.1");
        assert_eq!(super::percent(1, 3), "33.3");
        assert_eq!(super::percent(2, 3), "66.7");
    }
}
