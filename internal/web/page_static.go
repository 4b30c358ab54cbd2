package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/setu-council/setu/internal/errs"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file, served under a name that carries a
// hash of its content, so it can be cached for a year.
type asset struct {
	body        []byte
	contentType string
}

// assets maps the embedded static files' names ("setu.css") to their
// hashed URLs ("/static/setu.0123456789.css"), and those names back to
// the files.
type assets struct {
	urls   map[string]string
	hashed map[string]asset
}

// loadAssets reads every embedded static file and names it by its hash.
func loadAssets() (*assets, error) {
	a := &assets{urls: map[string]string{}, hashed: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		sum := sha256.Sum256(body)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			return fmt.Errorf("web: static %s: unknown content type", name)
		}
		a.urls[name] = "/static/" + hashed
		a.hashed[hashed] = asset{body: body, contentType: ct}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: load static assets: %w", err)
	}
	return a, nil
}

// url returns the hashed URL of the static file name. Templates call it
// as {{asset "setu.css"}}; an unknown name fails the page's rendering,
// which the page tests catch.
func (a *assets) url(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return u, nil
}

// staticFile serves an embedded file by its hashed name, cacheable for a
// year: a new version has a new name.
func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.pages.assets.hashed[r.PathValue("file")]
	if !ok {
		return errs.E("static file", errs.NotFound, "no static file %q", r.PathValue("file"))
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write(f.body)
	return err
}
