package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/shopmind/shopmind"
)

// settingsPrefix starts the detail of a settings.change entry before the
// section hashes.
const settingsPrefix = "sections: "

// settingsHashes returns "name=hash" for each section of the configuration,
// in declaration order: the first 8 hex digits of the SHA-256 of the
// section's JSON. A hash says whether a section changed without storing
// its values (a DSN's password, file paths) in the audit log.
func settingsHashes(c Config) []string {
	v := reflect.ValueOf(c)
	var out []string
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("toml"), ",")
		if name == "" || name == "-" {
			continue
		}
		b, err := json.Marshal(v.Field(i).Interface())
		if err != nil {
			b = []byte(fmt.Sprint(v.Field(i).Interface()))
		}
		sum := sha256.Sum256(b)
		out = append(out, name+"="+hex.EncodeToString(sum[:4]))
	}
	return out
}

// recordSettings appends a settings.change entry (actor system, target
// config) when serve starts with a configuration whose sections differ from
// the last one recorded, naming the sections that changed. Settings are
// changed in the configuration file or the environment, outside shopmind,
// so the log records when a change took effect, not who made it.
func recordSettings(ctx context.Context, a shopmind.AuditService, c Config) error {
	now := settingsHashes(c)
	last, _, err := a.AuditEntries(ctx, shopmind.AuditFilter{Action: shopmind.AuditSettingsChange, Target: "config", Limit: 1})
	if err != nil {
		return fmt.Errorf("read the last settings: %w", err)
	}
	changed := "first start"
	if len(last) > 0 {
		_, prev, _ := strings.Cut(last[0].Detail, settingsPrefix)
		old := map[string]bool{}
		for _, s := range strings.Fields(prev) {
			old[s] = true
		}
		var names []string
		for _, s := range now {
			if !old[s] {
				name, _, _ := strings.Cut(s, "=")
				names = append(names, name)
			}
		}
		if len(names) == 0 {
			return nil
		}
		changed = strings.Join(names, ", ")
	}
	e := &shopmind.AuditEntry{Actor: shopmind.ActorSystem, Action: shopmind.AuditSettingsChange, Target: "config",
		Outcome: shopmind.OutcomeOK, Detail: "changed: " + changed + "; " + settingsPrefix + strings.Join(now, " ")}
	if err := a.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("record the settings: %w", err)
	}
	return nil
}
