// Package assets holds the data Keel ships inside its binary. Standards is the standards
// catalogue and crosswalk: clause and control numbers, official short titles and Keel's own
// one-line summaries and rationales. It contains no text of any ISO standard (see README.md).
package assets

import "embed"

// Standards holds catalog/*.json (one file per catalogue), crosswalk/*.json (mapping rows),
// processes.json (the shared IMS processes) and sources.json (the public sources checked for
// open titles). backend/catalog loads and validates it.
//
//go:embed catalog/*.json crosswalk/*.json processes.json sources.json
var Standards embed.FS

// EvidenceRules is evidence-rules.json: for each 42001 clause and control, which records
// show it is met, in Keel's own words (backend/gap.ParseRules reads and checks it).
//
//go:embed evidence-rules.json
var EvidenceRules []byte
