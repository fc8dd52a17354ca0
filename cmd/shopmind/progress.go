package main

import (
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how far a long job has got: a bar when stderr is a terminal,
// plain lines every two seconds otherwise (logs, CI).
type progress struct {
	env   *Env
	label string
	bar   *progressbar.ProgressBar
	stage string
	last  time.Time
}

func newProgress(env *Env, label string) *progress {
	return &progress{env: env, label: label}
}

func isTerminal(env *Env) bool {
	f, ok := env.Stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Update reports done of total units in the named stage.
func (p *progress) Update(stage string, done, total int64) {
	if isTerminal(p.env) {
		if p.bar == nil || stage != p.stage {
			if p.bar != nil {
				p.bar.Finish()
				fmt.Fprintln(p.env.Stderr)
			}
			p.bar = progressbar.NewOptions64(total,
				progressbar.OptionSetWriter(p.env.Stderr),
				progressbar.OptionSetDescription(p.label+": "+stage),
				progressbar.OptionShowCount(),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionSetWidth(30))
		}
		p.stage = stage
		p.bar.Set64(done)
		return
	}
	if stage != p.stage || done == total || time.Since(p.last) >= 2*time.Second {
		pct := 100.0
		if total > 0 {
			pct = 100 * float64(done) / float64(total)
		}
		fmt.Fprintf(p.env.Stderr, "%s: %s %d/%d (%.0f%%)\n", p.label, stage, done, total, pct)
		p.stage, p.last = stage, time.Now()
	}
}

// Finish ends the bar.
func (p *progress) Finish() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprintln(p.env.Stderr)
	}
}
