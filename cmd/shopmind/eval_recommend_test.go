package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeMovieLensLatest turns the u.data of writeMovieLensFixture into a
// MovieLens-latest folder: ratings.csv (userId,movieId,rating,timestamp)
// and no item metadata.
func writeMovieLensLatest(t *testing.T, users, films int) string {
	t.Helper()
	src := writeMovieLensFixture(t, users, films)
	f, err := os.Open(filepath.Join(src, "u.data"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString("userId,movieId,rating,timestamp\n")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if x := strings.Fields(sc.Text()); len(x) == 4 {
			fmt.Fprintf(&b, "%s,%s,%s.0,%s\n", x[0], x[1], x[2], x[3])
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ratings.csv"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestEvalRecommendSkipsModelsThatCannotRun: on a MovieLens-latest folder
// of ratings without item metadata, "shopmind eval recommend" reports the
// collaborative models, and the content model (which needs catalog
// metadata) is skipped with a note instead of ending the run.
func TestEvalRecommendSkipsModelsThatCannotRun(t *testing.T) {
	dir := writeMovieLensLatest(t, 60, 90)
	ctx := context.Background()
	t.Run("Table", func(t *testing.T) {
		env, stdout, stderr := testEnv(t)
		if err := Run(ctx, env, []string{"eval", "recommend", "--data", dir, "--models", "popularity,content,ease", "--no-tune"}); err != nil {
			t.Fatalf("eval: %v\n%s", err, stderr.String())
		}
		out := stdout.String()
		rows := map[string]string{}
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) > 1 {
				rows[f[0]] = line
			}
		}
		for _, m := range []string{"popularity", "ease"} {
			var ndcg float64
			if _, err := fmt.Sscanf(strings.TrimPrefix(rows[m], m), "%f", &ndcg); err != nil || ndcg <= 0 || ndcg >= 1 {
				t.Errorf("%s row %q: NDCG %v, %v", m, rows[m], ndcg, err)
			}
		}
		if !strings.Contains(rows["content"], "skipped") || !strings.Contains(rows["content"], "metadata") {
			t.Errorf("content row %q, want skipped with the reason\n%s", rows["content"], out)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		env, stdout, stderr := testEnv(t)
		if err := Run(ctx, env, []string{"eval", "recommend", "--data", dir, "--models", "content,popularity", "--no-tune", "--json"}); err != nil {
			t.Fatalf("eval: %v\n%s", err, stderr.String())
		}
		dec := json.NewDecoder(strings.NewReader(stdout.String()))
		var got []map[string]any
		for dec.More() {
			var v map[string]any
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%v in %q", err, stdout.String())
			}
			got = append(got, v)
		}
		if len(got) != 2 || got[0]["model"] != "content" || got[0]["skipped"] == nil || got[1]["model"] != "popularity" || got[1]["metrics"] == nil {
			t.Fatalf("json rows %v", got)
		}
	})
	t.Run("ErrAllSkipped", func(t *testing.T) {
		env, _, _ := testEnv(t)
		err := Run(ctx, env, []string{"eval", "recommend", "--data", dir, "--models", "content", "--no-tune"})
		if err == nil || !strings.Contains(err.Error(), "metadata") {
			t.Fatalf("only content without metadata: %v", err)
		}
	})
}
