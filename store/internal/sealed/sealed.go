// Package sealed names the columns whose values the stores seal with a
// privacy/seal keyring, and binds each value to its column and record, so
// that store/sqlite and store/postgres seal alike.
package sealed

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
)

// Table is a table with sealed columns. A value's additional authenticated
// data is the table, the column and the record's key, so a sealed value
// copied to another row or column does not open.
type Table struct {
	Name    string
	Columns []string // the sealed columns, in the order values are passed
}

// The sealed tables: personal data and the assistant's transcripts. Values
// are text; the dialogue state (bytes holding JSON) is sealed as text too.
var (
	// Personal is keyed by user id.
	Personal = Table{Name: "user_personal", Columns: []string{"email", "name", "phone", "address"}}
	// Messages is keyed by conversation id and sequence number (decimal).
	Messages = Table{Name: "messages", Columns: []string{"author", "text", "slots", "actions"}}
	// Conversations is keyed by conversation id; only the dialogue state
	// (slots the shopper gave, such as an e-mail address) is sealed.
	Conversations = Table{Name: "conversations", Columns: []string{"state"}}
)

// Tables lists every table with sealed columns.
var Tables = []Table{Personal, Messages, Conversations}

func (t Table) aad(col string, key []string) string {
	return seal.AAD(append([]string{t.Name, col}, key...)...)
}

// Seal seals vals (one per column, in Columns order) of the record key in
// place. A nil keyring leaves them as they are.
func (t Table) Seal(k *seal.Keyring, vals []string, key ...string) error {
	if k == nil {
		return nil
	}
	for i, col := range t.Columns {
		v, err := k.Seal(vals[i], t.aad(col, key))
		if err != nil {
			return err
		}
		vals[i] = v
	}
	return nil
}

// Open opens vals of the record key in place; see seal.Keyring.Open.
func (t Table) Open(k *seal.Keyring, vals []string, key ...string) error {
	for i, col := range t.Columns {
		v, err := k.Open(vals[i], t.aad(col, key))
		if err != nil {
			return err
		}
		vals[i] = v
	}
	return nil
}

// Reseal seals vals of the record key with the current key in place and
// reports whether any changed; see seal.Keyring.Reseal.
func (t Table) Reseal(k *seal.Keyring, vals []string, key ...string) (changed int, err error) {
	for i, col := range t.Columns {
		v, ch, err := k.Reseal(vals[i], t.aad(col, key))
		if err != nil {
			return 0, err
		}
		if ch {
			vals[i] = v
			changed++
		}
	}
	return changed, nil
}

// Check returns an EDATAKEY error unless r opens values of every key id in
// ids (the keys a store records having sealed with).
func Check(ids []string, r *seal.Keyring) error {
	var missing []string
	for _, id := range ids {
		if !r.Has(id) {
			missing = append(missing, id)
		}
	}
	switch {
	case len(missing) == 0:
		return nil
	case r == nil:
		return shopmind.Errorf(shopmind.EDATAKEY, "the store's personal data is encrypted with data key %s, and no data key is configured",
			strings.Join(missing, " and "))
	default:
		return shopmind.Errorf(shopmind.EDATAKEY, "the store's personal data is encrypted with data key %s, but the configured data key is %s (a wrong key?)",
			strings.Join(missing, " and "), strings.Join(r.KeyIDs(), " and "))
	}
}

// Spec describes how one store pages through a sealed table and rewrites
// a row, for Reseal.
type Spec struct {
	Table  Table
	Keys   int    // how many key columns come first in Select's rows
	Select string // key columns then sealed columns, after the given key (Keys parameters) with a LIMIT parameter last
	Update string // sets the sealed columns (in order) for the key (last Keys parameters)
	Start  []any  // the key to page after first: before every real key
	Blob   bool   // the sealed columns are binary (passed as []byte)
}

// String returns a scanned column value as text: ids and sealed values are
// text, sequence numbers integers, the dialogue state bytes.
func String(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []byte:
		return string(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case int:
		return strconv.Itoa(v)
	}
	return fmt.Sprint(v)
}

// Runner runs statements inside the transaction of a Reseal.
type Runner interface {
	// Rows returns every row of query, cols values each.
	Rows(ctx context.Context, query string, args []any, cols int) ([][]any, error)
	// Exec runs a statement.
	Exec(ctx context.Context, query string, args []any) error
}

// pageSize is how many rows Reseal reads at a time.
const pageSize = 500

// Reseal seals every value of the table spec describes with k's current
// key, through run, and returns how many values it rewrote.
func Reseal(ctx context.Context, run Runner, k *seal.Keyring, spec Spec) (int, error) {
	cols := spec.Keys + len(spec.Table.Columns)
	after, n := spec.Start, 0
	for {
		rows, err := run.Rows(ctx, spec.Select, append(append([]any{}, after...), pageSize), cols)
		if err != nil {
			return n, fmt.Errorf("reseal %s: %w", spec.Table.Name, err)
		}
		for _, row := range rows {
			key := make([]string, spec.Keys)
			for i := range key {
				key[i] = String(row[i])
			}
			vals := make([]string, len(spec.Table.Columns))
			for i := range vals {
				vals[i] = String(row[spec.Keys+i])
			}
			changed, err := spec.Table.Reseal(k, vals, key...)
			if err != nil {
				return n, fmt.Errorf("reseal %s %s: %w", spec.Table.Name, strings.Join(key, " "), err)
			}
			if changed == 0 {
				continue
			}
			args := make([]any, 0, cols)
			for _, v := range vals {
				if spec.Blob {
					args = append(args, []byte(v))
				} else {
					args = append(args, v)
				}
			}
			args = append(args, row[:spec.Keys]...)
			if err := run.Exec(ctx, spec.Update, args); err != nil {
				return n, fmt.Errorf("reseal %s %s: %w", spec.Table.Name, strings.Join(key, " "), err)
			}
			n += changed
		}
		if len(rows) < pageSize {
			return n, nil
		}
		after = rows[len(rows)-1][:spec.Keys]
	}
}

// SealState seals a conversation's dialogue state; nil becomes empty.
func SealState(k *seal.Keyring, id string, state []byte) ([]byte, error) {
	vals := []string{string(state)}
	if err := Conversations.Seal(k, vals, id); err != nil {
		return nil, err
	}
	return []byte(vals[0]), nil
}

// OpenState opens a conversation's dialogue state.
func OpenState(k *seal.Keyring, id string, state []byte) ([]byte, error) {
	if _, ok := seal.KeyOf(string(state)); !ok {
		return state, nil
	}
	vals := []string{string(state)}
	if err := Conversations.Open(k, vals, id); err != nil {
		return nil, err
	}
	return []byte(vals[0]), nil
}

// ImportUndo seals the before-image of personal data in an import's
// journal (import_undo.before of kind "personal"), keyed by the import id
// and the user id. It is not in Tables: a journal lives only as long as
// its import.
var ImportUndo = Table{Name: "import_undo", Columns: []string{"before"}}
