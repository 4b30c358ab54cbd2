//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store_test

// fileLocks reports whether the SQLite serving lock is enforced here.
const fileLocks = false
