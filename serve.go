package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"keel/app"
)

func runServe(g globals) error {
	addr := g.addr
	if addr == "" {
		addr = "127.0.0.1:4780"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr must be HOST:PORT: %v", err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return usagef("keel serve listens on this machine only: use 127.0.0.1 or localhost, not %s", host)
	}
	sess, ws := newSession(g, "http")
	defer func() {
		if err := sess.Close(); err != nil {
			sess.Log.Error("close", "err", err)
		}
	}()
	if err := openDefault(sess, ws, g, false); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	token := app.NewToken()
	srv := &http.Server{Handler: app.NewServer(sess, assets(), token), ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("Keel is ready at http://%s/?token=%s\n", ln.Addr(), token)
	os.Stdout.Sync()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}
	return nil
}
