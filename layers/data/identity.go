package data

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// identityKey holds the store's identity: 32 hex digits.
var identityKey = []byte("id")

// Identity returns the store's identity: 16 random bytes in hex, drawn when
// the store was created (or first opened by a cbb that knew identities). A
// backup names the store it was taken from, and a restored store keeps the
// identity of the store it was backed up from: it is the same store, moved
// in time.
func (s *Store) Identity(ctx context.Context) (string, error) {
	var id string
	err := s.view(ctx, func(txn *badger.Txn) error {
		v, err := getValue(txn, identityKey)
		if err != nil {
			return fmt.Errorf("read identity of store %s: %w", s.dir, err)
		}
		id = string(v)
		return nil
	})
	return id, err
}

// withIdentity runs fn, the schema check of Open, and then gives the store
// an identity if it has none yet, in the same transaction: a new store
// gets its identity with its schema version, and a store made before
// identities existed gets one the first time it is opened. A store whose
// schema check fails is left untouched.
func withIdentity(fn func(*badger.Txn) error) func(*badger.Txn) error {
	return func(txn *badger.Txn) error {
		if err := fn(txn); err != nil {
			return err
		}
		_, err := txn.Get(identityKey)
		if err == nil {
			return nil
		}
		if !errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("read store identity: %w", err)
		}
		id, err := newIdentity()
		if err != nil {
			return err
		}
		return txn.Set(identityKey, []byte(id))
	}
}

func newIdentity() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("draw store identity: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
