package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// keyEnv is testEnv on a fresh machine: no data key anywhere, the default
// key folder (XDG_CONFIG_HOME) empty. set changes or adds variables.
func keyEnv(t *testing.T) (env *Env, stdout, stderr *syncBuffer, set func(k, v string), configHome string) {
	t.Helper()
	env, stdout, stderr = testEnv(t)
	configHome = t.TempDir()
	vars := map[string]string{"XDG_CONFIG_HOME": configHome}
	get := env.Getenv
	env.Getenv = func(k string) string {
		if v, ok := vars[k]; ok {
			return v
		}
		return get(k)
	}
	return env, stdout, stderr, func(k, v string) { vars[k] = v }, configHome
}

// apiCall sends a JSON request with key and returns the status and body.
func apiCall(t *testing.T, method, url, key string, body any) (int, string) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, r)
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw)
}

// storeBytes returns the SQLite file and its WAL.
func storeBytes(t *testing.T, env *Env) []byte {
	t.Helper()
	path := env.Getenv("SHOPMIND_STORE_PATH")
	var all []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// importPeople imports two users and their personal data with the CLI.
func importPeople(t *testing.T, env *Env, stderr *syncBuffer) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"users.csv":    "id\nimp1\nimp2\n",
		"personal.csv": "user_id,email,name,phone,address\nimp1,imported.one@example.net,Imported One,+33 1 42 68 53 00,\"8 Rue de Rivoli, 75004 Paris\"\nimp2,imported.two@example.net,Imported Two,,\n",
	}
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	if err := Run(context.Background(), env, append([]string{"import", "-quiet"}, paths...)); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
}

