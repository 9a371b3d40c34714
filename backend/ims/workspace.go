package ims

// WorkspaceInfo describes one workspace: one organisation's IMS in its own folder.
type WorkspaceInfo struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	CreatedAt string `json:"createdAt"`
	Path      string `json:"path"`
	Current   bool   `json:"current"`
	// Organisation is the organisation as registered: the packs print its legal name on
	// the cover and in the running header, never the workspace's short name.
	Organisation Organisation `json:"organisation"`
	// ReadOnly, on the open workspace, says why it takes no writes (written by a newer
	// Keel); "" when it does.
	ReadOnly string `json:"readOnly,omitempty"`
}

// Organisation is the legal entity a workspace's management system belongs to.
type Organisation struct {
	LegalName        string `json:"legalName"`        // "Fenmore Credit Ltd"
	RegisteredNumber string `json:"registeredNumber"` // the company number, e.g. "09876543"
	Address          string `json:"address"`          // the registered office, one or more lines
}

// VersionInfo is what `keel version` and the About box show.
type VersionInfo struct {
	Version   string `json:"version"`
	Transport string `json:"transport"`
}
