package httpapi

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/shopmind/shopmind"
)

// TestAuditRecording checks which calls reach the audit log and how:
// success and refusal by a known key are recorded with the outcome, calls
// without a valid key are not, unaudited routes leave nothing, and a failure
// to record does not change the answer.
func TestAuditRecording(t *testing.T) {
	store := newMockStore()
	store.UserPersonalFn = func(_ context.Context, id string) (*shopmind.UserPersonal, error) {
		if id == "u1" {
			return &shopmind.UserPersonal{UserID: "u1", Email: "a@example.com"}, nil
		}
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "no personal data")
	}
	store.UserFn = func(_ context.Context, id string) (*shopmind.User, error) { return &shopmind.User{ID: id}, nil }
	s := newTestServer(t, store)
	for _, rq := range []request{
		{method: "GET", path: "/v1/users/u1/personal", key: adminKey},
		{method: "GET", path: "/v1/users/u9/personal", key: adminKey},
		{method: "GET", path: "/v1/users/u1/personal", key: readKey},
		{method: "GET", path: "/v1/users/u1/personal"},
		{method: "GET", path: "/v1/users/u1/personal", key: "sm_dddddddddddd_unknown"},
		{method: "GET", path: "/v1/users/u1", key: adminKey},
	} {
		rq.do(t, s.Handler())
	}
	var got []string
	for _, e := range store.AuditService.Entries {
		if !e.Time.Equal(testNow) {
			t.Errorf("entry %d time %v, want the server's clock %v", e.Seq, e.Time, testNow)
		}
		got = append(got, e.Actor+" "+string(e.Action)+" "+e.Target+" "+e.Outcome)
	}
	want := []string{
		"aaaaaaaaaaaa personal.read user/u1 ok",
		"aaaaaaaaaaaa personal.read user/u9 not_found",
		"cccccccccccc personal.read user/u1 forbidden",
	}
	equalStrings(t, "audit entries", got, want)

	store.AuditService.AppendAuditFn = func(context.Context, *shopmind.AuditEntry) error { return errors.New("disk full") }
	if rec := (request{method: "GET", path: "/v1/users/u1/personal", key: adminKey}).do(t, s.Handler()); rec.Code != http.StatusOK {
		t.Errorf("with the audit log failing: %d, want the read answered", rec.Code)
	}
}

func equalStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s:\n got %q\nwant %q", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s:\n got %q\nwant %q", what, got, want)
		}
	}
}
