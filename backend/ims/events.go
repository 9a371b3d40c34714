package ims

// Event names emitted after a commit. Screens refresh from them.
const (
	// EventRecordsChanged carries RecordChange after any committed write.
	EventRecordsChanged = "records:changed"
	// EventWorkspaceChanged carries the current *WorkspaceInfo (or nil) after open,
	// rename, close or delete.
	EventWorkspaceChanged = "workspace:changed"
)

// RecordChange is the payload of EventRecordsChanged.
type RecordChange struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}
