package app

import "context"

// SetOpenWith replaces how OpenPack hands a file to the desktop, for a test.
func SetOpenWith(f func(string) error) (restore func()) {
	old := openWith
	openWith = f
	return func() { openWith = old }
}

// SetPackGate makes every pack job wait in f before it renders, for a test.
func SetPackGate(f func(context.Context)) (restore func()) {
	old := packGate
	packGate = f
	return func() { packGate = old }
}
