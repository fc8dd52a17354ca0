package seal_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
)

func mustKey(t *testing.T) *seal.Key {
	t.Helper()
	k, _, err := seal.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpen(t *testing.T) {
	k := mustKey(t)
	r := seal.NewKeyring(k)
	aad := seal.AAD("user_personal", "email", "u1")
	tests := []string{"ada@example.com", "李雷", "x", strings.Repeat("long ", 1000)}
	for _, plain := range tests {
		sealed, err := r.Seal(plain, aad)
		if err != nil {
			t.Fatal(err)
		}
		if len(plain) > 3 && strings.Contains(sealed, plain) {
			t.Errorf("sealed %q holds the plaintext", sealed)
		}
		if id, ok := seal.KeyOf(sealed); !ok || id != k.ID() {
			t.Errorf("KeyOf(%q) = %q, %v; want %q, true", sealed, id, ok, k.ID())
		}
		again, _ := r.Seal(plain, aad)
		if again == sealed {
			t.Error("two seals of one value are equal: the nonce is not random")
		}
		got, err := r.Open(sealed, aad)
		if err != nil || got != plain {
			t.Errorf("Open = %q, %v; want %q", got, err, plain)
		}
	}
}

func TestSealEmptyAndPlain(t *testing.T) {
	r := seal.NewKeyring(mustKey(t))
	if v, err := r.Seal("", "a"); err != nil || v != "" {
		t.Errorf("Seal(\"\") = %q, %v; want \"\"", v, err)
	}
	// Values written before encryption open as themselves.
	for _, v := range []string{"", "ada@example.com", "sm1.", "sm1.XYZ", "sm1.0123456789ab"} {
		if got, err := r.Open(v, "a"); err != nil || got != v {
			t.Errorf("Open(%q) = %q, %v; want it unchanged", v, got, err)
		}
	}
	var none *seal.Keyring
	if v, err := none.Seal("ada", "a"); err != nil || v != "ada" {
		t.Errorf("nil keyring Seal = %q, %v", v, err)
	}
}

func TestOpenErrors(t *testing.T) {
	k1, k2 := mustKey(t), mustKey(t)
	r1 := seal.NewKeyring(k1)
	sealed, err := r1.Seal("ada@example.com", seal.AAD("user_personal", "email", "u1"))
	if err != nil {
		t.Fatal(err)
	}
	body := sealed[len("sm1.")+13:]
	// Another valid base64url character, so the value still decodes and
	// only the authentication fails (flipping a bit made 'A', 'a', 'Z' or
	// 'z' an invalid one, read as "damaged": this test failed 4 times in 64).
	tampered := []byte(sealed)
	if tampered[len(tampered)-3] == 'A' {
		tampered[len(tampered)-3] = 'B'
	} else {
		tampered[len(tampered)-3] = 'A'
	}
	tests := []struct {
		name, v, aad string
		r            *seal.Keyring
		want         string
	}{
		{"ErrNoKey", sealed, seal.AAD("user_personal", "email", "u1"), nil, "no data key is configured"},
		{"ErrWrongKey", sealed, seal.AAD("user_personal", "email", "u1"), seal.NewKeyring(k2), "not the configured data key (" + k2.ID() + ")"},
		{"ErrOtherRecord", sealed, seal.AAD("user_personal", "email", "u2"), r1, "does not decrypt"},
		{"ErrOtherColumn", sealed, seal.AAD("user_personal", "name", "u1"), r1, "does not decrypt"},
		{"ErrAltered", string(tampered), seal.AAD("user_personal", "email", "u1"), r1, "does not decrypt"},
		{"ErrTruncated", "sm1." + k1.ID() + "." + body[:10], seal.AAD("user_personal", "email", "u1"), r1, "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.Open(tt.v, tt.aad)
			if shopmind.ErrorCode(err) != shopmind.EDATAKEY || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Open = %q, %v; want an EDATAKEY error containing %q", got, err, tt.want)
			}
			if !strings.Contains(err.Error(), k1.ID()) {
				t.Errorf("error %q does not name the value's key %s", err, k1.ID())
			}
			if strings.Contains(err.Error(), "ada@example.com") { // not "ada": a key id is hex, and may hold it
				t.Errorf("error %q repeats the plaintext", err)
			}
		})
	}
}

