// Package layering holds no code, only a test that keeps Setu's imports
// flowing one way: domain packages <- store <- web <- cmd/setu. Domain
// packages and readers of outside formats never import net/http or
// database/sql, and the store never imports the web layer.
package layering