// TestServeSealsPersonalData is issue 12 item 2 through the user's doors on
// a machine with no configuration: personal data imported with the CLI,
// written through the API of serve, and typed into a conversation comes
// back in plain text to an admin, while the e-mail addresses, names,
// phones and addresses appear nowhere in the SQLite file or its WAL. The
// key is created in the user's configuration folder, not beside the data.
func TestServeSealsPersonalData(t *testing.T) {
	env, stdout, stderr, _, configHome := keyEnv(t)
	importPeople(t, env, stderr)
	admin := createKey(t, env, stdout, "owner", "admin")
	write := createKey(t, env, stdout, "shop", "write")
	base := strings.TrimSuffix(startServe(t, env, stdout), "/")

	if code, body := apiCall(t, "PUT", base+"/v1/users/grace", write, map[string]any{}); code != http.StatusOK {
		t.Fatalf("PUT user: %d %s", code, body)
	}
	grace := shopmind.UserPersonal{Email: "grace.hopper@example.org", Name: "Grace Brewster Hopper",
		Phone: "+1 212 555 0187", Address: "1 Navy Yard, Arlington VA 22202"}
	if code, body := apiCall(t, "PUT", base+"/v1/users/grace/personal", admin, grace); code != http.StatusOK {
		t.Fatalf("PUT personal: %d %s", code, body)
	}
	var conv shopmind.Conversation
	code, body := apiCall(t, "POST", base+"/v1/conversations", write, map[string]string{})
	if code != http.StatusCreated || json.Unmarshal([]byte(body), &conv) != nil {
		t.Fatalf("start conversation: %d %s", code, body)
	}
	typed := "hi, write to typed.shopper@example.com or call +44 20 7946 0958"
	if code, body := apiCall(t, "POST", base+"/v1/conversations/"+conv.ID+"/messages", write, map[string]string{"text": typed}); code != http.StatusOK {
		t.Fatalf("send: %d %s", code, body)
	}

	// The admin reads everything in plain text.
	grace.UserID = "grace"
	var got shopmind.UserPersonal
	if code, body := apiCall(t, "GET", base+"/v1/users/grace/personal", admin, nil); code != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil || got != grace {
		t.Fatalf("GET personal: %d %s, want %+v", code, body, grace)
	}
	if code, body := apiCall(t, "GET", base+"/v1/users/imp1/personal", admin, nil); code != http.StatusOK || !strings.Contains(body, "imported.one@example.net") || !strings.Contains(body, "75004 Paris") {
		t.Fatalf("GET imported personal: %d %s", code, body)
	}
	if code, body := apiCall(t, "GET", base+"/v1/conversations/"+conv.ID, admin, nil); code != http.StatusOK || !strings.Contains(body, typed) {
		t.Fatalf("GET transcript: %d %s, want the typed text", code, body)
	}

	secrets := []string{grace.Email, grace.Name, grace.Phone, grace.Address, "imported.one@example.net", "Imported One",
		"+33 1 42 68 53 00", "8 Rue de Rivoli", "imported.two@example.net", "typed.shopper@example.com", "+44 20 7946 0958"}
	raw := storeBytes(t, env)
	if len(raw) < 4096 {
		t.Fatalf("store is %d bytes: nothing to search", len(raw))
	}
	for _, s := range secrets {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("%q is in the SQLite file or its WAL", s)
		}
	}
	// The users themselves are there: the search looks at the right bytes.
	if !bytes.Contains(raw, []byte("grace")) || !bytes.Contains(raw, []byte("imp2")) {
		t.Error("user ids not found in the store's bytes: the search does not see the data")
	}

	keyFile := filepath.Join(configHome, "shopmind", "data.key")
	fi, err := os.Stat(keyFile)
	if err != nil {
		t.Fatalf("default key file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(env.Getenv("SHOPMIND_STORE_PATH")))
	for _, e := range entries {
		if strings.Contains(e.Name(), "key") {
			t.Errorf("%s lies beside the database", e.Name())
		}
	}
}

// TestServeDataKeyErrors: serve refuses a store whose personal data it
// cannot open, saying which key it needs and which setting to change;
// "shopmind datakey rotate" re-encrypts everything with a new key, after
// which only the new key serves.
func TestServeDataKeyErrors(t *testing.T) {
	env, stdout, stderr, set, configHome := keyEnv(t)
	ctx := context.Background()
	keyDir := t.TempDir()
	oldKey := filepath.Join(keyDir, "old.key")
	if err := Run(ctx, env, []string{"datakey", "new", oldKey}); err != nil {
		t.Fatal(err)
	}
	oldID := regexp.MustCompile(`data key ([0-9a-f]{12})`).FindStringSubmatch(stderr.String())
	if oldID == nil {
		t.Fatalf("datakey new printed no key id: %q", stderr.String())
	}
	set("SHOPMIND_STORE_DATA_KEY_FILE", oldKey)
	importPeople(t, env, stderr)

	serveErr := func() error {
		return Run(ctx, env, []string{"serve", "-addr", "127.0.0.1:0"})
	}
	wantErr := func(name string, err error, mention ...string) {
		t.Helper()
		if shopmind.ErrorCode(err) != shopmind.EDATAKEY {
			t.Fatalf("%s: err = %v, want a %s error", name, err, shopmind.EDATAKEY)
		}
		for _, m := range mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%s: error %q does not mention %q", name, err, m)
			}
		}
	}

	// No key configured, no default key file: the data's key is missing.
	set("SHOPMIND_STORE_DATA_KEY_FILE", "")
	wantErr("MissingKey", serveErr(), oldID[1], "store.data_key_file", "SHOPMIND_DATA_KEY")
	if _, err := os.Stat(filepath.Join(configHome, "shopmind", "data.key")); !os.IsNotExist(err) {
		t.Errorf("a default key was created for a store sealed with another key: %v", err)
	}
	// A configured file that does not exist.
	set("SHOPMIND_STORE_DATA_KEY_FILE", filepath.Join(keyDir, "missing.key"))
	wantErr("MissingFile", serveErr(), "store.data_key_file", "missing.key", "does not exist")
	// Another key.
	set("SHOPMIND_STORE_DATA_KEY_FILE", "")
	other := filepath.Join(keyDir, "other.key")
	if err := Run(ctx, env, []string{"datakey", "new", other}); err != nil {
		t.Fatal(err)
	}
	otherText, _ := os.ReadFile(other)
	set("SHOPMIND_DATA_KEY", string(otherText))
	wantErr("WrongKey", serveErr(), oldID[1], "wrong key", "SHOPMIND_DATA_KEY", "store.data_key_file")
	set("SHOPMIND_DATA_KEY", "not a key")
	wantErr("BadKey", serveErr(), "SHOPMIND_DATA_KEY", "base64")

	// Rotate from the old key to a new file.
	set("SHOPMIND_DATA_KEY", "")
	set("SHOPMIND_STORE_DATA_KEY_FILE", oldKey)
	newKey := filepath.Join(keyDir, "new.key")
	mark := len(stdout.String())
	if err := Run(ctx, env, []string{"datakey", "rotate", "-new", newKey}); err != nil {
		t.Fatalf("rotate: %v\n%s", err, stderr.String())
	}
	if out := stdout.String()[mark:]; !regexp.MustCompile(`re-encrypted 6 personal values from data key ` + oldID[1] + ` to [0-9a-f]{12}`).MatchString(out) {
		t.Fatalf("rotate printed %q, want 6 values (imp1's 4 fields, imp2's e-mail and name)", out)
	}
	wantErr("OldKeyAfterRotation", serveErr(), oldID[1], "wrong key")

	set("SHOPMIND_STORE_DATA_KEY_FILE", newKey)
	mark = len(stdout.String())
	if err := Run(ctx, env, []string{"audit", "list"}); err != nil {
		t.Fatalf("audit list: %v", err)
	}
	if out := stdout.String()[mark:]; !strings.Contains(out, "key.rotate") || !strings.Contains(out, "from "+oldID[1]) {
		t.Errorf("audit log does not record the rotation:\n%s", out)
	}
	mark = len(stdout.String())
	if err := Run(ctx, env, []string{"datakey", "status"}); err != nil {
		t.Fatalf("status: %v", err)
	}
	if out := stdout.String()[mark:]; strings.Contains(out, oldID[1]) || !strings.Contains(out, "new.key") {
		t.Errorf("status after rotation: %s, want the new key only", out)
	}
	admin := createKey(t, env, stdout, "owner", "admin")
	base := strings.TrimSuffix(startServe(t, env, stdout), "/")
	if code, body := apiCall(t, "GET", base+"/v1/users/imp1/personal", admin, nil); code != http.StatusOK || !strings.Contains(body, "imported.one@example.net") {
		t.Fatalf("GET personal with the new key: %d %s", code, body)
	}
}

