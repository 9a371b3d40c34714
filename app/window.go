package app

// EventWindowAction carries a WindowAction: the native menu or a second launch of the
// program asks the UI to do something (the frontend's WindowActions component).
const EventWindowAction = "window:action"

// WindowAction is one request from the desktop window to the UI. Action is one of the
// Action* names; Path is the file a second launch handed over (ActionOpenFile).
type WindowAction struct {
	Action string `json:"action"`
	Path   string `json:"path,omitempty"`
}

// The actions the window sends the UI.
const (
	ActionNewWorkspace    = "new-workspace"
	ActionSwitchWorkspace = "switch-workspace"
	ActionOpenBundle      = "open-bundle"
	ActionOpenFile        = "open-file" // a file given on the command line or to a second launch
	ActionImport          = "import"
	ActionExport          = "export"
	ActionBackup          = "backup"
	ActionToggleTheme     = "toggle-theme"
	ActionZoomIn          = "zoom-in"
	ActionZoomOut         = "zoom-out"
	ActionZoomReset       = "zoom-reset"
	ActionDocumentation   = "documentation"
	ActionShortcuts       = "shortcuts"
	ActionDiagnostics     = "diagnostics-copied"
	ActionAbout           = "about"
	// Edit on Linux and Windows, where Wails has no edit menu role (macOS uses the role).
	ActionUndo      = "undo"
	ActionRedo      = "redo"
	ActionCut       = "cut"
	ActionCopy      = "copy"
	ActionPaste     = "paste"
	ActionSelectAll = "select-all"
)

// WindowState is where the window was and how big: remembered per device (app/cli).
type WindowState struct {
	X         int  `json:"x"`
	Y         int  `json:"y"`
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	Maximised bool `json:"maximised"`
}
