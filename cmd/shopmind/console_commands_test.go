package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The console tells people which command to run ("Paste a key made with
// shopmind keys create"). Every "shopmind CMD [SUB]" it names must be a
// command this binary accepts: a newcomer who types it must not get
// "unknown command".
func TestConsoleNamesRealCommands(t *testing.T) {
	files, err := filepath.Glob("../../web/static/js/*.js")
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob("../../web/static/js/pages/*.js")
	files = append(files, pages...)
	if len(files) < 5 {
		t.Fatalf("found %d console scripts; the test looks in the wrong place", len(files))
	}
	// A command is quoted ("shopmind keys create") or follows "run",
	// "with", "try" or "or"; "the shopmind server" is prose.
	re := regexp.MustCompile("(?:[\"'`]|(?:[Rr]un|with|try|or) )shopmind ([a-z]+)(?: ([a-z]+))?")
	cmds := registeredCommands(&Env{})
	dir := t.TempDir()
	checked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			name, sub := m[1], m[2]
			c, ok := cmds[name]
			if !ok {
				t.Errorf("%s names %q: shopmind has no command %q", filepath.Base(f), strings.TrimSpace(m[0]), name)
				continue
			}
			checked++
			if sub == "" {
				continue
			}
			switch cmd := c.Command.(type) {
			case *EvalCommand:
				if _, ok := cmd.subs[sub]; !ok {
					t.Errorf("%s names %q: %s has no subcommand %q", filepath.Base(f), strings.TrimSpace(m[0]), name, sub)
				}
			case *KeysCommand:
				// Run it against an empty store of its own: an unknown
				// subcommand is refused before anything is changed.
				var out, errOut syncBuffer
				env := &Env{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
					if k == "SHOPMIND_STORE_PATH" {
						return filepath.Join(dir, "keys.db")
					}
					return ""
				}}
				err := Run(context.Background(), env, []string{name, sub})
				if err != nil && strings.Contains(err.Error()+errOut.String(), "unknown") {
					t.Errorf("%s names %q: %v", filepath.Base(f), strings.TrimSpace(m[0]), err)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no shopmind command found in the console's scripts")
	}
}
