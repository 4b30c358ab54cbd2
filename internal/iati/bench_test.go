package iati

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// genActivity returns a seeded random Setu project of typical size: a few
// kilobytes, with budgets, transactions and results.
func genActivity(rng *rand.Rand, i int) Activity {
	words := []string{"robotics", "semiconductor", "packaging", "model", "inference", "energy", "grid",
		"language", "Hindi", "Japanese", "Korean", "Thai", "placement", "lab", "factory", "weld", "vision", "memory"}
	text := func(n int) string {
		var b bytes.Buffer
		for j := range n {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	en := func(n int) []Narrative { return []Narrative{{Text: text(n)}} }
	date := func() time.Time { return day(2024+rng.IntN(4), time.Month(1+rng.IntN(12)), 1+rng.IntN(28)) }
	amount := func() string { return strconv.Itoa(rng.IntN(10_000_000)) + "." + strconv.Itoa(10+rng.IntN(90)) }
	start := date()
	a := Activity{
		Identifier:      fmt.Sprintf("XM-SETU-1-PRJ-%07d", i),
		Lang:            "en",
		DefaultCurrency: []string{"INR", "JPY", "KRW", "SGD", "USD"}[rng.IntN(5)],
		LastUpdated:     time.Date(2026, 5, 1, 9, 30, 0, 0, time.UTC),
		Hierarchy:       2,
		ReportingOrg:    ReportingOrg{Ref: "XM-SETU-1", Type: "40", Names: en(3)},
		Title:           []Narrative{{Text: text(6)}, {Lang: "ja", Text: "精密ロボット工学 " + text(2)}},
		Descriptions:    []Description{{Type: "1", Narratives: en(60)}, {Type: "2", Narratives: en(25)}},
		Status:          StatusImplementation,
		Dates:           []ActivityDate{{Type: DatePlannedStart, Date: start}, {Type: DatePlannedEnd, Date: start.AddDate(1, 6, 0)}},
		Countries:       []RecipientCountry{{Code: "IN", Percentage: "50"}, {Code: "JP", Percentage: "50"}},
		Sectors: []Sector{
			{Vocabulary: VocabularyDAC, Code: "43082"},
			{Vocabulary: VocabularyReportingOrg, VocabularyURI: "https://setu.example/vocab/ai-stack-layer", Code: "model", Narratives: en(2)},
		},
		RelatedActivities: []RelatedActivity{{Ref: "XM-SETU-1-FW-JAI", Type: RelatedParent}},
		Commitments:       []CommitmentLink{{Ref: "CMT-" + strconv.Itoa(rng.IntN(100)), Framework: "FW-JAI"}},
	}
	for range 2 + rng.IntN(4) {
		a.ParticipatingOrgs = append(a.ParticipatingOrgs, ParticipatingOrg{
			Ref: "XM-ORG-" + strconv.Itoa(rng.IntN(1000)), Role: strconv.Itoa(1 + rng.IntN(4)), Type: "70", Names: en(3),
		})
	}
	for range 1 + rng.IntN(3) {
		start := date()
		a.Budgets = append(a.Budgets, Budget{Type: "1", Status: "1", Start: start, End: start.AddDate(0, 11, 0),
			Value: Value{Amount: amount(), Date: start}})
	}
	for range 2 + rng.IntN(12) {
		d := date()
		a.Transactions = append(a.Transactions, Transaction{
			Type: []string{"2", "3", "4", "11"}[rng.IntN(4)], Date: d, Value: Value{Amount: amount(), Date: d},
			Description: en(8), Provider: &TransactionOrg{Ref: "XM-ORG-1", Names: en(2)},
		})
	}
	for range rng.IntN(3) {
		a.DocumentLinks = append(a.DocumentLinks, DocumentLink{URL: "https://setu.example/docs/" + strconv.Itoa(rng.IntN(1e6)),
			Format: "application/pdf", Title: en(4), Categories: []string{"A02"}, Languages: []string{"en"}})
	}
	for range rng.IntN(3) {
		a.Results = append(a.Results, Result{Type: ResultOutput, Title: en(5),
			Indicators: []Indicator{{Measure: "1", Title: en(4), Periods: []Period{{Start: day(2026, 1, 1), End: day(2026, 12, 31), Target: "3", Actual: "2"}}}},
			Output:     &Output{Ref: "OUT-" + strconv.Itoa(rng.IntN(1e5)), Kind: "model", IPHolder: "XM-ORG-2", ReturnedHome: rng.IntN(2) == 0},
		})
	}
	return a
}

// genFile writes a generated activity file of at least size bytes to w and
// returns the number of activities.
func genFile(w io.Writer, size int64, seed uint64) (int, error) {
	rng := rand.New(rand.NewPCG(seed, 42))
	cw := &countingWriter{w: w}
	wr := NewWriter(cw, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	n := 0
	for cw.n < size {
		if err := wr.Write(genActivity(rng, n)); err != nil {
			return n, err
		}
		n++
	}
	return n, wr.Close()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

var benchFile = sync.OnceValues(func() ([]byte, int) {
	var buf bytes.Buffer
	n, err := genFile(&buf, 20<<20, 1)
	if err != nil {
		panic(err)
	}
	return buf.Bytes(), n
})

// readAll reads every activity of r and returns how many there were.
func readAll(tb testing.TB, r io.Reader, each func()) int {
	rd := NewReader(r, "bench.xml")
	n := 0
	for {
		_, findings, err := rd.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			tb.Fatal(err)
		}
		if len(findings) > 0 {
			tb.Fatalf("activity %d: %v", n, findings[0])
		}
		n++
		if each != nil {
			each()
		}
	}
}

// BenchmarkRead reads a generated 20 MB file; the MB/s column is the
// reading speed.
func BenchmarkRead(b *testing.B) {
	data, activities := benchFile()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu := cpuTime()
	for b.Loop() {
		if n := readAll(b, bytes.NewReader(data), nil); n != activities {
			b.Fatalf("read %d activities, want %d", n, activities)
		}
	}
	reportCPU(b, int64(len(data)), cpuTime()-cpu)
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N*activities), "alloc-B/activity")
	b.ReportMetric(float64(len(data))/float64(activities), "B/activity")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*activities), "ns/activity")
}

