package cli

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

// serveCmd is `keel serve`: the app services and the frontend over HTTP, on this machine only.
type serveCmd struct {
	Addr string `default:"127.0.0.1:4780" help:"Where to listen: 127.0.0.1 or localhost, and a port (0: any free one)." placeholder:"HOST:PORT"`
}

func (c serveCmd) Run(e *env) error {
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return usagef("--addr must be HOST:PORT: %v", err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return usagef("keel serve listens on this machine only: use 127.0.0.1 or localhost, not %s", host)
	}
	sess, ws := e.session("http")
	sess.WatchSync() // rounds while the workspace's sync folder changes, and on a timer
	defer func() {
		if err := sess.Close(); err != nil {
			sess.Log.Error("close", "err", err)
		}
	}()
	if err := e.openDefault(sess, ws, false); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	token := app.NewToken()
	srv := &http.Server{Handler: app.NewServer(sess, e.deps.Assets, token), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(e.out, "Keel is ready at http://%s/?token=%s\n", ln.Addr(), token)
	if f, ok := e.out.(*os.File); ok {
		f.Sync()
	}
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
