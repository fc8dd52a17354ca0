package shopmind_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestErrorCode(t *testing.T) {
	inner := shopmind.FieldErrorf("price", "price must be a finite number >= 0")
	for _, tt := range []struct {
		name           string
		err            error
		code, msg, fld string
	}{
		{"Nil", nil, "", "", ""},
		{"Plain", errors.New("disk on fire"), shopmind.EINTERNAL, "Internal error.", ""},
		{"App", shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", "x"), shopmind.ENOTFOUND, `item "x" not found`, ""},
		{"Wrapped", fmt.Errorf("import: %w", inner), shopmind.EINVALID, "price must be a finite number >= 0", "price"},
		{"WithField", shopmind.WithField(inner, "items[3]"), shopmind.EINVALID, "price must be a finite number >= 0", "items[3].price"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := shopmind.ErrorCode(tt.err); got != tt.code {
				t.Errorf("code = %q, want %q", got, tt.code)
			}
			if got := shopmind.ErrorMessage(tt.err); got != tt.msg {
				t.Errorf("message = %q, want %q", got, tt.msg)
			}
			if got := shopmind.ErrorField(tt.err); got != tt.fld {
				t.Errorf("field = %q, want %q", got, tt.fld)
			}
		})
	}
	if got := shopmind.FieldErrorf("items[2].id", "id is required").Error(); got != "id is required (field items[2].id)" {
		t.Errorf("Error() = %q", got)
	}
	if inner.Field != "price" {
		t.Errorf("WithField changed the original error: %q", inner.Field)
	}
}
