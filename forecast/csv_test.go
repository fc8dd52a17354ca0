package forecast

import (
	"bytes"
	"compress/gzip"
	"math"
	"strings"
	"testing"
	"time"
)

func TestReadCSV(t *testing.T) {
	in := "sku,day,units\n" +
		"a,2024-01-03,5\n" +
		"a,2024-01-01,3\n" + // out of order
		"b,2024-01-01,1\n" +
		"a,2024-01-04,NA\n" +
		"b,2024-01-03,2\n" // 2024-01-02 missing for b
	for _, gz := range []bool{false, true} {
		data := []byte(in)
		if gz {
			var b bytes.Buffer
			w := gzip.NewWriter(&b)
			w.Write(data)
			w.Close()
			data = b.Bytes()
		}
		ss, err := ReadCSV(bytes.NewReader(data), CSVOptions{IDCol: "sku", DateCol: "day", ValueCol: "units", Fill: FillZero})
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != 2 || ss[0].ID != "a" || ss[1].ID != "b" {
			t.Fatalf("series %+v", ss)
		}
		a, b := ss[0].Values, ss[1].Values
		// a: 01-01=3, 01-02 gap (zero), 01-03=5, 01-04 missing (NA).
		if len(a) != 4 || a[0] != 3 || a[1] != 0 || a[2] != 5 || !math.IsNaN(a[3]) {
			t.Errorf("a = %v", a)
		}
		if len(b) != 3 || b[1] != 0 || b[2] != 2 {
			t.Errorf("b = %v", b)
		}
		if !ss[0].Dates[1].Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("dates %v", ss[0].Dates)
		}
	}
}

func TestReadCSVMonthlyGapMissing(t *testing.T) {
	ss, err := ReadCSV(strings.NewReader("id,date,value\nx,2020-11,1\nx,2021-02,4\n"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v := ss[0].Values
	if len(v) != 4 || v[0] != 1 || !math.IsNaN(v[1]) || !math.IsNaN(v[2]) || v[3] != 4 {
		t.Fatalf("values %v, want 1 NaN NaN 4", v)
	}
}

func TestReadCSVInvalid(t *testing.T) {
	tests := []struct {
		name, in, field string
	}{
		{"MissingColumn", "id,date\nx,2020-01-01\n", "value"},
		{"BadDate", "id,date,value\nx,01/02/2020,1\n", "row 2"},
		{"BadValue", "id,date,value\nx,2020-01-01,lots\n", "row 2"},
		{"Duplicate", "id,date,value\nx,2020-01-01,1\nx,2020-01-01,2\n", "dates[1]"},
		{"Empty", "", "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.in), CSVOptions{})
			wantInvalid(t, err, tt.field)
		})
	}
}

func TestInferFreq(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	tests := []struct {
		dates []time.Time
		want  Freq
	}{
		{[]time.Time{d("2020-01-01"), d("2020-02-01"), d("2020-04-01")}, Monthly},
		{[]time.Time{d("2020-01-06"), d("2020-01-13"), d("2020-02-03")}, Weekly},
		{[]time.Time{d("2020-01-06"), d("2020-01-07")}, Daily},
	}
	for _, tt := range tests {
		if got := InferFreq(tt.dates); got != tt.want {
			t.Errorf("InferFreq(%v) = %s, want %s", tt.dates, got, tt.want)
		}
	}
}
