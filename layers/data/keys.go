package data

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

const tableKey = "key"

// keyPrefix starts every secret, so that a leaked one is recognizable (by
// secret scanners too).
const keyPrefix = "cbbk_"

var keyEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateKey makes an API key for member k.Member in role k.Role on behalf
// of actor, and returns it with its secret, which is kept nowhere: only
// its hash is stored. The administrator makes any key; a member's
// member-admin key (acting as that member) makes keys of its member. The
// key is written with its audit entry.
func (s *Store) CreateKey(ctx context.Context, actor model.MemberID, k model.Key) (model.Key, string, error) {
	var raw [10]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return k, "", fmt.Errorf("make key: %w", err)
	}
	var sec [32]byte
	if _, err := rand.Read(sec[:]); err != nil {
		return k, "", fmt.Errorf("make key: %w", err)
	}
	k.ID = strings.ToLower(keyEncoding.EncodeToString(raw[:]))
	secret := keyPrefix + k.ID + "_" + strings.ToLower(keyEncoding.EncodeToString(sec[:]))
	k.Hash = hashSecret(secret)
	if err := k.Validate(); err != nil {
		return k, "", err
	}
	k.Revoked = time.Time{} // the store sets what it keeps of a key, not the caller
	err := s.updateAs(ctx, actor, func(txn *badger.Txn, v model.Viewer, now time.Time) error {
		if !v.Admin && (k.Member != v.Member || !v.Active) {
			return model.Errorf(model.Forbidden, "member %s may not make keys of %s", v.Member, k.Member)
		}
		if k.Member != model.Administrator {
			var m model.Member
			if err := getJSON(txn, memberKey(k.Member), &m); err != nil {
				return model.Errorf(model.Invalid, "key for %s: no such member", k.Member)
			}
			if m.Status != model.Active {
				return model.Errorf(model.Invalid, "key for %s: the member has left the alliance", k.Member)
			}
		}
		k.Created, k.Actor = now, actor
		if err := setJSON(txn, docKey(tableKey, k.ID), k); err != nil {
			return err
		}
		return appendAudit(txn, &model.AuditEntry{Actor: actor, Action: model.AuditKeyCreate, Target: k.ID, Detail: fmt.Sprintf("%s key of %s", k.Role, k.Member)}, now)
	})
	if err != nil {
		return model.Key{}, "", err
	}
	k.Hash = ""
	return k, secret, nil
}

// RevokeKey revokes a key from now on: the administrator any key, a
// member its own.
func (s *Store) RevokeKey(ctx context.Context, actor model.MemberID, id string) (model.Key, error) {
	var k model.Key
	err := s.updateAs(ctx, actor, func(txn *badger.Txn, v model.Viewer, now time.Time) error {
		if err := getJSON(txn, docKey(tableKey, id), &k); err != nil || (!v.Admin && k.Member != v.Member) {
			return model.Errorf(model.NotFound, "no key %s", id)
		}
		if !k.Revoked.IsZero() {
			return model.Errorf(model.Conflict, "key %s was revoked already", id)
		}
		k.Revoked = now
		if err := setJSON(txn, docKey(tableKey, id), k); err != nil {
			return err
		}
		return appendAudit(txn, &model.AuditEntry{Actor: actor, Action: model.AuditKeyRevoke, Target: id, Detail: fmt.Sprintf("%s key of %s", k.Role, k.Member)}, now)
	})
	return k, err
}

// Keys lists the keys v may see: its member's, every key for the
// administrator. Hashes are left out.
func (s *Store) Keys(ctx context.Context, v model.Viewer) ([]model.Key, error) {
	var out []model.Key
	err := s.view(ctx, func(txn *badger.Txn) error {
		return eachJSON(txn, docKey(tableKey, ""), func(_ []byte, raw []byte) error {
			var k model.Key
			if err := json.Unmarshal(raw, &k); err != nil {
				return err
			}
			if v.Admin || k.Member == v.Member {
				k.Hash = ""
				out = append(out, k)
			}
			return nil
		})
	})
	return out, err
}

// ErrBadKey is the error of a secret that names no key in force: unknown,
// wrong, revoked, or of a member that left the alliance. The message does
// not say which, so a guess learns nothing.
var ErrBadKey = model.Errorf(model.Forbidden, "invalid API key")

// Authenticate returns the key a secret belongs to and the rights of its
// member as of now. A revoked key, and every key of a member that withdrew
// or was expelled, is refused (ErrBadKey).
func (s *Store) Authenticate(ctx context.Context, secret string) (model.Key, model.Viewer, error) {
	rest, ok := strings.CutPrefix(secret, keyPrefix)
	id, _, ok2 := strings.Cut(rest, "_")
	if !ok || !ok2 || id == "" {
		return model.Key{}, model.Viewer{}, ErrBadKey
	}
	var k model.Key
	var v model.Viewer
	err := s.view(ctx, func(txn *badger.Txn) error {
		if err := getJSON(txn, docKey(tableKey, id), &k); err != nil {
			if errors.Is(err, badger.ErrKeyNotFound) {
				return ErrBadKey
			}
			return err
		}
		if subtle.ConstantTimeCompare([]byte(k.Hash), []byte(hashSecret(secret))) != 1 || !k.Revoked.IsZero() {
			return ErrBadKey
		}
		var err error
		if v, err = viewerTxn(txn, k.Member, time.Now()); err != nil {
			return ErrBadKey
		}
		if !v.Active {
			return ErrBadKey
		}
		return nil
	})
	k.Hash = ""
	return k, v, err
}

// revokeKeysOf revokes every key of member m in force, in txn.
func revokeKeysOf(txn *badger.Txn, m model.MemberID, actor model.MemberID, now time.Time) error {
	var ids []string
	err := eachJSON(txn, docKey(tableKey, ""), func(_ []byte, raw []byte) error {
		var k model.Key
		if err := json.Unmarshal(raw, &k); err != nil {
			return err
		}
		if k.Member == m && k.Revoked.IsZero() {
			ids = append(ids, k.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		var k model.Key
		if err := getJSON(txn, docKey(tableKey, id), &k); err != nil {
			return err
		}
		k.Revoked = now
		if err := setJSON(txn, docKey(tableKey, id), k); err != nil {
			return err
		}
		if err := appendAudit(txn, &model.AuditEntry{Actor: actor, Action: model.AuditKeyRevoke, Target: id,
			Detail: fmt.Sprintf("%s key of %s: the member left the alliance", k.Role, k.Member)}, now); err != nil {
			return err
		}
	}
	return nil
}
