package ingest

import (
	"reflect"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"2024-03-01T10:00:00Z", time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), false},
		{"2024-03-01T12:00:00+02:00", time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), false},
		{"2024-03-01T10:00:00.25Z", time.Date(2024, 3, 1, 10, 0, 0, 250e6, time.UTC), false},
		{"2024-03-01 10:00:00", time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), false},
		{"2024-03-01", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), false},
		{"874965758", time.Unix(874965758, 0).UTC(), false},
		{"874965758.5", time.Unix(874965758, 5e8).UTC(), false},
		{" 874965758 ", time.Unix(874965758, 0).UTC(), false},
		{"yesterday", time.Time{}, true},
		{"2024-13-01", time.Time{}, true},
		{"1.2.3", time.Time{}, true},
		{"99999999999999", time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseTime(tt.in)
			if (err != nil) != tt.err || !got.Equal(tt.want) {
				t.Errorf("parseTime(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestParseScalars(t *testing.T) {
	if f, err := parseFloat(" 19.99 "); err != nil || f != 19.99 {
		t.Errorf("parseFloat = %v, %v", f, err)
	}
	for _, bad := range []string{"abc", "NaN", "Inf", "1,5"} {
		if _, err := parseFloat(bad); err == nil {
			t.Errorf("parseFloat(%q) accepted", bad)
		}
	}
	if n, err := parseInt("3.0"); err != nil || n != 3 {
		t.Errorf("parseInt(3.0) = %v, %v", n, err)
	}
	if _, err := parseInt("3.5"); err == nil || err.Error() != `"3.5" is not an integer` {
		t.Errorf("parseInt(3.5) err = %v", err)
	}
	for in, want := range map[string]bool{"true": true, "YES": true, "1": true, "f": false, "No": false, "0": false} {
		if got, err := parseBool(in); err != nil || got != want {
			t.Errorf("parseBool(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := parseBool("maybe"); err == nil {
		t.Error("parseBool(maybe) accepted")
	}
}

func TestParseLists(t *testing.T) {
	if got := parseCategory(" Clothing >Shoes> Running "); !reflect.DeepEqual(got, []string{"Clothing", "Shoes", "Running"}) {
		t.Errorf("parseCategory = %q", got)
	}
	if got := parseCategory("Shoes › Sneakers»Low"); !reflect.DeepEqual(got, []string{"Shoes", "Sneakers", "Low"}) {
		t.Errorf("parseCategory of the console's form = %q", got)
	}
	if got := parseCategory("A > > C"); !reflect.DeepEqual(got, []string{"A", "", "C"}) {
		t.Errorf("parseCategory kept %q, want the empty level for validation", got)
	}
	if got := splitList("a| b ||c", "|"); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("splitList = %q", got)
	}
	m, err := parseStringMap([]byte(`{"size":42,"ok":true,"c":"red","n":null}`))
	if want := map[string]string{"size": "42", "ok": "true", "c": "red", "n": ""}; err != nil || !reflect.DeepEqual(m, want) {
		t.Errorf("parseStringMap = %v, %v", m, err)
	}
	if _, err := parseStringMap([]byte(`{"a":{"b":1}}`)); err == nil {
		t.Error("parseStringMap accepted a nested object")
	}
	if _, err := parseStringMap([]byte(`red`)); err == nil || err.Error() != `"red" is not a JSON object` {
		t.Errorf("parseStringMap(red) err = %v", err)
	}
}

func TestSplitInto(t *testing.T) {
	var f [4]string
	if n := splitInto(f[:], "1\t2\t 3 \t4", "\t"); n != 4 || f != [4]string{"1", "2", "3", "4"} {
		t.Errorf("splitInto = %d %q", n, f)
	}
	if n := splitInto(f[:], "1\t2\t3\t4\t5", "\t"); n != 5 {
		t.Errorf("splitInto counted %d fields, want 5", n)
	}
}

func TestLatin1(t *testing.T) {
	if got := latin1("Mis\xe9rables"); got != "Misérables" {
		t.Errorf("latin1 = %q", got)
	}
	if got := latin1("Misérables"); got != "Misérables" {
		t.Errorf("latin1 changed valid UTF-8: %q", got)
	}
}
