package web

import (
	"context"
	"github.com/setu-council/setu/internal/storetest"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests drive Chromium through the page flows: search, filter,
// page, open an organisation and follow its relationships, on a desktop
// and on a phone-sized screen. They skip when no browser is installed.
// Set SETU_SCREENSHOTS to a folder to keep screenshots of the pages.

// testCSP is stricter still than the policy the server sends
// (middleware.go): the pages need no script at all, and no inline style.
const testCSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// chromiumPath finds a browser: $SETU_CHROMIUM, else chromium,
// chromium-browser or google-chrome in PATH.
func chromiumPath() string {
	if p := os.Getenv("SETU_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserTest is a headless browser tab on a server over the page
// fixture, with the console messages it has seen.
type browserTest struct {
	t       *testing.T
	ctx     context.Context
	baseURL string

	mu      sync.Mutex
	console []string
}

// newBrowserTest starts a server and a fresh headless browser with a
// window of width × height, or skips the test if there is no browser.
func newBrowserTest(t *testing.T, width, height int) *browserTest {
	return newBrowserTestOn(t, nil, width, height)
}

// newBrowserTestOn is newBrowserTest on server s; nil means a server over
// the page fixture.
func newBrowserTestOn(t *testing.T, s *Server, width, height int) *browserTest {
	path := chromiumPath()
	if path == "" {
		if storetest.Required("chromium") {
			t.Fatal("chromium required by SETU_TEST_REQUIRE but none found (set SETU_CHROMIUM, or put chromium in PATH)")
		}
		t.Skip("browser tests skipped: no chromium found (set SETU_CHROMIUM, or put chromium, chromium-browser or google-chrome in PATH)")
	}
	if s == nil {
		s = newPageServer(t)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", testCSP)
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	dir, err := os.MkdirTemp("", "setu-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Chromium's helpers may write for a moment after it stops.
		for range 50 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(width, height),
	)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no timeout
		t.Fatalf("start %s: %v", path, err)
	}
	b := &browserTest{t: t, ctx: ctx, baseURL: srv.URL}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, string(m.Type)+": "+m.Text)
			b.mu.Unlock()
		}
	}()
	return b
}

// do runs steps, failing the test after 20 seconds or at the first error.
func (b *browserTest) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// follow runs steps that load a new page, such as a click on a link, and
// waits for it.
func (b *browserTest) follow(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if resp.Status != http.StatusOK {
		b.t.Errorf("%s: status %d, want 200", what, resp.Status)
	}
}

// open loads a path of the server.
func (b *browserTest) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.baseURL+path))
}

// text returns the visible text of the first element that sel matches.
func (b *browserTest) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browserTest, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// wantText fails the test unless the text of sel contains want.
func (b *browserTest) wantText(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); !strings.Contains(got, want) {
		b.t.Errorf("%s: text %q, want it to contain %q", sel, got, want)
	}
}

// screenshot saves the whole page as NAME.png in $SETU_SCREENSHOTS.
func (b *browserTest) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("SETU_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// checkConsole fails the test for every console error so far, such as a
// violation of the Content-Security-Policy or a missing asset, except
// those that contain one of the expected strings, and forgets them.
func (b *browserTest) checkConsole(expected ...string) {
	b.t.Helper()
	time.Sleep(100 * time.Millisecond) // let the last messages arrive
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if !strings.HasPrefix(m, "error") && !strings.Contains(m, "Content Security Policy") {
			continue
		}
		if !slices.ContainsFunc(expected, func(e string) bool { return strings.Contains(m, e) }) {
			b.t.Errorf("console: %s", m)
		}
	}
	b.console = nil
}

func TestBrowserRegistryFlow(t *testing.T) {
	b := newBrowserTest(t, 1280, 900)

	b.open("/")
	b.wantText(".total", "1–20 of 30 organisations")
	b.screenshot("setu-registry")

	// Search for a university by its nickname.
	b.do("type a query", chromedp.SendKeys(chromedp.CSS("#q"), "Todai"))
	b.follow("submit the search", chromedp.Click(chromedp.CSS("form.search button")))
	b.wantText(".total", "1–1 of 1 organisations for “Todai”")
	b.wantText(".orgs", "The University of Tokyo")
	b.wantText(".orgs", "東京大学")

	// Filter by country: on a wide screen the facets show without a click.
	b.follow("back to the registry", chromedp.Click(chromedp.CSS(`header nav a[href="/"]`)))
	b.follow("choose Japan", chromedp.Click(chromedp.CSS(`a.fv[href="/?country=JP"]`)))
	b.wantText(".total", "1–20 of 26 organisations")
	b.wantText(".chips", "Japan")
	b.wantText("a.fv.on", "Japan")

	// Page 2 of the Japanese organisations.
	b.follow("next page", chromedp.Click(chromedp.CSS(`a[rel="next"]`)))
	b.wantText(".total", "21–26 of 26 organisations")
	b.wantText(".pager", "Page 2 of 2")

	// Open an organisation and follow a relationship to another.
	b.follow("open the University of Tokyo", chromedp.Click(chromedp.CSS(`.orgs a[href="/organisations/ror-057zh3y96"]`)))
	b.wantText("h1", "The University of Tokyo")
	b.wantText(".labels", "東京大学")
	b.screenshot("setu-organisation")
	b.follow("follow the child relationship", chromedp.Click(chromedp.CSS(`.relations a[href="/organisations/ror-0059vr703"]`)))
	b.wantText("h1", "Institute of Industrial Science")
	b.wantText(".relations", "The University of Tokyo")

	b.checkConsole()
}

func TestBrowserPhone(t *testing.T) {
	b := newBrowserTest(t, 375, 812)
	b.do("emulate a phone", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))

	// Nothing may be wider than the screen.
	long := strings.Repeat("Supercalifragilistic", 8)
	for _, path := range []string{
		"/", "/?country=JP&layer=application", "/?q=Todai", "/?q=" + long, "/?country=XX&kind=" + long,
		"/organisations/ror-057zh3y96", "/organisations/ror-0059vr703", "/nowhere",
	} {
		b.open(path)
		if w := eval[[]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`); len(w) != 2 || w[0] > w[1] {
			t.Errorf("%s: page is %v px wide on a %v px screen", path, w[0], w[1])
		}
	}
	b.checkConsole("status of 404", "status of 422") // the pages of bad links

	// The facets fold above the results; a tap opens them.
	b.open("/?q=Sakura")
	b.screenshot("setu-registry-phone")
	if eval[bool](b, `document.querySelector('a.fv').checkVisibility()`) {
		t.Error("facets show on a phone before the filters are opened")
	}
	b.do("open the filters", chromedp.Click(chromedp.CSS(".filters > summary")))
	if !eval[bool](b, `document.querySelector('a.fv').checkVisibility()`) {
		t.Error("facets hidden after the filters are opened")
	}
	b.follow("choose startups", chromedp.Click(chromedp.CSS(`a.fv[href="/?kind=startup&q=Sakura"]`)))
	b.wantText(".total", "1–1 of 1 organisations")
	b.wantText(".orgs", "Sample data")
	b.follow("open the sample", chromedp.Click(chromedp.CSS(".orgs h3 a")))
	b.wantText(".notice.sample", "Sample data — not a real organisation")
	b.screenshot("setu-organisation-phone")

	b.checkConsole()
}
