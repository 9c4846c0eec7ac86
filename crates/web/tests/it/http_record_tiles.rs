//! The record as C2SP tlog-tiles over plain HTTP: a client that knows only the verifier key
//! fetches the checkpoint, the hash tiles and the entry bundles, checks the tiles against the
//! signed root (`tlog_tiles::TileHashReader`, Go's sumdb/tlog), rebuilds the tree from the
//! entries and gets the same root.

use std::collections::HashMap;
use std::net::SocketAddr;

use crate::common::on_both_backends;
use asamblea_record::tree::{self, TreeBuilder};
use asamblea_store::testing::TestDb;
use asamblea_store::{Entry, NewAct};
use asamblea_web::AppState;
use serde_json::json;
use tlog_tiles::{Tile, TileHashReader, TileReader};

const N: u64 = 300;

/// The tiles fetched over HTTP, served to `TileHashReader` (which checks them).
struct Fetched(HashMap<Tile, Vec<u8>>);

impl TileReader for Fetched {
    fn height(&self) -> u8 {
        8
    }
    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, tlog_tiles::Error> {
        Ok(tiles
            .iter()
            .map(|t| {
                self.0
                    .get(t)
                    .unwrap_or_else(|| panic!("tile {t:?} not fetched"))
                    .clone()
            })
            .collect())
    }
    fn save_tiles(&self, _: &[Tile], _: &[Vec<u8>]) {}
}

/// A tile's C2SP path from Go's (`tile/8/0/x001/234` -> `tile/0/x001/234`, `data` -> `entries`).
fn c2sp(tile: &Tile) -> String {
    tile.path()
        .replacen("tile/8/data/", "tile/entries/", 1)
        .replacen("tile/8/", "tile/", 1)
}

async fn a_mirror_rebuilds_the_tree_from_tiles(db: &TestDb) {
    let mut tx = db.store.begin().await.unwrap();
    for i in 0..N {
        tx.append(NewAct {
            actor: Some(format!("user:{i}")),
            kind: "test.act".into(),
            scope: "instance".into(),
            payload: json!({"i": i, "nota": "señal"}),
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    db.store.checkpoint().await.unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v1/record", listener.local_addr().unwrap());
    let app = asamblea_web::router(AppState::new(db.store.clone()))
        .into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let http = reqwest::Client::new();
    let fetch = async |path: &str| {
        let r = http.get(format!("{base}/{path}")).send().await.unwrap();
        (
            r.status().as_u16(),
            r.headers().clone(),
            r.bytes().await.unwrap().to_vec(),
        )
    };

    // What a mirror knows beforehand: the verifier key.
    let (_, _, key) = fetch("key").await;
    let vkey = String::from_utf8(key).unwrap().trim().to_string();
    let (st, headers, note) = fetch("log/checkpoint").await;
    assert_eq!(st, 200);
    assert_eq!(headers["cache-control"], "no-cache");
    let signed = tree::open_note(&String::from_utf8(note).unwrap(), &vkey).unwrap();
    assert_eq!(signed.size, N);

    // The hash tiles of the tree, checked against the signed root as they are read.
    let mut fetched = HashMap::new();
    for t in Tile::new_tiles(8, 0, N) {
        let (st, headers, body) = fetch(&format!("log/{}", c2sp(&t))).await;
        assert_eq!(st, 200, "{}", c2sp(&t));
        assert_eq!(body.len(), t.width() as usize * 32);
        let immutable = headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable");
        assert_eq!(immutable, t.width() == 256, "{}", c2sp(&t));
        fetched.insert(t, body);
    }
    let reader = Fetched(fetched);
    let tiles = TileHashReader::new(N, signed.root, &reader);
    assert_eq!(tlog_tiles::tree_hash(N, &tiles).unwrap(), signed.root);
    let leaf_hashes = tlog_tiles::HashReader::read_hashes(
        &tiles,
        &(0..N)
            .map(|i| tlog_tiles::stored_hash_index(0, i))
            .collect::<Vec<_>>(),
    )
    .unwrap();

    // The entries, from their bundles: each leaf's hash is in the tiles, and the tree rebuilt
    // from them has the signed root.
    let mut rebuilt = TreeBuilder::default();
    let mut leaves = 0u64;
    for n in 0..N.div_ceil(256) {
        let width = (N - n * 256).min(256) as u32;
        let t = Tile::new(8, 0, n, width, true);
        let (st, _, body) = fetch(&format!("log/{}", c2sp(&t))).await;
        assert_eq!(st, 200, "{}", c2sp(&t));
        let mut rest = &body[..];
        while !rest.is_empty() {
            let len = u16::from_be_bytes([rest[0], rest[1]]) as usize;
            let data = &rest[2..2 + len];
            rest = &rest[2 + len..];
            assert_eq!(tlog_tiles::record_hash(data), leaf_hashes[leaves as usize]);
            let entry: Entry = serde_json::from_slice(data).unwrap();
            assert_eq!(entry.position as u64, leaves + 1);
            rebuilt.push(&entry).unwrap();
            leaves += 1;
        }
    }
    assert_eq!(leaves, N);
    assert_eq!(rebuilt.root(N), Some(signed.root));

    // Beyond the checkpoint's tree, or not a tile path: not found.
    for path in [
        "tile/0/002",
        "tile/0/001",
        "tile/entries/001",
        "tile/1/000",
        "tile/0/abc",
        "tile/0/000.p/0",
    ] {
        assert_eq!(fetch(&format!("log/{path}")).await.0, 404, "{path}");
    }
    server.abort();
}
on_both_backends!(a_mirror_rebuilds_the_tree_from_tiles => sqlite_a_mirror_rebuilds_the_tree_from_tiles, postgres_a_mirror_rebuilds_the_tree_from_tiles);
