package nlp

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// dataDir returns the shared data folder (SHOPMIND_DATA or ../shared/data
// from the repository root), skipping the test when it is absent.
func dataDir(t testing.TB, name string) string {
	t.Helper()
	root := os.Getenv("SHOPMIND_DATA")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "data")
	}
	dir := filepath.Join(root, name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("data set %s not found under %s (set SHOPMIND_DATA)", name, root)
	}
	return dir
}

// chinese is loaded once for every test that needs it (about 2 s, 135 MB).
var chinese struct {
	once sync.Once
	c    *Chinese
	err  error
}

// mustChinese returns the shared segmenter, skipping under -short.
func mustChinese(t testing.TB) *Chinese {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the Chinese dictionary; skipped with -short")
	}
	chinese.once.Do(func() { chinese.c, chinese.err = LoadChinese() })
	if chinese.err != nil {
		t.Fatal(chinese.err)
	}
	return chinese.c
}
