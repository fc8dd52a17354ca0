package web_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// browser drives one headless Chromium tab for a test.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string // the console's URL, e.g. http://127.0.0.1:1234

	mu     sync.Mutex
	errors []string // uncaught exceptions and console.error calls
}

// newBrowser starts headless Chromium with a fresh profile, or skips the
// test when Chromium is not installed. The browser stops with the test.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("skipping browser test: %s not found (apt-get install -y chromium)", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	b := &browser{t: t, ctx: ctx, base: base}
	// Start the browser now, so that the timeouts of later steps measure the
	// console and not Chromium's start-up.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	b.collectErrors()
	return b
}

// collectErrors records uncaught exceptions and console.error calls, which
// the test reports at the end: the console must not throw.
func (b *browser) collectErrors() {
	exceptions := chromedp.Events(b.ctx, runtime.ExceptionThrown)
	console := chromedp.Events(b.ctx, runtime.ConsoleAPICalled)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			b.addError(fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		}
	}()
	go func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			if ev.Type != runtime.ConsoleAPICalledTypeError {
				continue
			}
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, string(a.Value))
				}
			}
			b.addError("console.error: " + strings.Join(parts, " "))
		}
	}()
}

func (b *browser) addError(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.errors = append(b.errors, s)
}

// checkNoErrors fails the test if the page threw or logged an error.
func (b *browser) checkNoErrors() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		b.t.Errorf("browser: %s", e)
	}
}

// do runs steps with a time limit, failing the test on error.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to the console at the given hash route, e.g. "#/items".
func (b *browser) open(hash string) {
	b.t.Helper()
	b.do("open "+hash, chromedp.Navigate(b.base+"/"+hash))
}

// signIn opens the console's sign-in page, signs in with secret and waits
// until the header names the key (who).
func (b *browser) signIn(secret, who string) {
	b.t.Helper()
	b.open("")
	b.do("sign in", chromedp.SendKeys(chromedp.CSS("#api-key"), secret), chromedp.Click(chromedp.CSS("#sign-in")))
	b.waitText(".who", who)
}

// text returns what a person sees in the first element matching the CSS
// selector (its innerText; textContent for SVG), or "" when there is none.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.innerText ?? e.textContent : ""; })()`, sel)))
	if err != nil {
		b.t.Fatalf("read text of %s: %v", sel, err)
	}
	return s
}

// waitText waits until the element matching sel shows every one of want,
// and returns its text. On timeout it fails with what the element showed.
func (b *browser) waitText(sel string, want ...string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.PollFunction[chromedp.Void](`(sel, want) => {
		const el = document.querySelector(sel);
		return !!el && want.every((w) => el.innerText.includes(w));
	}`, chromedp.WithPollingArgs(sel, want), chromedp.WithPollingInterval(50*time.Millisecond),
		chromedp.WithPollingTimeout(10*time.Second)))
	got := b.text(sel)
	if err != nil {
		b.t.Fatalf("waiting for %s to show %q: %v\nit shows:\n%s", sel, want, err, got)
	}
	return got
}

// count returns how many elements match the CSS selector.
func (b *browser) count(sel string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
	if err != nil {
		b.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

// screenshot saves a PNG of the whole page to path.
func (b *browser) screenshot(path string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("write screenshot: %v", err)
	}
	b.t.Logf("screenshot: %s", path)
}
