package ims

import "context"

type progressKey struct{}

// WithProgress returns a context that carries fn, called by a long write (an import's batch)
// with how many of total records it has written so far.
func WithProgress(ctx context.Context, fn func(done, total int)) context.Context {
	if fn == nil {
		return ctx
	}
	return context.WithValue(ctx, progressKey{}, fn)
}

// Progress calls the context's progress function, if it carries one.
func Progress(ctx context.Context, done, total int) {
	if fn, ok := ctx.Value(progressKey{}).(func(done, total int)); ok {
		fn(done, total)
	}
}
