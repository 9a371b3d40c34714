package reports

import (
	"slices"
	"strings"
	"testing"

	"keel/backend/ims"
)

// renderKind renders a pack through the registry, as the app does.
func renderKind(k Kind, s Snapshot, o Options) (PDF, error) {
	p, err := Lookup(string(k))
	if err != nil {
		return PDF{}, err
	}
	return p.Render(s, o)
}

func TestRegistry(t *testing.T) {
	ps := Packs()
	var kinds, shorts []string
	for _, p := range ps {
		kinds = append(kinds, string(p.Kind))
		shorts = append(shorts, p.Short)
	}
	// Menu order: the Packs screen and `keel pack --help` list them so.
	if want := []string{"gap", "soa", "management-review", "risk", "ai-inventory", "audit"}; !slices.Equal(kinds, want) {
		t.Fatalf("Packs() = %v, want %v", kinds, want)
	}
	if !slices.Equal(KindNames(), kinds) {
		t.Errorf("KindNames() = %v, want %v", KindNames(), kinds)
	}
	// What the generate button calls each.
	if want := []string{"gap analysis", "SoA", "management review", "risk register", "AI inventory", "audit report"}; !slices.Equal(shorts, want) {
		t.Errorf("short names %v, want %v", shorts, want)
	}
	for _, p := range ps {
		t.Run(string(p.Kind), func(t *testing.T) {
			if p.Title == "" || p.Summary == "" || strings.Contains(p.Summary, "\n") || p.layout == nil || len(p.Reads) == 0 {
				t.Errorf("incomplete: %+v", p)
			}
			for _, k := range p.Reads {
				if _, err := ims.KindByName(k); err != nil {
					t.Errorf("reads %q: %v", k, err)
				}
			}
			for _, k := range p.HistoryOf {
				if !slices.Contains(p.Reads, k) {
					t.Errorf("reads the history of %q but not its records", k)
				}
			}
			for _, c := range p.Choices {
				if c != ChooseStandards && c != ChooseReview {
					t.Errorf("unknown choice %q", c)
				}
			}
			got, err := Lookup(string(p.Kind))
			if err != nil || got.Kind != p.Kind || got.Title != p.Title {
				t.Errorf("Lookup(%q) = %+v, %v", p.Kind, got, err)
			}
		})
	}
	if soa, _ := Lookup("soa"); !soa.Takes(ChooseStandards) || soa.Takes(ChooseReview) {
		t.Errorf("the SoA takes %v, want the standards only", soa.Choices)
	}
	if mr, _ := Lookup("management-review"); !mr.Takes(ChooseReview) || mr.Takes(ChooseStandards) || !slices.Equal(mr.HistoryOf, []string{"ai_system"}) {
		t.Errorf("the management review takes %v and reads the history of %v", mr.Choices, mr.HistoryOf)
	}
	if g, _ := Lookup("gap"); !g.NeedsGap {
		t.Error("the gap pack does not ask for the gap analysis")
	}
	_, err := Lookup("risks")
	if err == nil {
		t.Fatal("Lookup accepted an unknown pack")
	}
	for _, k := range kinds {
		if !strings.Contains(err.Error(), k) {
			t.Errorf("the error %q does not offer %s", err, k)
		}
	}
	// The list is the caller's copy: changing it changes no pack.
	ps[0].Title = "changed"
	ps[2].Reads[0] = "changed"
	if again := Packs(); again[0].Title == "changed" || again[2].Reads[0] == "changed" || reviewKinds[0] == "changed" {
		t.Error("Packs() hands out the registry itself")
	}
}
