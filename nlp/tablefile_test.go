package nlp

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadTableFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("label\ttext\npos\tgreat, really\nneg\t差评\n"))
	zw.Close()
	tests := []struct {
		name, file string
		data       []byte
		noHeader   bool
		text, lab  string
		want       []string // text|label
	}{
		{"CSV", "a.csv", []byte("text,label\n\"great, really\",pos\nbad,neg\n"), false, "text", "label", []string{"great, really|pos", "bad|neg"}},
		{"TSVGzip", "a.tsv.gz", gz.Bytes(), false, "text", "label", []string{"great, really|pos", "差评|neg"}},
		{"NoHeader", "a.txt", []byte("pos\tfine\n"), true, "2", "1", []string{"fine|pos"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y, err := ReadTableFile(write(tt.file, tt.data), tt.noHeader, tt.text, tt.lab)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i := range x {
				got = append(got, x[i]+"|"+y[i])
			}
			if strings.Join(got, ";") != strings.Join(tt.want, ";") {
				t.Errorf("read %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("ErrNamesFile", func(t *testing.T) {
		p := write("bad.csv", []byte("text,label\nonly\n"))
		if _, _, err := ReadTableFile(p, false, "text", "label"); err == nil || !strings.Contains(err.Error(), "bad.csv") {
			t.Errorf("error %v does not name the file", err)
		}
	})
}

func TestWriteFastText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteFastText(&b, [][]string{{"good", "shoes"}, {"差", "评"}}, []string{"very good", "neg"}); err != nil {
		t.Fatal(err)
	}
	if want := "__label__very_good good shoes\n__label__neg 差 评\n"; b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}
	if !HasHan([]string{"ok", "差评"}) || HasHan([]string{"ok"}) {
		t.Error("HasHan")
	}
	if got := Pick([]string{"a", "b", "c"}, []int{2, 0}); strings.Join(got, "") != "ca" {
		t.Errorf("Pick: %q", got)
	}
}
