//! The record as C2SP tlog-tiles (c2sp.org/tlog-tiles), so that anyone can mirror it over plain
//! HTTP, under the prefix `/api/v1/record/log/`:
//!
//! - `checkpoint`: the latest checkpoint, a signed note (as `/api/v1/record/checkpoint`);
//! - `tile/<L>/<N>[.p/<W>]`: the tree's hash tiles, height 8 (256 hashes of 32 bytes; a partial
//!   tile `.p/<W>` has `W`), `N` written in groups of three digits (`x001/x234/067`);
//! - `tile/entries/<N>[.p/<W>]`: entry bundles, each leaf's data (the entry's canonical JSON
//!   with its `hash`, see ARCHITECTURE.md) prefixed by its length in two big-endian bytes.
//!
//! Only tiles inside the latest checkpoint's tree are served; a full tile never changes
//! (cached for a year), a partial one is replaced by a wider one as the log grows.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tlog_tiles::Tile;

use crate::error::ApiError;
use crate::state::AppState;

/// The tiles' height (C2SP tlog-tiles fixes it at 8).
const HEIGHT: u8 = 8;
/// Entries (or hashes) in a full tile.
const WIDTH: u64 = 1 << HEIGHT;

fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "error-not-found")
}

/// The latest checkpoint (signed note), at the tiles' prefix.
#[utoipa::path(get, path = "/api/v1/record/log/checkpoint", tag = "record",
    responses((status = 200, description = "The signed note", body = String, content_type = "text/plain"),
        (status = 404, description = "No checkpoint yet")))]
pub async fn checkpoint(state: State<AppState>) -> Result<Response, ApiError> {
    let mut r = super::record_log::checkpoint(state).await?;
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache"),
    );
    Ok(r)
}

/// A hash tile `<L>/<N>[.p/<W>]` or an entry bundle `entries/<N>[.p/<W>]`
/// (c2sp.org/tlog-tiles).
#[utoipa::path(get, path = "/api/v1/record/log/tile/{path}", tag = "record",
    params(("path" = String, Path, description = "`<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`")),
    responses((status = 200, description = "The tile", body = Vec<u8>, content_type = "application/octet-stream"),
        (status = 404, description = "No such tile in the latest checkpoint's tree")))]
pub async fn tile(
    State(state): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    let tile = parse_path(&path).ok_or_else(not_found)?;
    let size = state
        .store
        .latest_note()
        .await
        .map_err(asamblea_app::AppError::from)?
        .map_or(0, |n| n.position as u64);
    // The leaves the tile covers end at (N * 256 + W) << (8 L): inside the checkpoint's tree.
    let end = (u128::from(tile.level_index()) * u128::from(WIDTH) + u128::from(tile.width()))
        << (u32::from(HEIGHT) * u32::from(tile.level()));
    if end > u128::from(size) {
        return Err(not_found());
    }
    let body = if tile.is_data() {
        entry_bundle(&state, tile).await?
    } else {
        state
            .store
            .tile_data(&tile)
            .await
            .map_err(asamblea_app::AppError::from)?
    };
    let cache = if u64::from(tile.width()) == WIDTH {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response())
}

/// The tile a C2SP path names: `<L>/<N>[.p/<W>]` (`L` below 8, so any tile's leaves fit in 64
/// bits) or `entries/<N>[.p/<W>]`; `N` in groups of three digits, all but the last prefixed by
/// `x`; `W` from 1 to 255 without leading zeros. `None` for anything else. (Not
/// `Tile::from_path`: it panics on `.p/0`.)
fn parse_path(path: &str) -> Option<Tile> {
    let (main, width) = match path.split_once(".p/") {
        Some((main, w)) => {
            let ok = !w.starts_with('0') && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit());
            let w: u32 = w.parse().ok().filter(|w| ok && (1..256).contains(w))?;
            (main, w)
        }
        None => (path, 256),
    };
    let mut parts = main.split('/');
    let first = parts.next()?;
    let (level, is_data) = if first == "entries" {
        (0, true)
    } else {
        let digits = first.len() == 1 && first.bytes().all(|b| b.is_ascii_digit());
        (
            first.parse::<u8>().ok().filter(|l| digits && *l < 8)?,
            false,
        )
    };
    let groups: Vec<&str> = parts.collect();
    let (last, prefixed) = groups.split_last()?;
    let mut n: u64 = 0;
    for (i, g) in prefixed
        .iter()
        .map(|g| g.strip_prefix('x'))
        .chain([Some(*last)])
        .enumerate()
    {
        let g = g?;
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) || i > 6 {
            return None;
        }
        n = n.checked_mul(1000)?.checked_add(g.parse().ok()?)?;
    }
    Some(Tile::new(HEIGHT, level, n, width, is_data))
}

/// The entries of a data tile, each leaf's data prefixed by its length (two bytes, big-endian).
async fn entry_bundle(state: &AppState, tile: Tile) -> Result<Vec<u8>, ApiError> {
    let start = tile.level_index() * WIDTH;
    let entries = state
        .store
        .entries_after(start as i64, i64::from(tile.width()))
        .await
        .map_err(asamblea_app::AppError::from)?;
    let mut out = Vec::new();
    for entry in &entries {
        let data = asamblea_store::record::tree::leaf_data(entry)
            .map_err(|e| asamblea_app::AppError::Internal(e.to_string()))?;
        let len = u16::try_from(data.len()).map_err(|_| {
            asamblea_app::AppError::Internal(format!(
                "entry {} is longer than an entry bundle allows (65535 bytes)",
                entry.position
            ))
        })?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&data);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::parse_path;

    #[test]
    fn paths() {
        let t = parse_path("0/x001/x234/067.p/8").expect("tile");
        assert_eq!(
            (t.level(), t.level_index(), t.width(), t.is_data()),
            (0, 1_234_067, 8, false)
        );
        let t = parse_path("entries/000").expect("bundle");
        assert_eq!((t.level_index(), t.width(), t.is_data()), (0, 256, true));
        assert_eq!(parse_path("2/005").map(|t| t.level()), Some(2));
        for bad in [
            "0/000.p/0",
            "0/000.p/256",
            "0/000.p/08",
            "8/000",
            "0/00",
            "0/x000",
            "0/1234",
            "0/y001/000",
            "a/000",
            "00/000",
            "0/x999/x999/x999/x999/x999/x999/x999/999",
            "",
            "0/000/",
            "entries/000.p/",
        ] {
            assert!(parse_path(bad).is_none(), "{bad}");
        }
    }
}
