package shopmind

import (
	"context"
	"time"
)

// User is a shopper. It holds no personal data: name, e-mail, phone and
// address live apart in UserPersonal so they can be encrypted and erased on
// request without touching the behavioural history.
type User struct {
	ID         string            `json:"id"`
	Attributes map[string]string `json:"attributes,omitempty"` // e.g. age band, country, segment
	CreatedAt  time.Time         `json:"created_at"`
	UpdatedAt  time.Time         `json:"updated_at"`
}

// Validate checks the user and returns an EINVALID error naming the field.
func (u *User) Validate() error {
	if err := ValidateID("id", u.ID); err != nil {
		return err
	}
	return validateAttributes("attributes", u.Attributes)
}

// UserPersonal is a user's personal data, kept apart from User.
type UserPersonal struct {
	UserID  string `json:"user_id"`
	Email   string `json:"email,omitempty"`
	Name    string `json:"name,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Address string `json:"address,omitempty"`
}

// Validate checks the personal record.
func (p *UserPersonal) Validate() error {
	if err := ValidateID("user_id", p.UserID); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"email", p.Email}, {"name", p.Name}, {"phone", p.Phone}, {"address", p.Address}} {
		if err := validateText(f.name, f.v, MaxTitleLength); err != nil {
			return err
		}
	}
	return nil
}

// UserFilter selects users.
type UserFilter struct {
	After string // cursor: users with id > After
	Limit int    // 0 means DefaultLimit
}

// UserService keeps users and, apart, their personal data.
type UserService interface {
	// User returns the user with the given id, or ENOTFOUND.
	User(ctx context.Context, id string) (*User, error)
	// Users returns users in ascending id order and the next cursor.
	Users(ctx context.Context, f UserFilter) ([]*User, string, error)
	// UpsertUsers inserts or replaces users by id, with the same timestamp
	// and no-op rules as ItemService.UpsertItems.
	UpsertUsers(ctx context.Context, users []*User) error
	// DeleteUser removes a user and its personal data, or returns ENOTFOUND.
	// The user's events, orders and reviews are kept.
	DeleteUser(ctx context.Context, id string) error

	// UserPersonal returns the personal data of a user, or ENOTFOUND.
	UserPersonal(ctx context.Context, userID string) (*UserPersonal, error)
	// SetUserPersonal stores the personal data of an existing user
	// (ENOTFOUND if the user does not exist).
	SetUserPersonal(ctx context.Context, p *UserPersonal) error
	// ErasePersonal deletes a user's personal data; it is not an error if
	// there is none.
	ErasePersonal(ctx context.Context, userID string) error
}
