package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

// User calls UserFn.
func (s *Store) User(ctx context.Context, id string) (*shopmind.User, error) {
	if s.UserFn == nil {
		missing("User")
	}
	return s.UserFn(ctx, id)
}

// Users calls UsersFn.
func (s *Store) Users(ctx context.Context, f shopmind.UserFilter) ([]*shopmind.User, string, error) {
	if s.UsersFn == nil {
		missing("Users")
	}
	return s.UsersFn(ctx, f)
}

// UpsertUsers calls UpsertUsersFn.
func (s *Store) UpsertUsers(ctx context.Context, users []*shopmind.User) error {
	if s.UpsertUsersFn == nil {
		missing("UpsertUsers")
	}
	return s.UpsertUsersFn(ctx, users)
}

// DeleteUser calls DeleteUserFn.
func (s *Store) DeleteUser(ctx context.Context, id string) error {
	if s.DeleteUserFn == nil {
		missing("DeleteUser")
	}
	return s.DeleteUserFn(ctx, id)
}

// UserPersonal calls UserPersonalFn.
func (s *Store) UserPersonal(ctx context.Context, userID string) (*shopmind.UserPersonal, error) {
	if s.UserPersonalFn == nil {
		missing("UserPersonal")
	}
	return s.UserPersonalFn(ctx, userID)
}

// SetUserPersonal calls SetUserPersonalFn.
func (s *Store) SetUserPersonal(ctx context.Context, p *shopmind.UserPersonal) error {
	if s.SetUserPersonalFn == nil {
		missing("SetUserPersonal")
	}
	return s.SetUserPersonalFn(ctx, p)
}

// ErasePersonal calls ErasePersonalFn.
func (s *Store) ErasePersonal(ctx context.Context, userID string) error {
	if s.ErasePersonalFn == nil {
		missing("ErasePersonal")
	}
	return s.ErasePersonalFn(ctx, userID)
}
