//go:build !unix

package iati

import "time"

// cpuTime is not measured here: the benchmarks leave out speed per CPU
// second.
func cpuTime() time.Duration { return 0 }
