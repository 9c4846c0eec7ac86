// Checks a running Asamblea's record with Go's golang.org/x/mod/sumdb/note and sumdb/tlog (an
// implementation independent of Asamblea's), both as C2SP tlog-tiles under /api/v1/record/log/
// and through the proof endpoints /api/v1/record/proof/{inclusion,consistency}, and a witness's
// cosignature (c2sp.org/tlog-cosignature) with crypto/ed25519. See scripts/interop-tlog.sh and
// RELIABILITY.md.
//
// Usage: go run main.go [flags] URL VKEY [EARLIER_CHECKPOINT_FILE ...]
//
//   - the verifier key VKEY (Go's note format) must equal the one Go builds from the public key
//     in /api/v1/record/head; the latest checkpoint is opened with note.Open;
//   - the hash tiles are read with tlog.TileHashReader (which checks every tile against the
//     root) and tlog.TreeHash must equal the checkpoint's root;
//   - every leaf of every entry bundle is proved (tlog.ProveRecord over the tiles) and checked
//     (tlog.CheckRecord); the entries of /api/v1/record, re-encoded by Go as canonical JSON, must
//     be the bundles' bytes; every leaf's proof from /api/v1/record/proof/inclusion must check too;
//   - each earlier checkpoint (kept before the log grew) is opened with VKEY, its tree rebuilt
//     from today's (partial) tiles, and proved a prefix of the latest tree both with
//     tlog.ProveTree over the tiles and with /api/v1/record/proof/consistency, with inclusion
//     proofs at its size for leaves on both sides of each 256-leaf tile boundary;
//   - the same for sizes around the tile boundaries (1, 255, 256, 257, 300, 511, 512, 513, ...)
//     whose roots come from the tiles (tlog.TreeHash at that size);
//   - with -witness WVKEY: /api/v1/record/cosigned is opened with note.Open and a note.Verifier
//     for the witness's cosignature/v1 key (sumdb/note's NewVerifier knows only Ed25519 keys,
//     type 0x01, not cosignature/v1, type 0x04: the Verifier is written here with crypto/ed25519
//     over "cosignature/v1\ntime <t>\n" + body, as c2sp.org/tlog-cosignature says).
//
// Negative checks (each must make the run FAIL): -wrong-key (a fresh log key of the same name),
// -wrong-witness (a fresh witness key of the same name), -flip SUBSTR (one byte changed in every
// response whose path contains SUBSTR, as a lying server or proxy would; SUBSTR#sig changes the
// note's last signature line instead of its body).
//
// Prints PASS and exits 0, or prints FAIL and why and exits 1.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8 // C2SP tlog-tiles
const width = 1 << height

func die(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}

var (
	base    string
	flip    = flag.String("flip", "", "flip one byte in every response whose path contains this")
	flipped int
)

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
	target, sigLine := strings.TrimSuffix(*flip, "#sig"), strings.HasSuffix(*flip, "#sig")
	if *flip != "" && strings.Contains(path, target) && len(body) > 8 {
		// The middle of a hash tile; in an entry bundle, the middle of the first entry's bytes;
		// in a proof's JSON a character of the last hash (not its padding); in a note, the
		// middle of the signed body, or with `#sig` the middle of the last signature line's
		// base64 (a changed signature line of a key not asked for would be ignored, rightly).
		at := len(body) / 2
		note := strings.Contains(path, "checkpoint") || strings.Contains(path, "cosigned")
		switch {
		case body[0] == '{':
			at = len(body) - 6
		case strings.Contains(path, "/tile/entries/"):
			at = 2 + (int(body[0])<<8|int(body[1]))/2
		case note && sigLine:
			last := bytes.LastIndexByte(body[:len(body)-1], ' ')
			at = last + (len(body)-last)/2
		case note:
			at = bytes.Index(body, []byte("\n\n")) / 2
		}
		if body[0] == '{' {
			// Another valid base64 character, so the proof decodes to a different hash.
			if body[at] == 'A' {
				body[at] = 'B'
			} else {
				body[at] = 'A'
			}
		} else {
			body[at] ^= 1
		}
		flipped++
	}
	return body
}

