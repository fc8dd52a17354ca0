package mock_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
)

func TestStore(t *testing.T) {
	t.Run("CallsFn", func(t *testing.T) {
		s := &mock.Store{ItemFn: func(_ context.Context, id string) (*shopmind.Item, error) {
			return &shopmind.Item{ID: id}, nil
		}}
		it, err := s.Item(context.Background(), "a")
		if err != nil || it.ID != "a" {
			t.Fatalf("Item = %v, %v; want id a", it, err)
		}
	})
	t.Run("NilFnPanics", func(t *testing.T) {
		defer func() {
			msg, _ := recover().(string)
			if !strings.Contains(msg, "DeleteItemFn is nil") {
				t.Fatalf("panic = %q, want a message naming DeleteItemFn", msg)
			}
		}()
		_ = (&mock.Store{}).DeleteItem(context.Background(), "a")
	})
	t.Run("TxRunsOnItself", func(t *testing.T) {
		s := &mock.Store{}
		var got shopmind.Store
		if err := s.Tx(context.Background(), func(tx shopmind.Store) error { got = tx; return nil }); err != nil {
			t.Fatal(err)
		}
		if got != shopmind.Store(s) {
			t.Fatal("Tx did not pass the mock itself")
		}
	})
}
