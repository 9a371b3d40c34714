package ims

import "context"

// ConflictType says what a conflict in the inbox is.
type ConflictType string

const (
	// ConflictField is a field two devices changed while apart: it has two or more values.
	ConflictField ConflictType = "field"
	// ConflictDelete is a record deleted on one device while another edited it (or
	// restored it): restore it, or confirm the delete.
	ConflictDelete ConflictType = "delete"
)

// Conflict is one entry of the conflict inbox.
type Conflict struct {
	Type       ConflictType    `json:"type"`
	Kind       string          `json:"kind"`
	KindLabel  string          `json:"kindLabel"`
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Field      string          `json:"field,omitempty"` // a field conflict's field
	FieldLabel string          `json:"fieldLabel,omitempty"`
	Values     []ConflictValue `json:"values"`          // every value of the field, or the deletes (and restores), oldest first
	Edits      []ConflictValue `json:"edits,omitempty"` // a delete conflict's edits the delete did not see
	At         string          `json:"at"`              // the latest change in it: the inbox lists newest first (the clock orders, never decides)
}

// ConflictService is what a store that merges ops from other devices offers the inbox.
type ConflictService interface {
	// Conflicts lists the open conflicts of the workspace, newest first.
	Conflicts(ctx context.Context) ([]Conflict, error)
	// ResolveDelete settles a delete conflict with one op over every delete and restore:
	// restore true takes the record out of the bin with every edit, false confirms the
	// delete (the edits stay in the history).
	ResolveDelete(ctx context.Context, actor Actor, kind, id string, restore bool) (Record, error)
}
