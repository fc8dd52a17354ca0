package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/sealed"
)

// sealUndo seals the before-image of personal data, as user_personal holds
// it sealed; other undos pass as they are.
func (c *conn) sealUndo(ctx context.Context, tx pgx.Tx, now time.Time, id int64, u shopmind.ImportUndo) (any, error) {
	if u.Before == nil {
		return nil, nil
	}
	k := c.keyring()
	if u.Kind != shopmind.UndoPersonal || k == nil {
		return u.Before, nil
	}
	vals := []string{string(u.Before)}
	if err := sealed.ImportUndo.Seal(k, vals, fmt.Sprint(id), u.Key); err != nil {
		return nil, fmt.Errorf("journal import %d: %w", id, err)
	}
	if err := recordKey(ctx, tx, k, now); err != nil {
		return nil, err
	}
	return []byte(vals[0]), nil
}

// openUndo opens what sealUndo sealed.
func (c *conn) openUndo(id int64, u *shopmind.ImportUndo) error {
	if u.Before == nil || u.Kind != shopmind.UndoPersonal {
		return nil
	}
	vals := []string{string(u.Before)}
	if err := sealed.ImportUndo.Open(c.keyring(), vals, fmt.Sprint(id), u.Key); err != nil {
		return fmt.Errorf("import undos: %w", err)
	}
	u.Before = []byte(vals[0])
	return nil
}
