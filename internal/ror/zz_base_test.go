package ror

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/setu-council/setu/data"
)

func BenchmarkBaseline(b *testing.B) {
	plain := gunzip(b, data.RORAsia)
	lines := bytes.Split(plain, []byte("\n"))
	b.Run("unmarshal", func(b *testing.B) {
		for b.Loop() {
			for _, l := range lines {
				if len(l) == 0 {
					continue
				}
				var c compactRecord
				if err := json.Unmarshal(l, &c); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("valid", func(b *testing.B) {
		for b.Loop() {
			for _, l := range lines {
				json.Valid(l)
			}
		}
	})
}
