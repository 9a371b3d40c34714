package ims

import "context"

// Actor is who made a change: the identity a person gives once per device.
type Actor struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  string `json:"role"`
}

// Validate checks an identity before it is saved.
func (a Actor) Validate() error {
	if len([]rune(a.Name)) < 2 {
		return FieldErrorf("name", "Name is required (at least 2 characters)")
	}
	if a.Email != "" && !validEmail(a.Email) {
		return FieldErrorf("email", "Email %q does not look like an address (name@example.com)", a.Email)
	}
	return nil
}

func validEmail(s string) bool {
	at := -1
	for i, r := range s {
		if r == '@' {
			if at >= 0 {
				return false
			}
			at = i
		}
		if r == ' ' {
			return false
		}
	}
	return at > 0 && at < len(s)-3
}

// ConflictValue is one head of a field with two or more concurrent values.
type ConflictValue struct {
	Value any    `json:"value"`
	OpID  string `json:"opId"`
	Actor Actor  `json:"actor"`
	At    string `json:"at"`
	// In the conflict inbox: the field of an edit to a deleted record, the device that
	// wrote the value (its replica id, and its name when the sync folder lists it).
	Field   string `json:"field,omitempty"`
	Replica string `json:"replica,omitempty"`
	Device  string `json:"device,omitempty"`
}

// Record is the materialised state of one entity as screens and the CLI see it.
type Record struct {
	ID        string                     `json:"id"`
	Kind      string                     `json:"kind"`
	Title     string                     `json:"title"`
	Fields    map[string]any             `json:"fields"`
	Conflicts map[string][]ConflictValue `json:"conflicts,omitempty"`
	Deleted   bool                       `json:"deleted"`
	CreatedAt string                     `json:"createdAt"`
	CreatedBy Actor                      `json:"createdBy"`
	UpdatedAt string                     `json:"updatedAt"`
	UpdatedBy Actor                      `json:"updatedBy"`
}

// ListQuery selects records of one kind. Filters match field values exactly (for list
// fields, membership); Search matches any text of the record, case-insensitively.
type ListQuery struct {
	Kind    string            `json:"kind"`
	Search  string            `json:"search,omitempty"`
	Filters map[string]string `json:"filters,omitempty"`
	Sort    string            `json:"sort,omitempty"`
	Desc    bool              `json:"desc,omitempty"`
	Deleted bool              `json:"deleted,omitempty"` // true lists only deleted records (the bin)
	Offset  int               `json:"offset,omitempty"`
	Limit   int               `json:"limit,omitempty"` // 0 = all
}

// ListResult is one page of records and the total that matched.
type ListResult struct {
	Records []Record `json:"records"`
	Total   int      `json:"total"`
}

// HistoryEntry is one op of an entity as an auditor reads it.
type HistoryEntry struct {
	OpID  string `json:"opId"`
	At    string `json:"at"`
	Actor Actor  `json:"actor"`
	Type  OpType `json:"type"`
	Field string `json:"field,omitempty"`
	Value any    `json:"value,omitempty"`
}

// SearchHit is one record found by the command palette.
type SearchHit struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Title string `json:"title"`
}

// RecordService is the register API every screen, the CLI and the HTTP transport use.
// Writes carry the actor; every write is an op.
type RecordService interface {
	ListRecords(ctx context.Context, q ListQuery) (ListResult, error)
	GetRecord(ctx context.Context, kind, id string) (Record, error)
	CreateRecord(ctx context.Context, actor Actor, kind string, fields map[string]any) (Record, error)
	UpdateRecord(ctx context.Context, actor Actor, kind, id string, fields map[string]any) (Record, error)
	DeleteRecord(ctx context.Context, actor Actor, kind, id string) error
	RestoreRecord(ctx context.Context, actor Actor, kind, id string) (Record, error)
	AddLink(ctx context.Context, actor Actor, kind, id, field, target string) (Record, error)
	RemoveLink(ctx context.Context, actor Actor, kind, id, field, target string) (Record, error)
	ResolveConflict(ctx context.Context, actor Actor, kind, id, field string, value any) (Record, error)
	History(ctx context.Context, kind, id string) ([]HistoryEntry, error)
	Search(ctx context.Context, text string, limit int) ([]SearchHit, error)
}

// Change is one recent change for the dashboard: which record, who, when, and which
// fields (the ops of one edit, grouped).
type Change struct {
	Kind   string   `json:"kind"`
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	At     string   `json:"at"`
	Actor  Actor    `json:"actor"`
	Type   OpType   `json:"type"`   // create, set, link, unlink, delete, restore
	Fields []string `json:"fields"` // the fields set or linked in this change
}

// RecordWrite is one record of a batch write (an import): with ID "" it creates a record;
// with an ID and Create it creates the record under that id (an export read back into a
// workspace that lacks it); with an ID alone it updates that live record's given fields.
// Kind, when set, is the record's kind in a batch of several; "" is the batch's kind.
type RecordWrite struct {
	Kind   string
	ID     string
	Create bool
	Fields map[string]any
}
