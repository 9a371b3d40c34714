package sync

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWordList(t *testing.T) {
	if len(codeWords) != 1024 || !slices.IsSorted(codeWords) || len(wordIndex) != len(codeWords) {
		t.Fatalf("%d words (sorted %v, %d distinct): the code's strength assumes 1,024", len(codeWords), slices.IsSorted(codeWords), len(wordIndex))
	}
	for _, w := range codeWords {
		if !regexp.MustCompile(`^[a-z]{3,8}$`).MatchString(w) {
			t.Errorf("word %q", w)
		}
	}
	a, _ := NewCode()
	b, _ := NewCode()
	if a == b || !regexp.MustCompile(`^[a-z]+(-[a-z]+){5}$`).MatchString(a) {
		t.Errorf("codes %q, %q", a, b)
	}
}

// An invite opens with its code only: a wrong code, a word not in the list, an altered or
// cut file and an expired invite are refused with a clear reason.
func TestInvite(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	inv := Invite{ID: "inv-1", SyncID: "ws-1", Name: "Acme", By: "laptop", Expires: now.Add(InviteTTL),
		Key: bytes.Repeat([]byte{7}, KeySize), Folder: []byte("the folder")}
	code, err := NewCode()
	if err != nil {
		t.Fatal(err)
	}
	b, err := SealInvite(inv, code)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, inv.Key) || bytes.Contains(b, []byte("Acme")) || bytes.Contains(b, []byte("the folder")) {
		t.Error("the invite file shows what it carries")
	}
	// As people type it: capitals and spaces.
	got, err := OpenInvite(b, strings.ToUpper(strings.ReplaceAll(code, "-", " ")), now)
	if err != nil || got.SyncID != "ws-1" || got.Name != "Acme" || !bytes.Equal(got.Key, inv.Key) || string(got.Folder) != "the folder" {
		t.Fatalf("opened %+v, %v", got, err)
	}
	other, _ := NewCode()
	for other == code {
		other, _ = NewCode()
	}
	if _, err := OpenInvite(b, other, now); !errors.Is(err, ErrCode) || !strings.Contains(err.Error(), "not the code of this invite") {
		t.Errorf("wrong code: %v", err)
	}
	if _, err := OpenInvite(b, "apple apple apple apple apple zzzz", now); !errors.Is(err, ErrCode) || !strings.Contains(err.Error(), `"zzzz" is not one of the code's words`) {
		t.Errorf("a word not in the list: %v", err)
	}
	if _, err := OpenInvite(b, "apple apple", now); !errors.Is(err, ErrCode) || !strings.Contains(err.Error(), "6 words") {
		t.Errorf("two words: %v", err)
	}
	for _, i := range []int{4, 10, 30, len(b) - 1} {
		bad := bytes.Clone(b)
		bad[i] ^= 1
		if _, err := OpenInvite(bad, code, now); err == nil {
			t.Errorf("byte %d changed: opened", i)
		}
	}
	if _, err := OpenInvite(b[:len(b)-1], code, now); err == nil {
		t.Error("a cut file opened")
	}
	if _, err := OpenInvite(b, code, now.Add(InviteTTL+time.Minute)); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("expired: %v", err)
	}
}
