//go:build headless

package main

import "errors"

// The headless build has every command but the window, and needs no cgo or GTK.
func runWindow(g globals) error {
	return errors.New("this build of keel has no window (built with the headless tag): use `keel serve`")
}
