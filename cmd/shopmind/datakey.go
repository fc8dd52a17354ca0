package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
)

// envDataKey holds the data key itself (base64 or hex), for deployments
// that pass secrets through the environment; it wins over any file.
const envDataKey = "SHOPMIND_DATA_KEY"

// defaultKeyName is the data key's file name in the default key folder.
const defaultKeyName = "data.key"

// dataKey is the configured data key and where it came from.
type dataKey struct {
	key  *seal.Key
	path string // the key file; "" for SHOPMIND_DATA_KEY
	// created is set when the default key file was created just now.
	created bool
}

// describe names where the key came from, for messages.
func (k dataKey) describe() string {
	if k.path == "" {
		return envDataKey
	}
	return "the key file " + k.path
}

// keyFile returns the data key file the configuration names, or the
// default one: data.key in the user's configuration folder
// ($XDG_CONFIG_HOME/shopmind, usually ~/.config/shopmind), apart from the
// data. explicit reports whether the configuration named it.
func (c StoreConfig) keyFile() (path string, explicit bool, err error) {
	if c.DataKeyFile != "" {
		return c.DataKeyFile, true, nil
	}
	dir := c.keyDir
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", false, &shopmind.Error{Code: shopmind.EDATAKEY, Field: "store.data_key_file",
				Message: fmt.Sprintf("no folder for the default data key file (%v): set store.data_key_file or %s", err, envDataKey)}
		}
		dir = filepath.Join(base, "shopmind")
	}
	return filepath.Join(dir, defaultKeyName), false, nil
}

// loadDataKey returns the configured data key: SHOPMIND_DATA_KEY, else the
// file store.data_key_file names, else the default key file, which is
// created (mode 0600) when it does not exist and create is true.
func loadDataKey(c StoreConfig, create bool) (dataKey, error) {
	if c.dataKey != "" {
		k, err := seal.ParseKey([]byte(c.dataKey))
		if err != nil {
			return dataKey{}, &shopmind.Error{Code: shopmind.EDATAKEY, Field: envDataKey, Message: envDataKey + ": " + shopmind.ErrorMessage(err)}
		}
		return dataKey{key: k}, nil
	}
	path, explicit, err := c.keyFile()
	if err != nil {
		return dataKey{}, err
	}
	k, err := readKeyFile(path)
	switch {
	case err == nil:
		return dataKey{key: k, path: path}, nil
	case errors.Is(err, os.ErrNotExist) && explicit:
		return dataKey{}, &shopmind.Error{Code: shopmind.EDATAKEY, Field: "store.data_key_file",
			Message: fmt.Sprintf("store.data_key_file: %s does not exist (make a key with 'shopmind privacy new-key %s')", path, path)}
	case errors.Is(err, os.ErrNotExist) && create:
		k, err := createKeyFile(path)
		if err != nil {
			return dataKey{}, err
		}
		return dataKey{key: k, path: path, created: true}, nil
	case errors.Is(err, os.ErrNotExist):
		return dataKey{}, &shopmind.Error{Code: shopmind.EDATAKEY, Field: "store.data_key_file",
			Message: fmt.Sprintf("no data key: the default key file %s does not exist; set store.data_key_file or %s", path, envDataKey)}
	}
	field := "store.data_key_file"
	if !explicit {
		field = "store.data_key_file (default " + path + ")"
	}
	return dataKey{}, &shopmind.Error{Code: shopmind.EDATAKEY, Field: "store.data_key_file", Message: field + ": " + err.Error()}
}

// readKeyFile reads and parses a key file.
func readKeyFile(path string) (*seal.Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := seal.ParseKey(b)
	if err != nil {
		return nil, errors.New(shopmind.ErrorMessage(err))
	}
	return k, nil
}

// createKeyFile writes a new key to path, readable by its owner only, in a
// folder created mode 0700. Two processes creating it at once agree on
// one key: each writes a temporary file and links it into place, and the
// loser reads the winner's.
func createKeyFile(path string) (*seal.Key, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data key folder: %w", err)
	}
	_, text, err := seal.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, ".data.key-*")
	if err != nil {
		return nil, fmt.Errorf("create data key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(text); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("create data key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("create data key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("create data key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("create data key: %w", err)
	}
	k, err := readKeyFile(path)
	if err != nil {
		return nil, fmt.Errorf("create data key: %w", err)
	}
	return k, nil
}

// keyBesideData reports an error when the key file lies in the SQLite
// file's folder (or below it): a copy of that folder would carry the data
// and its key together.
func (c StoreConfig) keyBesideData() error {
	if c.Driver != "sqlite" || c.DataKeyFile == "" {
		return nil
	}
	dataDir, err1 := filepath.Abs(filepath.Dir(c.Path))
	keyPath, err2 := filepath.Abs(c.DataKeyFile)
	if err1 != nil || err2 != nil {
		return nil
	}
	if rel, err := filepath.Rel(dataDir, keyPath); err == nil && !strings.HasPrefix(rel, "..") {
		return &shopmind.Error{Code: shopmind.EINVALID, Field: "store.data_key_file",
			Message: fmt.Sprintf("config: store.data_key_file: %s is in the database's folder %s; keep the key apart from the data", c.DataKeyFile, filepath.Dir(c.Path))}
	}
	return nil
}

// useDataKey gives the store its data key: the configured one, or on a
// store whose personal data is not sealed yet a default key created on
// first use. A store holding data sealed with another key, or sealed data
// and no key, is an EDATAKEY error naming the key it needs and the
// settings.
func useDataKey(ctx context.Context, st shopmind.Store, c StoreConfig) error {
	ss, ok := st.(seal.Store)
	if !ok {
		return nil
	}
	ids, err := ss.DataKeys(ctx)
	if err != nil {
		return err
	}
	k, err := loadDataKey(c, len(ids) == 0)
	if err != nil {
		if len(ids) > 0 && shopmind.ErrorCode(err) == shopmind.EDATAKEY {
			return &shopmind.Error{Code: shopmind.EDATAKEY, Field: shopmind.ErrorField(err),
				Message: fmt.Sprintf("the store's personal data is encrypted with data key %s: %s", strings.Join(ids, " and "), shopmind.ErrorMessage(err))}
		}
		return err
	}
	if err := ss.UseKeys(ctx, seal.NewKeyring(k.key)); err != nil {
		if shopmind.ErrorCode(err) != shopmind.EDATAKEY {
			return err
		}
		return &shopmind.Error{Code: shopmind.EDATAKEY, Field: "store.data_key_file",
			Message: fmt.Sprintf("%s; the configured key comes from %s: set store.data_key_file or %s to the key the data was sealed with",
				shopmind.ErrorMessage(err), k.describe(), envDataKey)}
	}
	return nil
}
