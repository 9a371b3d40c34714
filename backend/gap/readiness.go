package gap

import "keel/backend/catalog"

// Proof is readiness on one of the four things certification comes down to (DOMAIN.md).
type Proof struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
	Ready  bool   `json:"ready"`
	// Total counts the applicable requirements; Percent is Met over Total, to one decimal.
	Total         int           `json:"total"`
	Percent       float64       `json:"percent"`
	Met           []string      `json:"met"`     // "catalogue:id"
	Missing       []MissingItem `json:"missing"` // what is still to show
	NotApplicable []string      `json:"not_applicable"`
}

// MissingItem is one requirement a proof still lacks.
type MissingItem struct {
	Ref    string `json:"ref"`
	Title  string `json:"title"`
	Status Status `json:"status"`
	Result Result `json:"result,omitempty"` // for 42001 items
	Todo   string `json:"todo,omitempty"`
}

// proofs says which items each proof rests on. A 42001 item counts when it is done or met
// by inheritance; any other item (the UK data-protection catalogue) when it is implemented.
// An item marked not applicable drops out of the proof, with its justification kept in
// the record. The choice, in our words:
//
//  1. Knowing where AI is used and who owns each use is the AIMS scope (4.3), named roles
//     (5.3, A.3.2), the inventory of AI systems and their resources (A.4.2–A.4.6) and the
//     intended use of each (A.9.4).
//  2. Security around AI data and systems is AI risk assessed and treated (6.1.2, 6.1.3,
//     8.2, 8.3), compute secured (A.4.5), controlled deployment, monitoring and logs
//     (A.6.2.5, A.6.2.6, A.6.2.8), data acquired and traced safely (A.7.3, A.7.5), incidents
//     communicated (A.8.4) and suppliers held to it (A.10.3).
//  3. Responsible governance across the lifecycle is the AI policy (5.2, A.2.2), impact
//     assessment (6.1.4, 8.4, A.5.2–A.5.5), lifecycle control from objectives to technical
//     documentation (8.1, A.6.1.2–A.6.2.4, A.6.2.7), data quality (A.7.4), responsible use
//     (A.9.2, A.9.3), and the loop closed by monitoring, review and correction (9.1, 9.3.2,
//     10.2).
//  4. UK data-protection accountability when AI processes personal data rests on the UK
//     items themselves (accountability, records of processing, lawful basis, DPIA, breach
//     reporting within 72 hours and the breach log, telling people, Art 22C safeguards,
//     processor contracts) plus the 42001 controls that carry them for AI: impact on
//     individuals (A.5.4), lawful data for development (A.7.2), information for users
//     (A.8.2), incident communication (A.8.4) and allocated controller/processor roles
//     (A.10.2).
var proofs = []struct {
	title string
	refs  []string
}{
	{"It knows where AI is used in the business, and who owns each use", refs42001(
		"4.3", "5.3", "A.3.2", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6", "A.9.4")},
	{"It has security controls around AI data and systems", refs42001(
		"6.1.2", "6.1.3", "8.2", "8.3", "A.4.5", "A.6.2.5", "A.6.2.6", "A.6.2.8", "A.7.3", "A.7.5", "A.8.4", "A.10.3")},
	{"It governs AI responsibly across the whole lifecycle", refs42001(
		"5.2", "6.1.4", "8.1", "8.4", "9.1", "9.3.2", "10.2", "A.2.2", "A.5.2", "A.5.3", "A.5.4", "A.5.5",
		"A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.7", "A.7.4", "A.9.2", "A.9.3")},
	{"It is accountable under UK data protection law when AI processes personal data", append(refs42001(
		"A.5.4", "A.7.2", "A.8.2", "A.8.4", "A.10.2"),
		"uk-dp:Art.5(2)", "uk-dp:Art.30(1)", "uk-dp:Art.6(1)", "uk-dp:Art.35(1)", "uk-dp:Art.35(7)",
		"uk-dp:Art.33(1)", "uk-dp:Art.33(5)", "uk-dp:Art.34", "uk-dp:Art.22C", "uk-dp:Art.28")},
}

func refs42001(ids ...string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = catalog.Ref(catalog.ISO42001, id)
	}
	return out
}

// ProofRefs returns the items proof n (1–4) rests on, for tests and documentation.
func ProofRefs(n int) []string {
	if n < 1 || n > len(proofs) {
		return nil
	}
	return append([]string(nil), proofs[n-1].refs...)
}

func readiness(s *catalog.Standards, items []ItemGap, status func(string) Status) []Proof {
	byRef := map[string]ItemGap{}
	for _, g := range items {
		byRef[catalog.Ref(catalog.ISO42001, g.ID)] = g
	}
	out := make([]Proof, 0, len(proofs))
	for i, p := range proofs {
		pr := Proof{Number: i + 1, Title: p.title, Met: []string{}, Missing: []MissingItem{}, NotApplicable: []string{}}
		for _, ref := range p.refs {
			title := ""
			if it, ok := s.Item(ref); ok {
				title = it.Title
			}
			if g, ok := byRef[ref]; ok {
				switch g.Result {
				case Done, MetByInheritance:
					pr.Met = append(pr.Met, ref)
				case Excluded:
					pr.NotApplicable = append(pr.NotApplicable, ref)
				default:
					pr.Missing = append(pr.Missing, MissingItem{Ref: ref, Title: title, Status: g.Status, Result: g.Result, Todo: g.Todo})
				}
				continue
			}
			switch st := status(ref); st {
			case Implemented:
				pr.Met = append(pr.Met, ref)
			case NotApplicable:
				pr.NotApplicable = append(pr.NotApplicable, ref)
			default:
				pr.Missing = append(pr.Missing, MissingItem{Ref: ref, Title: title, Status: st})
			}
		}
		pr.Total = len(pr.Met) + len(pr.Missing)
		pr.Percent = percent(len(pr.Met), pr.Total)
		pr.Ready = len(pr.Missing) == 0
		out = append(out, pr)
	}
	return out
}
