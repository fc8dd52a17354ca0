package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/shopmind/shopmind"
	recserve "github.com/shopmind/shopmind/recommend/serve"
)

// ChatCommand is "shopmind chat": a conversation with the assistant in the
// terminal, on the configured store (orders, catalog and the stored
// recommendation model), stored like any other conversation.
type ChatCommand struct {
	env *Env
}

const chatUsage = `Usage: shopmind chat [--config FILE] [--user ID] [--conversation ID] [--debug]

Type a message and press Enter; the reply follows. An empty line or
end of input quits. --conversation continues a stored conversation.

Flags:
`

// Run opens the store, builds the assistant and chats until end of input.
func (c *ChatCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), chatUsage)
		fs.PrintDefaults()
	}
	configPath := fs.String("config", "", "configuration file")
	user := fs.String("user", "", "the shopper's user id (their orders only)")
	convID := fs.String("conversation", "", "continue this conversation")
	debug := fs.Bool("debug", false, "show intent, confidence, slots and actions")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	cfg, err := loadConfig(c.env, *configPath)
	if err != nil {
		return err
	}
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer store.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	rec := recserve.NewService(store, cfg.Recommend.serviceConfig())
	rec.Logger = logger
	if err := rec.Load(ctx); err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		return err
	}
	rt, err := buildAssistant(ctx, cfg.Assistant, store, rec, logger)
	if err != nil {
		return err
	}
	id := *convID
	if id == "" {
		conv, err := rt.Service.Start(ctx, &shopmind.Conversation{UserID: *user})
		if err != nil {
			return err
		}
		id = conv.ID
	} else if _, err := rt.Service.Transcript(ctx, id); err != nil {
		return err
	}
	out := c.env.Stdout
	fmt.Fprintf(out, "Conversation %s. Type a message; an empty line quits.\n", id)
	in := bufio.NewScanner(c.env.Stdin)
	in.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for {
		fmt.Fprint(out, "> ")
		if !in.Scan() {
			fmt.Fprintln(out)
			return in.Err()
		}
		text := strings.TrimSpace(in.Text())
		if text == "" {
			return nil
		}
		turn, err := rt.Service.Send(ctx, id, text)
		if err != nil {
			if code := shopmind.ErrorCode(err); code == shopmind.EINVALID || code == shopmind.ETOOLARGE || code == shopmind.ECONFLICT {
				fmt.Fprintf(out, "! %s\n", shopmind.ErrorMessage(err))
				continue
			}
			return err
		}
		printTurn(out, turn, *debug)
	}
}

func printTurn(w io.Writer, t *shopmind.Turn, debug bool) {
	reply := t.Reply
	if reply == "" && t.Status == shopmind.ConversationHandoff {
		reply = "(waiting for a person to reply)"
	}
	fmt.Fprintf(w, "%s\n", reply)
	if debug {
		var acts []string
		for _, a := range t.Actions {
			acts = append(acts, a.Type)
		}
		fmt.Fprintf(w, "  [intent %s %.2f, slots %v, actions %v, status %s]\n", t.Intent, t.Confidence, t.Slots, acts, t.Status)
	}
}
