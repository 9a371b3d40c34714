package ims

import (
	"errors"
	"fmt"
)

// Error codes: the edge (Wails error formatter, HTTP transport, CLI) maps these once.
const (
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	EINTERNAL  = "internal"
)

// Error is a domain error a person can act on. Field names the field at fault, if one is.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Existing is "kind/id" of the record a refusal points to (the one implementation status
	// an item already has), so a screen can open it; "" otherwise.
	Existing string `json:"existing,omitempty"`
	// Record is the 1-based position of the record at fault when a batch of records is
	// refused (CreateRecords), so an import can name the row; 0 otherwise.
	Record int `json:"-"`
}

func (e *Error) Error() string { return e.Message }

// Errorf returns a domain error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an invalid-input error naming the field at fault.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of a domain error, or EINTERNAL for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	return AsError(err).Code
}

// ErrorMessage returns the message of a domain error; other errors are "internal error"
// so that internals never leak to a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	return AsError(err).Message
}

// AsError returns the domain error inside err, or an internal one.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: EINTERNAL, Message: "internal error"}
}

// ErrorMessageOr returns a domain error's message, or the error's own text for other
// errors: for the CLI, where the person running it is the operator.
func ErrorMessageOr(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
