package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

// selfCommand returns a command running this very binary with args: on
// Linux /proc/self/exe, which stays the running binary even when an
// upgrade has replaced its file (a newer shopmind must not migrate the
// store under the older serve); elsewhere os.Executable. Nil when neither
// is known.
func selfCommand(ctx context.Context, args ...string) *exec.Cmd {
	exe := "/proc/self/exe"
	if runtime.GOOS != "linux" {
		p, err := os.Executable()
		if err != nil {
			return nil
		}
		exe = p
	}
	return exec.CommandContext(ctx, exe, args...)
}

// childTrainer returns how serve trains a recommendation model outside
// its process (recserve.Service.TrainOutside): "shopmind train recommend"
// as a child process at nice 19, given serve's effective configuration on
// standard input, so the training's allocations (which set off collections
// of serve's whole heap) and CPU stay out of the process answering
// requests. Nil when serve trains in its own process:
// recommend.train_in_child is false, or it cannot start itself (tests).
func childTrainer(env *Env, cfg Config, logger *slog.Logger) func(ctx context.Context, model string) error {
	if env.Command == nil || !cfg.Recommend.TrainInChild {
		return nil
	}
	conf, err := childConfig(cfg)
	if err != nil {
		logger.Warn("recommendation models train in this process: the configuration cannot be passed to a child", "error", err)
		return nil
	}
	return func(ctx context.Context, model string) error {
		cmd := env.Command(ctx, "train", "recommend", "--config", "-", "--models", model, "--nice", "19")
		if cmd == nil {
			return errors.New("cannot start this shopmind binary")
		}
		// Stopping serve interrupts the child, which drops its unsaved
		// model and closes the store; killed if it has not ended 10 s on.
		cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
		cmd.WaitDelay = 10 * time.Second
		cmd.Stdin = bytes.NewReader(conf)
		out := &lastBytes{max: 4 << 10}
		cmd.Stdout, cmd.Stderr = out, out
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("shopmind train recommend --models %s in a child process: %w: %s", model, err, strings.TrimSpace(out.String()))
		}
		logger.Info("trained in a child process", "model", model, "took", time.Since(start).Round(time.Millisecond),
			"said", lastLine(out.String()))
		return nil
	}
}

// childConfig is cfg as a child process reads it with "--config -".
func childConfig(cfg Config) ([]byte, error) {
	var b bytes.Buffer
	err := toml.NewEncoder(&b).Encode(cfg)
	return b.Bytes(), err
}

// lastBytes keeps the last max bytes written to it.
type lastBytes struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (w *lastBytes) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b = append(w.b, p...)
	if over := len(w.b) - w.max; over > 0 {
		w.b = append(w.b[:0], w.b[over:]...)
	}
	return len(p), nil
}

func (w *lastBytes) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.b)
}

// lastLine is the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
