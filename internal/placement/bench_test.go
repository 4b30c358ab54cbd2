package placement

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// Benchmarks run only with -bench; a round is generated on first use and
// kept while the runs that use it repeat (-count), then dropped, so that
// input-MB is that round's.
//
//	go test ./internal/placement/ -run '^$' -bench . -benchtime 5x -count 5
//
// Besides ns/op and B/op they report proposals per run, ns per proposal,
// the process's CPU time per run (GC workers included; on a shared
// machine it is steadier than wall time),
// the three phases of Match in milliseconds, the heap the generated round
// occupies (input-MB) and the largest heap seen while matching, input
// included (peak-heap-MB), sampled every millisecond.

var cached struct {
	spec roundSpec
	in   *Instance
}

func round(s roundSpec) *Instance {
	if cached.in == nil || cached.spec != s {
		cached.in = nil
		runtime.GC()
		cached.spec, cached.in = s, generateRound(s)
	}
	return cached.in
}

// largeSpec is the round of the target: n applicants, n/10
// positions, 10 preferences each, 8 capped regions holding half of the
// positions with caps at 60% of their seats, a tenth of the positions
// ranking in grades.
func largeSpec(n int) roundSpec {
	return roundSpec{Seed: 1, Applicants: n, Positions: n / 10, Prefs: 10, Regions: 8, TiedPositions: 0.1}
}

// popularSpec: 100,000 applicants, 1,000 positions with half as many
// seats as applicants, strongly shared tastes: long rejection chains.
var popularSpec = roundSpec{Seed: 2, Applicants: 100_000, Positions: 1_000, Prefs: 10, Popularity: 1.5, Correlation: 0.9, MeanCapacity: 50}

func BenchmarkMatch(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("applicants=%d", n), func(b *testing.B) { benchMatch(b, round(largeSpec(n))) })
	}
}

func BenchmarkMatchPopular(b *testing.B) {
	b.Run("caps=none", func(b *testing.B) { benchMatch(b, round(popularSpec)) })
	capped := popularSpec
	capped.Regions = 4
	b.Run("caps=4", func(b *testing.B) { benchMatch(b, round(capped)) })
}

func benchMatch(b *testing.B, in *Instance) {
	runtime.GC()
	input := heapObjects()
	peak := sampleHeap()
	b.ReportAllocs()
	var res *Result
	var compile, match, verify time.Duration
	cpu0 := cpuTime()
	for b.Loop() {
		var err error
		if res, err = Match(in); err != nil {
			b.Fatal(err)
		}
		compile, match, verify = compile+res.Compile, match+res.Match, verify+res.Verify
	}
	cpu := cpuTime() - cpu0
	top := peak()
	if !res.Verdict.OK {
		b.Fatalf("verdict: %d violations", len(res.Verdict.Violations))
	}
	n := float64(b.N)
	b.ReportMetric(float64(res.Proposals), "proposals/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n/float64(res.Proposals), "ns/proposal")
	b.ReportMetric(float64(cpu.Milliseconds())/n, "cpu-ms/op")
	b.ReportMetric(float64(compile.Milliseconds())/n, "compile-ms")
	b.ReportMetric(float64(match.Milliseconds())/n, "da-ms")
	b.ReportMetric(float64(verify.Milliseconds())/n, "verify-ms")
	b.ReportMetric(float64(input)/(1<<20), "input-MB")
	b.ReportMetric(float64(top)/(1<<20), "peak-heap-MB")
}

// BenchmarkRunMatch is "setu match" end to end on a round of 100,000
// applicants held in memory: reading and checking ROUND.json, matching,
// verifying, explaining and writing RESULT.json.
func BenchmarkRunMatch(b *testing.B) {
	var in bytes.Buffer
	if err := WriteRound(&in, round(largeSpec(100_000))); err != nil {
		b.Fatal(err)
	}
	data := in.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if code, problems := RunMatch(bytes.NewReader(data), io.Discard); code != ExitOK {
			b.Fatal(problems)
		}
	}
}

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleHeap samples the heap every millisecond until the function it
// returns is called, which returns the largest sample.
func sampleHeap() func() uint64 {
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		top := heapObjects()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				done <- max(top, heapObjects())
				return
			case <-t.C:
				top = max(top, heapObjects())
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
