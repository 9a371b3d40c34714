// Package reports renders Keel's PDF packs. A pack is a pure function of a read-only
// Snapshot and Options: no clock, no store, no I/O, so the same snapshot and options give
// the same bytes (ARCHITECTURE.md decision 7). The app and the CLI build the snapshot from
// the open workspace; tests build it by hand.
//
// The packs are listed once, in registry.go (kind, title, what each reads, its Render
// function); each pack is one file (gap_pack.go, soa_pack.go, review_pack.go, risk_pack.go,
// ai_pack.go, audit_pack.go). The kit (cover, document control, contents, headers and
// footers, tables, charts) is in kit.go, table.go, chart.go and chart_line.go.
package reports

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // cover logos
	_ "image/png"
	"regexp"
	"slices"
	"strings"
	"time"

	"keel/backend/catalog"
	"keel/backend/gap"
	"keel/backend/ims"
)

// Snapshot is everything a pack reads, taken once from the workspace. Packs never change it.
type Snapshot struct {
	Organisation string // the workspace's name, printed only when no legal name is set
	// LegalName is the organisation's legal name (a workspace setting), printed on the cover,
	// in the running header and in the document information instead of the workspace's name.
	LegalName  string
	Registered string             // the registered number, may be empty
	Address    string             // the registered address, may be empty
	Standards  *catalog.Standards // the catalogue and crosswalk
	// Records holds the live records of the kinds the packs read, by kind name
	// (control_status for the Statement of Applicability).
	Records map[string][]ims.Record
	Gap     *gap.Analysis // the gap analysis, for the packs that need it (Pack.NeedsGap)
	// History is the history of records by record ID, for the kinds a pack's HistoryOf
	// names (the AI systems' stage changes in the management review). Records without an
	// entry show no changes.
	History map[string][]ims.HistoryEntry
	// Document is the document register's record of this pack (its title is the pack's
	// title), when there is one: the document control prints its owner, approver, approval
	// and review dates, classification and distribution, and DocumentHistory its versions.
	Document        *ims.Record
	DocumentHistory []ims.HistoryEntry
}

// org is the organisation's name as the packs print it: the legal name, else the
// workspace's name.
func (s Snapshot) org() string {
	if s.LegalName != "" {
		return s.LegalName
	}
	return s.Organisation
}

// Revision is one row of the document-control table.
type Revision struct {
	Version  string
	Date     string // YYYY-MM-DD
	Author   string
	Approver string
	Change   string
}

// Options are the choices that are not data: who, when, which period, how classified.
type Options struct {
	From, To       string    // the period the pack covers, YYYY-MM-DD; either may be empty
	Version        string    // the pack's version, e.g. "1.0"; empty: the document register's, else "1.0"
	Classification string    // e.g. "Confidential"
	Author         string    // who generated it (the device identity)
	Approver       string    // who approves it, if known
	Generated      time.Time // the generation time, required: the pack never reads the clock
	Revisions      []Revision
	// Standards narrows the Statement of Applicability to these catalogues (catalog IDs such
	// as iso27001-2022, iso42001-2023, iso27701-2019 or iso27701-2025, one 27701 edition at
	// most). Empty: 27001 and 42001, and each 27701 edition with a recorded status.
	Standards []string
	// Review is the ID of the management_review record the management-review pack reports
	// on; empty picks the latest meeting dated within the period.
	Review string
	// AsOf (YYYY-MM-DD) is the date the management review judges things overdue on; empty
	// takes the period's end, else the generation date.
	AsOf string
	// StoodOn (YYYY-MM-DD), when set, says the snapshot is the workspace as it stood at the
	// end of that day (read from the op log); the cover and the file name say so.
	StoodOn string
	// Logo is a PNG or JPEG printed on the cover, at most MaxLogoBytes; nil prints none.
	Logo []byte
	// Ctx cancels a render: the layout stops at the next section or table row and Render
	// returns the context's error. Nil never cancels.
	Ctx context.Context
	// Progress, when set, hears of each section as it is laid out (two passes).
	Progress func(Progress)
}