func TestRotationKeyring(t *testing.T) {
	old, cur := mustKey(t), mustKey(t)
	aad := seal.AAD("messages", "text", "c1", "3")
	sealedOld, _ := seal.NewKeyring(old).Seal("call me on +44 20 7946 0958", aad)
	r := seal.NewKeyring(cur, old)
	out, changed, err := r.Reseal(sealedOld, aad)
	if err != nil || !changed {
		t.Fatalf("Reseal = %v, %v", changed, err)
	}
	if id, _ := seal.KeyOf(out); id != cur.ID() {
		t.Fatalf("resealed with %s, want %s", id, cur.ID())
	}
	if _, err := seal.NewKeyring(old).Open(out, aad); shopmind.ErrorCode(err) != shopmind.EDATAKEY {
		t.Fatalf("old key opens the resealed value: %v", err)
	}
	if got, err := seal.NewKeyring(cur).Open(out, aad); err != nil || got != "call me on +44 20 7946 0958" {
		t.Fatalf("new key: %q, %v", got, err)
	}
	if again, changed, err := r.Reseal(out, aad); err != nil || changed || again != out {
		t.Fatalf("Reseal of a current value = %v, %v; want it unchanged", changed, err)
	}
	plain, changed, err := r.Reseal("legacy@example.com", aad)
	if err != nil || !changed || !strings.HasPrefix(plain, "sm1."+cur.ID()) {
		t.Fatalf("Reseal of plaintext = %q, %v, %v", plain, changed, err)
	}
	if !r.Has(old.ID()) || !r.Has(cur.ID()) || r.KeyID() != cur.ID() || len(r.KeyIDs()) != 2 {
		t.Fatalf("keyring: Has/KeyID/KeyIDs wrong: %v", r.KeyIDs())
	}
}

func TestParseKey(t *testing.T) {
	k, text, err := seal.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	if len(strings.TrimSpace(text)) != 44 || !strings.HasSuffix(text, "\n") {
		t.Fatalf("key text %q: want 44 base64 characters and a line end", text)
	}
	hexText := hex.EncodeToString(bytes.Repeat([]byte{7}, 32))
	for _, in := range []string{text, "  " + text + "\r\n", hexText, strings.ToUpper(hexText) + "\n"} {
		got, err := seal.ParseKey([]byte(in))
		if err != nil || got.ID() != k.ID() {
			t.Errorf("ParseKey(%q) = %v, %v; want id %s", in, got, err, k.ID())
		}
	}
	for _, in := range []string{"", "short", hexText[:62], text[:40], "!!" + text[2:]} {
		if _, err := seal.ParseKey([]byte(in)); shopmind.ErrorCode(err) != shopmind.EINVALID {
			t.Errorf("ParseKey(%q): %v, want EINVALID", in, err)
		} else if len(in) > 8 && strings.Contains(err.Error(), in) {
			t.Errorf("error repeats the key text: %v", err)
		}
	}
	other, _, _ := seal.GenerateKey(rand.Reader)
	if other.ID() == k.ID() || len(k.ID()) != 12 {
		t.Fatalf("ids %q and %q", k.ID(), other.ID())
	}
}

func BenchmarkSeal(b *testing.B) {
	k, _, _ := seal.GenerateKey(rand.Reader)
	r := seal.NewKeyring(k)
	aad := seal.AAD("user_personal", "email", "u1")
	for b.Loop() {
		if _, err := r.Seal("ada.lovelace@example.com", aad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	k, _, _ := seal.GenerateKey(rand.Reader)
	r := seal.NewKeyring(k)
	aad := seal.AAD("user_personal", "email", "u1")
	v, _ := r.Seal("ada.lovelace@example.com", aad)
	for b.Loop() {
		if _, err := r.Open(v, aad); err != nil {
			b.Fatal(err)
		}
	}
}
