//! Assemblies and their seats.

use asamblea_app::queries::assemblies::{AssemblySummary, list_assemblies};
use asamblea_app::queries::seats::{SeatReport, seat_report};
use axum::extract::State;
use axum::http::StatusCode;

use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;

/// All assemblies.
#[utoipa::path(get, path = "/api/v1/assemblies", tag = "assemblies",
    responses((status = 200, description = "The assemblies", body = [AssemblySummary])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<AssemblySummary>>, ApiError> {
    Ok(Json(list_assemblies(&state.store).await?))
}

/// The seats of an assembly by sector and organization.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/seats", tag = "assemblies",
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 200, description = "The seat report", body = SeatReport), (status = 404, description = "No such assembly or no seat plan")))]
pub async fn seats(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<SeatReport>, ApiError> {
    seat_report(&state.store, &slug)
        .await?
        .map(Json)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}
