package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// writeSelfSigned writes a self-signed certificate for 127.0.0.1 and its
// key as PEM files in dir and returns their paths and the certificate.
func writeSelfSigned(t *testing.T, dir string) (certPath, keyPath string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "shopmind test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err = x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPath, keyPath = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certPath, keyPath, cert
}

// tlsEnv returns a test environment whose configuration file sets
// [http] to the given TOML lines.
func tlsEnv(t *testing.T, httpLines string) (*Env, *syncBuffer) {
	t.Helper()
	env, stdout, _ := testEnv(t)
	conf := filepath.Join(t.TempDir(), "shopmind.toml")
	if err := os.WriteFile(conf, []byte("[http]\n"+httpLines), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := env.Getenv
	env.Getenv = func(k string) string {
		if k == "SHOPMIND_CONFIG" {
			return conf
		}
		return getenv(k)
	}
	return env, stdout
}

// With tls_cert and tls_key, serve speaks HTTPS only.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	certPath, keyPath, cert := writeSelfSigned(t, dir)
	env, stdout := tlsEnv(t, "tls_cert = "+quoteTOML(certPath)+"\ntls_key = "+quoteTOML(keyPath)+"\n")

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, env, []string{"serve", "-addr", "127.0.0.1:0"}) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	re := regexp.MustCompile(`on (https://\S+)`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("serve printed no https address: %q", stdout.String())
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	res, err := client.Get(base + "healthz")
	if err != nil {
		t.Fatalf("GET over TLS: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.TLS == nil {
		t.Fatalf("GET /healthz over TLS: status %d, tls %v", res.StatusCode, res.TLS != nil)
	}
	// Plain HTTP gets no API answer.
	plain := "http://" + strings.TrimPrefix(base, "https://")
	if res, err := http.Get(plain + "healthz"); err == nil {
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP answered 200 on a TLS server")
		}
	}
}

// A missing or unreadable certificate stops serve with an error naming the
// setting.
func TestServeTLSErrors(t *testing.T) {
	dir := t.TempDir()
	certPath, keyPath, _ := writeSelfSigned(t, dir)
	for _, tt := range []struct {
		name, lines, field, msg string
	}{
		{"OnlyCert", "tls_cert = " + quoteTOML(certPath) + "\n", "http.tls_key", "is required when http.tls_cert is set"},
		{"Unreadable", "tls_cert = " + quoteTOML(filepath.Join(dir, "none.pem")) + "\ntls_key = " + quoteTOML(keyPath) + "\n", "http.tls_cert", "none.pem"},
		{"KeyIsNotAKey", "tls_cert = " + quoteTOML(certPath) + "\ntls_key = " + quoteTOML(certPath) + "\n", "http.tls_cert", "cannot load"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env, _ := tlsEnv(t, tt.lines)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := Run(ctx, env, []string{"serve", "-addr", "127.0.0.1:0"})
			if err == nil || shopmind.ErrorField(err) != tt.field || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("serve: %v (field %q), want field %q and %q", err, shopmind.ErrorField(err), tt.field, tt.msg)
			}
		})
	}
}

func quoteTOML(s string) string { return "'" + s + "'" }
