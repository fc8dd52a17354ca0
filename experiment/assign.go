package experiment

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/shopmind/shopmind"
)

// Bucket returns where userID falls in experiment experimentID: a number in
// [0, 1) fixed by a SHA-256 hash of both ids, uniform over users and
// independent between experiments.
func Bucket(experimentID, userID string) float64 {
	h := sha256.New()
	h.Write([]byte(experimentID))
	h.Write([]byte{0})
	h.Write([]byte(userID))
	var sum [sha256.Size]byte
	return float64(binary.BigEndian.Uint64(h.Sum(sum[:0]))>>11) / (1 << 53)
}

// Pick returns the variant userID gets in e: the one whose slice of the
// cumulative shares holds the user's bucket. e must be valid.
func Pick(e *shopmind.Experiment, userID string) shopmind.Variant {
	b := Bucket(e.ID, userID)
	var cum float64
	for _, v := range e.Variants {
		cum += v.Share
		if b < cum {
			return v
		}
	}
	return e.Variants[len(e.Variants)-1] // shares may sum to 1 - 1e-6
}