// Progress is where a render has got to, at the start of each section: pass 1 lays out to
// learn the page numbers (Done sections so far; Total not yet known, 0), pass 2 writes the
// pack (Done of Total sections).
type Progress struct {
	Pass    int    `json:"pass"`
	Section string `json:"section"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
}

// MaxLogoBytes bounds the cover logo.
const MaxLogoBytes = 1 << 20

// soaChoices are the catalogues a Statement of Applicability may be narrowed to.
var soaChoices = []string{catalog.ISO27001, catalog.ISO42001, catalog.ISO27701v2019, catalog.ISO27701v2025}

// PDF is a rendered pack.
type PDF struct {
	Bytes []byte
	Pages int
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Validate checks the options before any rendering.
func (o Options) Validate() error {
	if o.Generated.IsZero() {
		return fmt.Errorf("reports: Options.Generated is required (a pack never reads the clock)")
	}
	for _, d := range []struct{ name, v string }{{"from", o.From}, {"to", o.To}, {"as-of", o.AsOf}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d.v); err != nil || !dateRE.MatchString(d.v) {
			return fmt.Errorf("reports: %s date %q is not a date (YYYY-MM-DD)", d.name, d.v)
		}
	}
	if o.From != "" && o.To != "" && o.From > o.To {
		return fmt.Errorf("reports: the period starts (%s) after it ends (%s)", o.From, o.To)
	}
	for _, id := range o.Standards {
		if !slices.Contains(soaChoices, id) {
			return fmt.Errorf("reports: %q is not a standard a pack covers; choose from %s", id, strings.Join(soaChoices, ", "))
		}
	}
	if slices.Contains(o.Standards, catalog.ISO27701v2019) && slices.Contains(o.Standards, catalog.ISO27701v2025) {
		return fmt.Errorf("reports: choose one edition of ISO/IEC 27701, 2019 or 2025, not both")
	}
	if o.Logo != nil {
		if _, err := LogoFormat(o.Logo); err != nil {
			return err
		}
	}
	return nil
}

// LogoFormat checks a cover logo and names its format for gofpdf ("PNG" or "JPG").
func LogoFormat(b []byte) (string, error) {
	if len(b) > MaxLogoBytes {
		return "", fmt.Errorf("reports: the logo is %d KB; the limit is %d KB", (len(b)+1023)/1024, MaxLogoBytes/1024)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return "", fmt.Errorf("reports: the logo is not a PNG or JPEG image")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > 4096 || cfg.Height > 4096 {
		return "", fmt.Errorf("reports: the logo is %d×%d pixels; it must be at most 4096 on each side", cfg.Width, cfg.Height)
	}
	switch format {
	case "png":
		return "PNG", nil
	case "jpeg":
		return "JPG", nil
	}
	return "", fmt.Errorf("reports: the logo is %s; use a PNG or JPEG image", format)
}

// FileName is the suggested file name of a pack: keel-soa-2026-11-27.pdf.
func FileName(k Kind, o Options) string {
	if o.StoodOn != "" {
		return fmt.Sprintf("keel-%s-as-of-%s.pdf", k, o.StoodOn)
	}
	return fmt.Sprintf("keel-%s-%s.pdf", k, o.Generated.UTC().Format("2006-01-02"))
}

// longDate formats YYYY-MM-DD (or a time) as "27 November 2026".
func longDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

func periodText(o Options) string {
	if o.StoodOn != "" {
		asOf := "As of " + longDate(o.StoodOn) + ", as it stood then"
		if o.From == "" && o.To == "" {
			return asOf
		}
		o.StoodOn = ""
		return periodText(o) + " · " + asOf
	}
	switch {
	case o.From != "" && o.To != "":
		return longDate(o.From) + " – " + longDate(o.To)
	case o.From != "":
		return "From " + longDate(o.From)
	case o.To != "":
		return "To " + longDate(o.To)
	}
	return "As at " + o.Generated.UTC().Format("2 January 2006")
}
