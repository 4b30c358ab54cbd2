//go:build unix

package iati

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used, user and system; the
// benchmarks report speed per CPU second too, which a busy machine does
// not distort as it does elapsed time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
