//! The OpenAPI document.

use crate::extract::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Asamblea API", description = "The same actions as the pages. Every change of state is an act on the public record."),
    paths(
        super::assemblies::list, super::assemblies::seats,
        super::record::entries, super::record::head, crate::events::events,
        super::record_log::checkpoint, super::record_log::key, super::record_log::inclusion, super::record_log::consistency,
        super::record_tiles::checkpoint, super::record_tiles::tile,
        super::session::setup, super::session::login, super::session::logout, super::session::start_pickup, super::session::collect,
        super::accounts::me, super::accounts::password, super::accounts::sessions_end, super::accounts::list, super::accounts::create, super::accounts::card,
    ),
    tags((name = "assemblies"), (name = "record"), (name = "session"), (name = "accounts"))
)]
pub struct ApiDoc;

pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    doc.merge(super::registry::Doc::openapi());
    doc.merge(super::delegates::Doc::openapi());
    doc.merge(super::sessions::Doc::openapi());
    doc.merge(super::federation::Doc::openapi());
    doc.merge(super::mandate::Doc::openapi());
    doc.merge(super::boards::Doc::openapi());
    doc.merge(super::hall::Doc::openapi());
    doc.merge(super::record_witness::Doc::openapi());
    Json(doc)
}