// BenchmarkWrite writes the activities of the generated 20 MB file.
func BenchmarkWrite(b *testing.B) {
	data, _ := benchFile()
	doc, _, err := ReadAll(bytes.NewReader(data), "bench.xml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		if err := Write(io.Discard, doc); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, int64(len(data)), cpuTime()-cpu)
}

// reportCPU reports megabytes (10^6 bytes, as MB/s) per CPU second, if the
// CPU time is known.
func reportCPU(b *testing.B, size int64, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}

// BenchmarkReadMemory reads generated files of 20 MB and 200 MB, streamed
// from a generator so that the input itself is never in memory, and reports
// the peak heap in use for each: reading holds one activity at a time, so
// the two peaks should be alike. Run it with -benchtime 1x.
func BenchmarkReadMemory(b *testing.B) {
	peak := map[int64]float64{}
	for b.Loop() {
		for _, size := range []int64{20 << 20, 200 << 20} {
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			pr, pw := io.Pipe()
			go func() {
				_, err := genFile(pw, size, 2)
				pw.CloseWithError(err)
			}()
			var max uint64
			sample := func() {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				max = maxOf(max, m.HeapInuse)
			}
			i := 0
			n := readAll(b, pr, func() {
				if i++; i%500 == 0 {
					sample()
				}
			})
			peak[size] = float64(max) / (1 << 20)
			b.ReportMetric(peak[size], fmt.Sprintf("peak-heap-MB/%dMB", size>>20))
			b.ReportMetric(float64(n), fmt.Sprintf("activities/%dMB", size>>20))
			b.ReportMetric(float64(before.HeapInuse)/(1<<20), fmt.Sprintf("heap-before-MB/%dMB", size>>20))
		}
	}
	if small, large := peak[20<<20], peak[200<<20]; large > 1.5*small+4 {
		b.Errorf("peak heap grew with the file: %.1f MB for 20 MB, %.1f MB for 200 MB", small, large)
	}
}

func maxOf(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
