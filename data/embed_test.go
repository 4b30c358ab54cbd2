package data

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"testing"
)

func TestRORAsiaChecksum(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(RORAsia))
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	h := sha256.New()
	n, err := io.Copy(h, zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != RORAsiaSHA256 {
		t.Errorf("sha256 of %s: got %s, want %s", RORAsiaName, got, RORAsiaSHA256)
	}
	if want := int64(4665900); n != want {
		t.Errorf("uncompressed size: got %d, want %d", n, want)
	}
}
