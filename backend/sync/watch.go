package sync

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultInterval is how often a watched folder gets a round even when nothing changed
// (a cloud drive's delivery can go unnoticed, and this device's own changes go out).
const DefaultInterval = 5 * time.Minute

// WatchOptions tune Watch; zero values take the defaults.
type WatchOptions struct {
	Debounce  time.Duration // quiet time after a change before the round (default 2 s)
	Interval  time.Duration // a round at least this often (0: only on change)
	Poll      time.Duration // how often the polling fallback looks (default 10 s)
	ForcePoll bool          // poll even when the system can watch (tests, network drives)
	// Started, when set, is called once watching (or polling) has begun, with "fsnotify"
	// or "poll".
	Started func(how string)
}

// Watch calls round after the folder changes (once things are quiet for Debounce) and every
// Interval, until ctx is done. It watches the folder and every folder under it with
// fsnotify; when that fails (no inotify left, a file system without events) it polls the
// names, sizes and times of the files instead.
func Watch(ctx context.Context, dir string, opt WatchOptions, round func()) {
	if opt.Debounce <= 0 {
		opt.Debounce = 2 * time.Second
	}
	if opt.Poll <= 0 {
		opt.Poll = 10 * time.Second
	}
	for _, sub := range []string{"ops", "members"} {
		os.MkdirAll(filepath.Join(dir, sub), 0o700)
	}
	changed := make(chan struct{}, 1)
	notify := func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	how := "poll"
	if !opt.ForcePoll {
		if w, err := fsnotify.NewWatcher(); err == nil {
			defer w.Close()
			if addTree(w, dir) == nil {
				how = "fsnotify"
				go func() {
					for {
						select {
						case ev, ok := <-w.Events:
							if !ok {
								return
							}
							if ev.Has(fsnotify.Create) {
								if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
									addTree(w, ev.Name)
								}
							}
							notify()
						case _, ok := <-w.Errors:
							if !ok {
								return
							}
							notify() // events may have been lost: look anyway
						}
					}
				}()
			}
		}
	}
	if how == "poll" {
		go poll(ctx, dir, snapshot(dir), opt.Poll, notify)
	}
	if opt.Started != nil {
		opt.Started(how)
	}
	var tick <-chan time.Time
	if opt.Interval > 0 {
		t := time.NewTicker(opt.Interval)
		defer t.Stop()
		tick = t.C
	}
	var quiet *time.Timer
	var fire <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			if quiet != nil {
				quiet.Stop()
			}
			return
		case <-changed:
			if quiet == nil {
				quiet = time.NewTimer(opt.Debounce)
			} else {
				quiet.Reset(opt.Debounce)
			}
			fire = quiet.C
		case <-fire:
			fire = nil
			round()
		case <-tick:
			round()
		}
	}
}

// addTree watches dir and every folder under it.
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return w.Add(path)
	})
}

// poll calls notify whenever the files and folders under dir differ from the last look.
func poll(ctx context.Context, dir string, last map[string]fileStamp, every time.Duration, notify func()) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if now := snapshot(dir); !sameFiles(now, last) {
				last = now
				notify()
			}
		}
	}
}

type fileStamp struct {
	size int64
	mod  time.Time
}

func snapshot(dir string) map[string]fileStamp {
	out := map[string]fileStamp{}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil {
			if info, err := d.Info(); err == nil {
				out[path] = fileStamp{info.Size(), info.ModTime()}
			}
		}
		return nil
	})
	return out
}

func sameFiles(a, b map[string]fileStamp) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !w.mod.Equal(v.mod) || w.size != v.size {
			return false
		}
	}
	return true
}
