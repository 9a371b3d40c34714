package ims

// WorkspaceInfo describes one workspace: one organisation's IMS in its own folder.
type WorkspaceInfo struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	CreatedAt string `json:"createdAt"`
	Path      string `json:"path"`
	Current   bool   `json:"current"`
	// ReadOnly, on the open workspace, says why it takes no writes (written by a newer
	// Keel); "" when it does.
	ReadOnly string `json:"readOnly,omitempty"`
}

// VersionInfo is what `keel version` and the About box show.
type VersionInfo struct {
	Version   string `json:"version"`
	Transport string `json:"transport"`
}
