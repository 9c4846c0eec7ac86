// Checks a running Asamblea's record, served as C2SP tlog-tiles under /api/v1/record/log/, with
// Go's golang.org/x/mod/sumdb/note and sumdb/tlog (an implementation independent of Asamblea's).
// See scripts/interop-tlog.sh and RELIABILITY.md.
//
// Usage: go run main.go URL VKEY [EARLIER_CHECKPOINT_FILE]
//
//   - fetches URL/api/v1/record/log/checkpoint and verifies the signed note with VKEY (Go's
//     note verifier key, `<name>+<hash>+<base64(0x01||pubkey)>`), reads its size and root hash;
//   - reads the hash tiles over HTTP with tlog.TileHashReader (which checks every tile against
//     the root) and checks tlog.TreeHash equals the checkpoint's root;
//   - reads every entry bundle, and for every leaf proves (tlog.ProveRecord) and checks
//     (tlog.CheckRecord) its inclusion with tlog.RecordHash of the bundle's bytes;
//   - given an earlier checkpoint, verifies it with VKEY too and checks the tree grew from it
//     (tlog.ProveTree / tlog.CheckTree).
//
// Prints PASS and exits 0, or prints FAIL and why and exits 1.
package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8 // C2SP tlog-tiles

func die(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}

var base string

func get(path string) []byte {
	resp, err := http.Get(base + path)
	if err != nil {
		die("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		die("GET %s: status %d, %v", path, resp.StatusCode, err)
	}
	return body
}

// open verifies a checkpoint note and returns its tree (c2sp.org/tlog-checkpoint body:
// origin, size, base64 root hash, then optional extension lines).
func open(verifier note.Verifier, msg []byte) tlog.Tree {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		die("note.Open: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		die("checkpoint body %q: origin is not the key's name %q", n.Text, verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		die("checkpoint size %q: %v", lines[1], err)
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		die("checkpoint root hash %q: %v", lines[2], err)
	}
	var h tlog.Hash
	copy(h[:], raw)
	return tlog.Tree{N: size, Hash: h}
}

// tilePath is the C2SP path of a tile: Go's path without the height, `entries` for data tiles.
func tilePath(t tlog.Tile) string {
	p := strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", height))
	return "/api/v1/record/log/tile/" + strings.Replace(p, "data/", "entries/", 1)
}

// httpTiles is a tlog.TileReader over HTTP.
type httpTiles struct {
	fetched int
	cache   map[string][]byte
}

func (r *httpTiles) Height() int { return height }

func (r *httpTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		p := tilePath(t)
		if r.cache[p] == nil {
			r.cache[p] = get(p)
			r.fetched++
		}
		out[i] = r.cache[p]
	}
	return out, nil
}

func (r *httpTiles) SaveTiles([]tlog.Tile, [][]byte) {}

// bundle reads entry bundle n of a tree of size entries: each entry's bytes after its length
// in two big-endian bytes (c2sp.org/tlog-tiles).
func bundle(n, size int64) [][]byte {
	w := size - n*(1<<height)
	if w > 1<<height {
		w = 1 << height
	}
	data := get(tilePath(tlog.Tile{H: height, L: -1, N: n, W: int(w)}))
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			die("entry bundle %d: a truncated length", n)
		}
		l := int(data[0])<<8 | int(data[1])
		if len(data) < 2+l {
			die("entry bundle %d: entry %d is truncated", n, len(entries))
		}
		entries = append(entries, data[2:2+l])
		data = data[2+l:]
	}
	if int64(len(entries)) != w {
		die("entry bundle %d: %d entries, expected %d", n, len(entries), w)
	}
	return entries
}

func main() {
	if len(os.Args) < 3 || len(os.Args) > 4 {
		die("usage: main URL VKEY [EARLIER_CHECKPOINT_FILE]")
	}
	base = strings.TrimRight(os.Args[1], "/")
	verifier, err := note.NewVerifier(strings.TrimSpace(os.Args[2]))
	if err != nil {
		die("verifier key: %v", err)
	}
	// The key again, built here from the raw Ed25519 public key the server states in
	// /api/v1/record/head and the origin `asamblea/<first 16 hex digits of it>`.
	var head struct {
		Checkpoint struct {
			PublicKey string `json:"public_key"`
		} `json:"checkpoint"`
	}
	if err := json.Unmarshal(get("/api/v1/record/head"), &head); err != nil {
		die("/api/v1/record/head: %v", err)
	}
	pub, err := hex.DecodeString(head.Checkpoint.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		die("public key %q: %v", head.Checkpoint.PublicKey, err)
	}
	built, err := note.NewEd25519VerifierKey("asamblea/"+head.Checkpoint.PublicKey[:16], ed25519.PublicKey(pub))
	if err != nil || built != strings.TrimSpace(os.Args[2]) {
		die("the verifier key built from the public key, %q, is not %q (%v)", built, os.Args[2], err)
	}
	tree := open(verifier, get("/api/v1/record/log/checkpoint"))
	if tree.N < 1 {
		die("empty tree")
	}
	tiles := &httpTiles{cache: map[string][]byte{}}
	r := tlog.TileHashReader(tree, tiles)
	root, err := tlog.TreeHash(tree.N, r)
	if err != nil {
		die("TreeHash over the tiles: %v", err)
	}
	if root != tree.Hash {
		die("the tiles' root %v is not the checkpoint's %v", root, tree.Hash)
	}
	fmt.Printf("checkpoint %s: size %d, root %v verified; the hash tiles give the same root\n",
		verifier.Name(), tree.N, tree.Hash)

	checked := int64(0)
	for n := int64(0); n*(1<<height) < tree.N; n++ {
		for j, leaf := range bundle(n, tree.N) {
			i := n*(1<<height) + int64(j)
			proof, err := tlog.ProveRecord(tree.N, i, r)
			if err != nil {
				die("ProveRecord leaf %d: %v", i, err)
			}
			if err := tlog.CheckRecord(proof, tree.N, tree.Hash, i, tlog.RecordHash(leaf)); err != nil {
				die("CheckRecord leaf %d (position %d): %v", i, i+1, err)
			}
			if i == 0 {
				// The check can fail: one changed byte must not verify.
				bad := append([]byte{}, leaf...)
				bad[len(bad)/2] ^= 1
				if tlog.CheckRecord(proof, tree.N, tree.Hash, i, tlog.RecordHash(bad)) == nil {
					die("a changed leaf verified")
				}
			}
			checked++
		}
	}
	fmt.Printf("inclusion: all %d leaves (from the entry bundles) proved and checked\n", checked)

	if len(os.Args) == 4 {
		msg, err := os.ReadFile(os.Args[3])
		if err != nil {
			die("%v", err)
		}
		old := open(verifier, msg)
		if old.N > tree.N {
			die("the earlier checkpoint (%d) is larger than the latest (%d)", old.N, tree.N)
		}
		proof, err := tlog.ProveTree(tree.N, old.N, r)
		if err != nil {
			die("ProveTree %d -> %d: %v", old.N, tree.N, err)
		}
		if err := tlog.CheckTree(proof, tree.N, tree.Hash, old.N, old.Hash); err != nil {
			die("CheckTree %d -> %d: %v", old.N, tree.N, err)
		}
		fmt.Printf("consistency: the earlier checkpoint's tree (size %d) is a prefix of size %d\n", old.N, tree.N)
	}
	fmt.Printf("hash tiles fetched: %d\nPASS\n", tiles.fetched)
}
