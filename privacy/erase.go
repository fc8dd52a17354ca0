package privacy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// PseudonymPrefix starts the random ids that replace an erased user's id
// in what erasure keeps.
const PseudonymPrefix = "anon-"

var _ shopmind.PrivacyService = (*Service)(nil)

// Service carries out erasure and export over a store and the in-memory
// models that hold per-user state. Set its fields before first use.
type Service struct {
	Store shopmind.PrivacyStore
	// Forgetters are the served models erasure removes the user from at
	// once (recommendation services, insights).
	Forgetters []shopmind.Forgetter
	// Events says whether an erased user's events are deleted (the
	// default) or kept under a random pseudonym.
	Events shopmind.EraseEvents
	// Random makes pseudonyms (crypto/rand when nil).
	Random io.Reader
	Now    func() time.Time
	Logger *slog.Logger

	compact sync.Mutex
}

// EraseUser implements shopmind.PrivacyService: the store erases the user
// in one transaction, every forgetter drops them, and the store is
// compacted so the deleted bytes leave its files. Erasing again is safe:
// models that still know the user (a forgetter failed before) forget them
// then, and only when nothing at all knows the id is it ENOTFOUND.
func (s *Service) EraseUser(ctx context.Context, userID string) (*shopmind.Erasure, error) {
	if err := shopmind.ValidateID("id", userID); err != nil {
		return nil, err
	}
	pseudonym, err := s.pseudonym()
	if err != nil {
		return nil, err
	}
	er, storeErr := s.Store.EraseUser(ctx, userID, shopmind.EraseOptions{Events: s.Events, Pseudonym: pseudonym})
	missing := shopmind.ErrorCode(storeErr) == shopmind.ENOTFOUND
	if storeErr != nil && !missing {
		return nil, storeErr
	}
	if missing {
		events := s.Events
		if events == "" {
			events = shopmind.EraseEventsDelete
		}
		er = &shopmind.Erasure{UserID: userID, EventsMode: events, ErasedAt: s.now()}
	}
	er.Models = []string{}
	var forgetErr error
	for _, f := range s.Forgetters {
		names, err := f.Forget(ctx, userID)
		er.Models = append(er.Models, names...)
		if err != nil && forgetErr == nil {
			forgetErr = fmt.Errorf("erase user %s from models: %w", userID, err)
		}
	}
	if missing && len(er.Models) == 0 && forgetErr == nil {
		return nil, storeErr
	}
	// Compact even when a model failed: the store's part is done, and its
	// deleted bytes must leave the files. One compaction at a time.
	s.compact.Lock()
	err = s.Store.Compact(ctx)
	s.compact.Unlock()
	if err != nil {
		s.logger().Error("compact after erasure", "error", err)
	} else {
		er.Compacted = true
	}
	if forgetErr != nil {
		return nil, forgetErr
	}
	return er, nil
}

// ExportUser implements shopmind.PrivacyService with Export.
func (s *Service) ExportUser(ctx context.Context, userID string) (*shopmind.UserExport, error) {
	return Export(ctx, s.Store, userID, s.now())
}

// pseudonym returns a fresh random id.
func (s *Service) pseudonym() (string, error) {
	r := s.Random
	if r == nil {
		r = rand.Reader
	}
	var b [12]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("pseudonym: %w", err)
	}
	return PseudonymPrefix + hex.EncodeToString(b[:]), nil
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}
