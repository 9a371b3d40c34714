package sync_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	ksync "keel/backend/sync"
)

// Watch runs a round after a file appears in the folder, in a folder that did not exist
// when watching began too, with fsnotify and with the polling fallback; it returns once its
// context is done. Waits are for events, with a generous deadline, never a sleep.
func TestWatch(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(map[bool]string{false: "fsnotify", true: "poll"}[poll], func(t *testing.T) {
			dir := t.TempDir()
			rounds := make(chan struct{}, 16)
			started := make(chan string, 1)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() {
				defer close(done)
				ksync.Watch(ctx, dir, ksync.WatchOptions{Debounce: 20 * time.Millisecond, Poll: 20 * time.Millisecond, ForcePoll: poll,
					Started: func(how string) { started <- how }}, func() { rounds <- struct{}{} })
			}()
			want := map[bool]string{false: "fsnotify", true: "poll"}[poll]
			if how := <-started; how != want {
				t.Fatalf("watching by %s, want %s", how, want)
			}
			wait := func(why string) {
				t.Helper()
				select {
				case <-rounds:
				case <-time.After(20 * time.Second):
					t.Fatalf("no round after %s", why)
				}
			}
			os.WriteFile(filepath.Join(dir, "members", "laptop.json"), []byte("{}"), 0o600)
			wait("a member file appeared")
			sub := filepath.Join(dir, "ops", "laptop")
			os.MkdirAll(sub, 0o700)
			wait("a device folder appeared")
			os.WriteFile(filepath.Join(sub, "1-3.seg"), []byte("segment"), 0o600)
			wait("a segment appeared in the new folder")
			cancel()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("Watch did not stop")
			}
		})
	}
}