// TestDataKeyRotateReplacesKeyFile: without -new, rotate replaces the
// configured key file (here the default one) and keeps the old key aside.
func TestDataKeyRotateReplacesKeyFile(t *testing.T) {
	env, stdout, stderr, _, configHome := keyEnv(t)
	ctx := context.Background()
	importPeople(t, env, stderr) // creates the default key
	keyFile := filepath.Join(configHome, "shopmind", "data.key")
	before, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := Run(ctx, env, []string{"datakey", "rotate"}); err != nil {
		t.Fatalf("rotate: %v\n%s", err, stderr.String())
	}
	after, err := os.ReadFile(keyFile)
	if err != nil || bytes.Equal(before, after) {
		t.Fatalf("key file not replaced: %v", err)
	}
	olds, _ := filepath.Glob(keyFile + ".*.old")
	if len(olds) != 1 {
		t.Fatalf("old key kept as %v, want one file", olds)
	}
	if kept, _ := os.ReadFile(olds[0]); !bytes.Equal(kept, before) {
		t.Error("the kept old key differs from the old key")
	}
	admin := createKey(t, env, stdout, "owner", "admin")
	base := strings.TrimSuffix(startServe(t, env, stdout), "/")
	if code, body := apiCall(t, "GET", base+"/v1/users/imp1/personal", admin, nil); code != http.StatusOK || !strings.Contains(body, "imported.one@example.net") {
		t.Fatalf("GET personal after rotation: %d %s", code, body)
	}
}

// A key file inside the database's folder is refused: a copy of the folder
// would carry the data with its key.
func TestDataKeyBesideDataRefused(t *testing.T) {
	env, _, _, set, _ := keyEnv(t)
	set("SHOPMIND_STORE_DATA_KEY_FILE", filepath.Join(filepath.Dir(env.Getenv("SHOPMIND_STORE_PATH")), "data.key"))
	err := Run(context.Background(), env, []string{"serve", "-addr", "127.0.0.1:0"})
	if err == nil || shopmind.ErrorField(err) != "store.data_key_file" || !strings.Contains(err.Error(), "apart from the data") {
		t.Fatalf("err = %v, want a store.data_key_file error", err)
	}
}
