package ims

// WorkspaceInfo describes one workspace: one organisation's IMS in its own folder.
type WorkspaceInfo struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	CreatedAt string `json:"createdAt"`
	Path      string `json:"path"`
	Current   bool   `json:"current"`
}

// VersionInfo is what `keel version` and the About box show.
type VersionInfo struct {
	Version   string `json:"version"`
	Transport string `json:"transport"`
}
