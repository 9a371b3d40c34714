package app

import (
	"context"
	gosync "sync"
	"time"

	"keel/backend/ims"
	"keel/backend/sync"
)

// syncWatcher runs rounds while the open workspace's sync folder changes, and on a timer.
// Only a long-lived session (the window, keel serve) turns it on; one-shot commands never
// watch.
type syncWatcher struct {
	mu     gosync.Mutex
	on     bool
	cancel context.CancelFunc
	done   chan struct{}
	opt    sync.WatchOptions // tests shorten the debounce
}

// WatchSync turns on watching the sync folder of whatever workspace is open, now and after
// every switch, until the session closes.
func (s *Session) WatchSync() {
	s.watch.mu.Lock()
	s.watch.on = true
	s.watch.mu.Unlock()
	s.restartSyncWatch()
}

func (s *Session) syncWatching() bool {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	return s.watch.cancel != nil
}

// stopSyncWatch stops the watcher and waits for a round in progress to end. The caller
// must not hold s.mu (a round reads the open workspace).
func (s *Session) stopSyncWatch() {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	s.stopSyncWatchLocked()
}

func (s *Session) stopSyncWatchLocked() {
	if s.watch.cancel != nil {
		s.watch.cancel()
		<-s.watch.done
		s.watch.cancel, s.watch.done = nil, nil
	}
}

// restartSyncWatch watches the open workspace's sync folder, when watching is on and the
// workspace syncs through a folder it chose (not only by sync files).
func (s *Session) restartSyncWatch() {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	s.stopSyncWatchLocked()
	if !s.watch.on {
		return
	}
	a := s.App()
	_, _, cfg, err := a.syncTarget(false)
	if err != nil || cfg == nil || cfg.Folder == "" {
		return
	}
	opt := s.watch.opt
	opt.Interval = interval(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.watch.cancel, s.watch.done = cancel, done
	go func() {
		defer close(done)
		sync.Watch(ctx, cfg.Folder, opt, func() {
			if ctx.Err() != nil {
				return
			}
			if _, err := a.syncFolder(""); err != nil {
				s.Log.Warn("sync round", "err", err)
			}
		})
	}()
}

// interval is how often a watched folder gets a round without a change; 0 is never.
func interval(cfg *sync.Config) time.Duration {
	switch cfg.Interval {
	case "":
		return sync.DefaultInterval
	case "off":
		return 0
	}
	d, err := time.ParseDuration(cfg.Interval)
	if err != nil || d < time.Second {
		return sync.DefaultInterval
	}
	return d
}

var errInterval = ims.Errorf(ims.EINVALID, "the sync interval is 0 (only on change) to 1440 minutes")

// SyncSetInterval sets how often a watched sync folder gets a round even when nothing
// changed, in minutes (0: only on change).
func (a *App) SyncSetInterval(minutes int) error {
	if minutes < 0 || minutes > 24*60 {
		return errInterval
	}
	rounds.Lock()
	_, info, cfg, err := a.syncTarget(true)
	if err == nil {
		cfg.Interval = "off"
		if minutes > 0 {
			cfg.Interval = (time.Duration(minutes) * time.Minute).String()
		}
		err = cfg.Save(info.Path)
	}
	rounds.Unlock()
	if err == nil {
		a.s.restartSyncWatch()
	}
	return err
}