// open verifies a checkpoint note and returns its tree (c2sp.org/tlog-checkpoint body:
// origin, size, base64 root hash, then optional extension lines).
func open(msg []byte, verifiers ...note.Verifier) (tlog.Tree, *note.Note) {
	n, err := note.Open(msg, note.VerifierList(verifiers...))
	if err != nil {
		die("note.Open: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != verifiers[0].Name() {
		die("checkpoint body %q: origin is not the key's name %q", n.Text, verifiers[0].Name())
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
	return tlog.Tree{N: size, Hash: h}, n
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
	w := size - n*width
	if w > width {
		w = width
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

func hashes(what string, list []string) []tlog.Hash {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(raw) != tlog.HashSize {
			die("%s: proof hash %q", what, s)
		}
		copy(out[i][:], raw)
	}
	return out
}

// proof reads a proof endpoint's JSON (`{"proof": [base64, ...], ...}`).
func proof(path string) []tlog.Hash {
	var p struct{ Proof []string }
	if err := json.Unmarshal(get(path), &p); err != nil {
		die("%s: %v", path, err)
	}
	return hashes(path, p.Proof)
}

// canonical is Go's encoding of an entry of /api/v1/record as canonical JSON
// (ARCHITECTURE.md): keys sorted, no spaces, no HTML escaping, numbers as written.
func canonical(entry json.RawMessage) []byte {
	dec := json.NewDecoder(bytes.NewReader(entry))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		die("entry: %v", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		die("entry: %v", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// checkInclusion checks leaf i against the tree (size, root) with the endpoint's proof.
func checkInclusion(size int64, root tlog.Hash, i int64, leaf []byte) {
	p := proof(fmt.Sprintf("/api/v1/record/proof/inclusion?position=%d&size=%d", i+1, size))
	if err := tlog.CheckRecord(p, size, root, i, tlog.RecordHash(leaf)); err != nil {
		die("CheckRecord (endpoint proof) leaf %d in tree %d: %v", i, size, err)
	}
}

// checkOld proves the tree old (signed, or rebuilt from the tiles) a prefix of the latest,
// over the tiles and through the endpoint, and checks leaves on both sides of each tile
// boundary in it.
func checkOld(what string, old, tree tlog.Tree, r tlog.HashReader, leaves [][]byte) {
	p, err := tlog.ProveTree(tree.N, old.N, r)
	if err != nil {
		die("ProveTree %d -> %d: %v", old.N, tree.N, err)
	}
	if err := tlog.CheckTree(p, tree.N, tree.Hash, old.N, old.Hash); err != nil {
		die("CheckTree (tiles) %s %d -> %d: %v", what, old.N, tree.N, err)
	}
	ep := proof(fmt.Sprintf("/api/v1/record/proof/consistency?old=%d&size=%d", old.N, tree.N))
	if err := tlog.CheckTree(ep, tree.N, tree.Hash, old.N, old.Hash); err != nil {
		die("CheckTree (endpoint proof) %s %d -> %d: %v", what, old.N, tree.N, err)
	}
	picked := map[int64]bool{0: true, old.N - 1: true}
	for b := int64(width); b < old.N; b += width {
		picked[b-1], picked[b] = true, true
	}
	var idx []int64
	for i := range picked {
		idx = append(idx, i)
	}
	sort.Slice(idx, func(a, b int) bool { return idx[a] < idx[b] })
	var at []string
	for _, i := range idx {
		tp, err := tlog.ProveRecord(old.N, i, r)
		if err != nil {
			die("ProveRecord leaf %d in tree %d: %v", i, old.N, err)
		}
		if err := tlog.CheckRecord(tp, old.N, old.Hash, i, tlog.RecordHash(leaves[i])); err != nil {
			die("CheckRecord (tiles) leaf %d in tree %d: %v", i, old.N, err)
		}
		checkInclusion(old.N, old.Hash, i, leaves[i])
		at = append(at, strconv.FormatInt(i, 10))
	}
	fmt.Printf("consistency %s %d -> %d: tiles and endpoint proofs check; inclusion at size %d of leaves %s (tiles and endpoint)\n",
		what, old.N, tree.N, old.N, strings.Join(at, ","))
}

// cosigVerifier is a note.Verifier for a c2sp.org/tlog-cosignature (cosignature/v1) key: the
// signature is 8 bytes of big-endian timestamp then Ed25519 over
// "cosignature/v1\ntime <timestamp>\n" followed by the note's body.
type cosigVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func (v cosigVerifier) Name() string    { return v.name }
func (v cosigVerifier) KeyHash() uint32 { return v.hash }
func (v cosigVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig[:8])
	signed := append([]byte(fmt.Sprintf("cosignature/v1\ntime %d\n", t)), msg...)
	return ed25519.Verify(v.key, signed, sig[8:])
}

// cosigKeyHash is the key id of c2sp.org/signed-note: SHA-256(name || "\n" || 0x04 || key)[:4].
func cosigKeyHash(name string, key ed25519.PublicKey) uint32 {
	h := sha256.Sum256(append(append([]byte(name+"\n"), 0x04), key...))
	return binary.BigEndian.Uint32(h[:4])
}

// witnessVerifier parses a witness's verifier key `<name>+<hex key id>+<base64(0x04 || key)>`.
func witnessVerifier(vkey string) cosigVerifier {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		die("witness key %q: not name+id+key", vkey)
	}
	id, err1 := strconv.ParseUint(parts[1], 16, 32)
	raw, err2 := base64.StdEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || len(raw) != 1+ed25519.PublicKeySize || raw[0] != 0x04 {
		die("witness key %q: not a cosignature/v1 key (type 0x04)", vkey)
	}
	key := ed25519.PublicKey(raw[1:])
	if uint32(id) != cosigKeyHash(parts[0], key) {
		die("witness key %q: the key id is not SHA-256(name, 0x04, key)[:4]", vkey)
	}
	return cosigVerifier{name: parts[0], hash: uint32(id), key: key}
}

func main() {
	witness := flag.String("witness", "", "a witness's verifier key: check its cosignature")
	wrongKey := flag.Bool("wrong-key", false, "use a fresh log key of the same name (must FAIL)")
	wrongWitness := flag.Bool("wrong-witness", false, "use a fresh witness key of the same name (must FAIL)")
	flag.Parse()
	args := flag.Args()
	if len(args) < 2 {
		die("usage: main [-witness WVKEY] [-flip PATH] [-wrong-key] [-wrong-witness] URL VKEY [EARLIER_CHECKPOINT_FILE ...]")
	}
	base = strings.TrimRight(args[0], "/")
	vkey := strings.TrimSpace(args[1])
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		die("verifier key: %v", err)
	}
	if *wrongKey {
		_, fresh, err := note.GenerateKey(rand.Reader, verifier.Name())
		if err != nil {
			die("%v", err)
		}
		if verifier, err = note.NewVerifier(fresh); err != nil {
			die("%v", err)
		}
	}
	tree, _ := open(get("/api/v1/record/log/checkpoint"), verifier)
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
	if err != nil || built != vkey {
		die("the verifier key built from the public key, %q, is not %q (%v)", built, vkey, err)
	}
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
	fmt.Printf("checkpoint %s: size %d, root %v verified with note.Open; the hash tiles give the same root\n",
		verifier.Name(), tree.N, tree.Hash)

	// Every leaf, from the entry bundles: inclusion over the tiles and through the endpoint.
	var leaves [][]byte
	for n := int64(0); n*width < tree.N; n++ {
		leaves = append(leaves, bundle(n, tree.N)...)
	}
	for i, leaf := range leaves {
		p, err := tlog.ProveRecord(tree.N, int64(i), r)
		if err != nil {
			die("ProveRecord leaf %d: %v", i, err)
		}
		if err := tlog.CheckRecord(p, tree.N, tree.Hash, int64(i), tlog.RecordHash(leaf)); err != nil {
			die("CheckRecord (tiles) leaf %d (position %d): %v", i, i+1, err)
		}
		if i == 0 {
			// The check can fail: one changed byte must not verify.
			bad := append([]byte{}, leaf...)
			bad[len(bad)/2] ^= 1
			if tlog.CheckRecord(p, tree.N, tree.Hash, int64(i), tlog.RecordHash(bad)) == nil {
				die("a changed leaf verified")
			}
		}
		checkInclusion(tree.N, tree.Hash, int64(i), leaf)
	}
	fmt.Printf("inclusion: all %d leaves (entry bundles %d) proved and checked, over the tiles and with the endpoint's proofs\n",
		len(leaves), (tree.N+width-1)/width)

	// The entries of /api/v1/record, as Go encodes canonical JSON, are the bundles' leaves.
	same := int64(0)
	for same < tree.N {
		var page []json.RawMessage
		if err := json.Unmarshal(get(fmt.Sprintf("/api/v1/record?after=%d&limit=1000", same)), &page); err != nil {
			die("/api/v1/record: %v", err)
		}
		if len(page) == 0 {
			die("/api/v1/record ends at %d, the tree has %d", same, tree.N)
		}
		for _, e := range page {
			if same >= tree.N {
				break
			}
			if c := canonical(e); !bytes.Equal(c, leaves[same]) {
				die("entry %d: Go's canonical JSON %q is not the bundle's leaf %q", same+1, c, leaves[same])
			}
			same++
		}
	}
	fmt.Printf("canonical JSON: the %d entries of /api/v1/record, encoded by Go, are the bundles' leaves\n", same)

	// Earlier checkpoints, kept before the log grew.
	for _, file := range args[2:] {
		msg, err := os.ReadFile(file)
		if err != nil {
			die("%v", err)
		}
		old, _ := open(msg, verifier)
		if old.N > tree.N {
			die("the earlier checkpoint (%d) is larger than the latest (%d)", old.N, tree.N)
		}
		if h, err := tlog.TreeHash(old.N, tlog.TileHashReader(old, tiles)); err != nil || h != old.Hash {
			die("the earlier checkpoint's tree %d from the tiles: %v %v", old.N, h, err)
		}
		checkOld("from signed checkpoint", old, tree, r, leaves)
	}
	// Sizes around the tile boundaries, roots from the tiles.
	for _, m := range []int64{1, 255, 256, 257, 300, 511, 512, 513, 767, 768, 769, tree.N - 1} {
		if m < 1 || m >= tree.N {
			continue
		}
		h, err := tlog.TreeHash(m, r)
		if err != nil {
			die("TreeHash %d: %v", m, err)
		}
		checkOld("from size (root from tiles)", tlog.Tree{N: m, Hash: h}, tree, r, leaves)
	}

	if *witness != "" {
		w := witnessVerifier(strings.TrimSpace(*witness))
		if _, err := note.NewVerifier(strings.TrimSpace(*witness)); err != nil {
			fmt.Printf("witness %s: sumdb/note's NewVerifier refuses its cosignature/v1 key (%v); its note.Verifier is written here with crypto/ed25519\n", w.name, err)
		}
		if *wrongWitness {
			pub, _, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				die("%v", err)
			}
			w = cosigVerifier{name: w.name, hash: w.hash, key: pub}
		}
		cosigned, n := open(get("/api/v1/record/cosigned"), verifier, w)
		ok := false
		for _, s := range n.Sigs {
			ok = ok || (s.Name == w.name && s.Hash == w.hash)
		}
		if !ok {
			die("the cosigned checkpoint (size %d) has no valid cosignature of %s", cosigned.N, w.name)
		}
		if cosigned.N > tree.N {
			die("the cosigned checkpoint (%d) is larger than the latest (%d)", cosigned.N, tree.N)
		}
		if h, err := tlog.TreeHash(cosigned.N, tlog.TileHashReader(cosigned, tiles)); err != nil || h != cosigned.Hash {
			die("the cosigned checkpoint's tree %d from the tiles: %v %v", cosigned.N, h, err)
		}
		checkOld("from the cosigned checkpoint", cosigned, tree, r, leaves)
		fmt.Printf("cosignature: /api/v1/record/cosigned (size %d) opened with note.Open and the verifiers of the log and of witness %s: both signatures hold\n",
			cosigned.N, w.name)
	}
	if *flip != "" && flipped == 0 {
		die("-flip %q matched no response", *flip)
	}
	fmt.Printf("hash tiles fetched: %d\nPASS\n", tiles.fetched)
}
