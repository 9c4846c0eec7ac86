// Checks an Asamblea checkpoint and its proofs with Go's golang.org/x/mod/sumdb/note and
// sumdb/tlog, an implementation independent of Asamblea's (see verify_with_go.sh).
//
// Usage: go run verify_with_go.go KEY CHECKPOINT ENTRIES.json INCLUSION_DIR [OLD_CHECKPOINT CONSISTENCY.json]
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func die(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func read(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		die("%v", err)
	}
	return b
}

// open verifies a checkpoint note with the verifier key and returns its size and root.
func open(vkey string, msg []byte) (int64, tlog.Hash) {
	v, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		die("verifier key: %v", err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		die("note.Open: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != v.Name() {
		die("checkpoint body: %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		die("size: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		die("root hash: %v", err)
	}
	var h tlog.Hash
	copy(h[:], raw)
	return size, h
}

func hashes(list []string) []tlog.Hash {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(raw) != tlog.HashSize {
			die("proof hash %q", s)
		}
		copy(out[i][:], raw)
	}
	return out
}

// leaf is the canonical JSON of the whole entry (ARCHITECTURE.md): keys sorted, no spaces,
// no HTML escaping, integers as written.
func leaf(entry json.RawMessage) []byte {
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

func main() {
	if len(os.Args) != 5 && len(os.Args) != 7 {
		die("usage: KEY CHECKPOINT ENTRIES.json INCLUSION_DIR [OLD_CHECKPOINT CONSISTENCY.json]")
	}
	vkey := string(read(os.Args[1]))
	size, root := open(vkey, read(os.Args[2]))
	fmt.Printf("checkpoint verified with note.Open: size %d root %s\n", size, root)

	var entries []json.RawMessage
	if err := json.Unmarshal(read(os.Args[3]), &entries); err != nil {
		die("entries: %v", err)
	}
	checked := 0
	for i, e := range entries {
		if int64(i) >= size {
			break
		}
		var p struct{ Proof []string }
		path := filepath.Join(os.Args[4], fmt.Sprintf("%d.json", i+1))
		if err := json.Unmarshal(read(path), &p); err != nil {
			die("%s: %v", path, err)
		}
		if err := tlog.CheckRecord(hashes(p.Proof), size, root, int64(i), tlog.RecordHash(leaf(e))); err != nil {
			die("tlog.CheckRecord position %d: %v", i+1, err)
		}
		checked++
	}
	fmt.Printf("tlog.CheckRecord: %d inclusion proofs hold\n", checked)

	if len(os.Args) == 7 {
		oldSize, oldRoot := open(vkey, read(os.Args[5]))
		var p struct{ Proof []string }
		if err := json.Unmarshal(read(os.Args[6]), &p); err != nil {
			die("consistency: %v", err)
		}
		if err := tlog.CheckTree(hashes(p.Proof), size, root, oldSize, oldRoot); err != nil {
			die("tlog.CheckTree %d -> %d: %v", oldSize, size, err)
		}
		fmt.Printf("tlog.CheckTree: tree %d is a prefix of tree %d\n", oldSize, size)
	}
	fmt.Println("OK")
}
