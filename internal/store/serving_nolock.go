//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

// lockFile takes no lock on systems without flock (Windows, Solaris and
// others): there, setu serve and setu restore do not keep each other off
// a SQLite database, and the operator stops the server before a restore
// (docs/operations.md). PostgreSQL's advisory locks work everywhere.
func lockFile(path string, exclusive bool) (func(), error) {
	return func() {}, nil
}
