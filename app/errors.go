package app

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"keel/backend/ims"
)

// The one place domain error codes become transport errors.

var statusOf = map[string]int{
	ims.EINVALID:   http.StatusBadRequest,
	ims.ENOTFOUND:  http.StatusNotFound,
	ims.ECONFLICT:  http.StatusConflict,
	ims.EFORBIDDEN: http.StatusForbidden,
	ims.EINTERNAL:  http.StatusInternalServerError,
}

// PublicError turns any error into what a user may see; internal errors are logged and
// shown as "internal error".
func PublicError(log *slog.Logger, err error) *ims.Error {
	e := ims.AsError(err)
	if e.Code == ims.EINTERNAL {
		log.Error("internal error", "err", err)
	}
	return e
}

// WailsErrorFormatter is the window's error mapping: the promise rejects with the same
// JSON the HTTP transport sends.
func WailsErrorFormatter(log *slog.Logger) func(error) any {
	return func(err error) any {
		b, _ := json.Marshal(PublicError(log, err))
		return string(b)
	}
}

// HTTPStatus is the status code for a domain error code.
func HTTPStatus(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}
