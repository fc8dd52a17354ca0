package httpapi_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/store/sqlite"
)

// Wiring the API in a command: open a store, make the first admin key (its
// secret is shown once), and serve until interrupted.
func Example() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	db, err := sqlite.Open(ctx, "shop.db")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer db.Close()
	secret, key, err := shopmind.NewAPIKey(rand.Reader, "first admin", shopmind.RoleAdmin, time.Now())
	if err == nil {
		err = db.CreateKey(ctx, key)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println("admin key (shown once):", secret)

	s := httpapi.NewServer(db, httpapi.Options{
		Logger:   slog.New(slog.NewJSONHandler(os.Stderr, nil)),
		Registry: prometheus.NewRegistry(),
		Version:  "1.0.0",
	})
	// s.Console = web.Handler() // the web console at "/"
	ln, err := net.Listen("tcp", "127.0.0.1:8080")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	if err := s.Serve(ctx, ln); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}
