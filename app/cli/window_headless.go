//go:build headless

package cli

import "errors"

// runWindow: the headless build has every command but the window, and needs no cgo or GTK.
func runWindow(e *env, file string) error {
	return errors.New("this build of keel has no window (built with the headless tag): use `keel serve`")
}
