package app_test

import (
	"testing"

	"keel/app"
)

func TestRegisterPacks(t *testing.T) {
	// The demo workspace: its risks, AI systems and audits fill the packs.
	e := readyDemo(t)
	// Pages beyond the cover, document control and contents: the sections with records in them.
	for kind, min := range map[string]int{"risk": 8, "ai-inventory": 6, "audit": 5} {
		t.Run(kind, func(t *testing.T) {
			j, b := makePack(t, e.app, app.PackRequest{Kind: kind})
			wantPack(t, kind, j, b, min)
		})
	}
}
