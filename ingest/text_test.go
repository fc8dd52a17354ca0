package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// TestImportRefusesBadText feeds the importer the rows the API refuses in
// httpapi's TestTextRefusedAlike (NUL, invalid UTF-8, oversize values): each
// file is refused naming file:line and the column, and nothing is stored.
// Before, JSON Lines stored invalid UTF-8 as U+FFFD and oversize session
// ids and tags were taken.
func TestImportRefusesBadText(t *testing.T) {
	const evHead = "user_id,item_id,type,time,session_id,recommendation_id\n"
	const evGood = "u0,i0,view,2026-01-02T03:04:05Z,,\n"
	const jGood = `{"user_id":"u0","item_id":"i0","type":"view","time":"2026-01-02T03:04:05Z"}` + "\n"
	const jBad = `{"user_id":"u1","item_id":"i1","type":"view","time":"2026-01-02T03:04:06Z",`
	const itHead = "id,title,description,category,tags,attr.color\n"
	const itGood = "i0,Good,,,,\n"
	const ijGood = `{"id":"i0","title":"Good"}` + "\n"
	tests := []struct {
		name, file string
		format     Format
		entity     Entity
		data       string
		want       string // the start of the error
	}{
		{"csv session_id NUL", "events.csv", FormatCSV, EntityEvents, evHead + evGood + "u1,i1,view,2026-01-02T03:04:06Z,s\x00,\n", `events.csv:3: column "session_id": `},
		{"csv session_id 1 MiB", "events.csv", FormatCSV, EntityEvents, evHead + evGood + "u1,i1,view,2026-01-02T03:04:06Z," + strings.Repeat("s", 1<<20) + ",\n", `events.csv:3: column "session_id": `},
		{"csv user_id invalid UTF-8", "events.csv", FormatCSV, EntityEvents, evHead + evGood + "u\xff1,i1,view,2026-01-02T03:04:06Z,,\n", `events.csv:3: column "user_id": `},
		{"csv recommendation_id oversize", "events.csv", FormatCSV, EntityEvents, evHead + evGood + "u1,i1,view,2026-01-02T03:04:06Z,," + strings.Repeat("r", 129) + "\n", `events.csv:3: column "recommendation_id": `},
		{"jsonl session_id NUL", "events.jsonl", FormatJSONL, EntityEvents, jGood + jBad + `"session_id":"s\u0000"}` + "\n", `events.jsonl:2: column "session_id": `},
		{"jsonl session_id invalid UTF-8", "events.jsonl", FormatJSONL, EntityEvents, jGood + jBad + `"session_id":"s` + "\xc3\x28" + `"}` + "\n", `events.jsonl:2: column "session_id": `},
		{"jsonl user_id invalid UTF-8", "events.jsonl", FormatJSONL, EntityEvents, jGood + `{"user_id":"u` + "\xff" + `1","item_id":"i1","type":"view","time":"2026-01-02T03:04:06Z"}` + "\n", `events.jsonl:2: column "user_id": `},
		{"csv title invalid UTF-8", "items.csv", FormatCSV, EntityItems, itHead + itGood + "i1,caf\xe9,,,,\n", `items.csv:3: column "title": `},
		{"csv description NUL", "items.csv", FormatCSV, EntityItems, itHead + itGood + "i1,T,a\x00b,,,\n", `items.csv:3: column "description": `},
		{"csv attribute NUL", "items.csv", FormatCSV, EntityItems, itHead + itGood + "i1,T,,,,red\x00\n", `items.csv:3: column "attributes.color": `},
		{"csv tag oversize", "items.csv", FormatCSV, EntityItems, itHead + itGood + "i1,T,,," + strings.Repeat("t", 129) + ",\n", `items.csv:3: column "tags[0]": `},
		{"csv category too deep", "items.csv", FormatCSV, EntityItems, itHead + itGood + "i1,T,,a>b>c>d>e>f>g>h>i>j>k,,\n", `items.csv:3: column "category": `},
		{"csv category level oversize", "items.csv", FormatCSV, EntityItems, itHead + itGood + "i1,T,," + strings.Repeat("c", 201) + ",,\n", `items.csv:3: column "category[0]": `},
		{"jsonl attribute invalid UTF-8", "items.jsonl", FormatJSONL, EntityItems, ijGood + `{"id":"i1","title":"T","attributes":{"color":"r` + "\xff" + `"}}` + "\n", `items.jsonl:2: column "attributes": `},
		{"jsonl title NUL", "items.jsonl", FormatJSONL, EntityItems, ijGood + `{"id":"i1","title":"T\u0000"}` + "\n", `items.jsonl:2: column "title": `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newMemStore()
			_, err := ImportFiles(context.Background(), st, []File{memFile(tt.file, tt.format, tt.entity, tt.data)}, Options{})
			var re *RowError
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || !errors.As(err, &re) || shopmind.ErrorCode(err) != shopmind.EINVALID {
				t.Fatalf("err = %.200v, want an EINVALID RowError starting %s", err, tt.want)
			}
			if c := st.snapshot(); len(c.items)+len(c.events) != 0 {
				t.Errorf("stored %d items and %d events of a refused file", len(c.items), len(c.events))
			}
		})
	}
}
