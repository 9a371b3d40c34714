package sync

import (
	"crypto/rand"
	_ "embed"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// words.txt is Keel's own list of 1,024 short, common English words (sorted, one a line):
// an invite code is CodeWords of them, 60 bits.
//
//go:embed words.txt
var wordsFile string

var (
	codeWords = strings.Fields(wordsFile)
	wordIndex = func() map[string]bool {
		m := make(map[string]bool, len(codeWords))
		for _, w := range codeWords {
			m[w] = true
		}
		return m
	}()
)

// CodeWords is how many words an invite code has.
const CodeWords = 6

// NewCode makes a one-time invite code: CodeWords random words joined by "-".
func NewCode() (string, error) {
	out := make([]string, CodeWords)
	for i := range out {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeWords))))
		if err != nil {
			return "", err
		}
		out[i] = codeWords[n.Int64()]
	}
	return strings.Join(out, "-"), nil
}

// ErrCode marks a code that is not a Keel invite code, or not this invite's.
var ErrCode = errors.New("wrong invite code")

// normalizeCode accepts a code as people type it (any case, spaces or dashes between the
// words) and returns it as NewCode wrote it.
func normalizeCode(code string) (string, error) {
	ws := strings.FieldsFunc(strings.ToLower(code), func(r rune) bool { return r < 'a' || r > 'z' })
	if len(ws) != CodeWords {
		return "", fmt.Errorf("%w: an invite code is %d words, this has %d", ErrCode, CodeWords, len(ws))
	}
	for _, w := range ws {
		if !wordIndex[w] {
			return "", fmt.Errorf("%w: %q is not one of the code's words (check the spelling)", ErrCode, w)
		}
	}
	return strings.Join(ws, "-"), nil
}
