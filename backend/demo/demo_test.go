package demo_test

import (
	"context"
	"testing"

	"keel/assets"
	"keel/backend/catalog"
	"keel/backend/demo"
	"keel/backend/ims"
	"keel/backend/store"
	"keel/backend/store/storetest"
)

// The store is what the app hands the demo.
var _ demo.Service = (*store.Store)(nil)

func TestFill(t *testing.T) {
	std, err := catalog.Load(assets.Standards)
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.Open(t, store.Options{})
	ctx := context.Background()
	if err := demo.Fill(ctx, st, demo.Actor, std); err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]int{"interested_party": 10, "context_issue": 10, "scope_statement": 2,
		"risk_method": 1, "ai_system": 4, "audit": 1, "management_review": 2, "control_status": 200} {
		res, err := st.ListRecords(ctx, ims.ListQuery{Kind: kind})
		if err != nil || res.Total < want {
			t.Errorf("%s: %d records, %v; want at least %d", kind, res.Total, err, want)
		}
	}
	res, _ := st.ListRecords(ctx, ims.ListQuery{Kind: "control_status"})
	if len(res.Records) > 0 && res.Records[0].CreatedBy != demo.Actor {
		t.Errorf("statuses signed by %+v, want the demo actor", res.Records[0].CreatedBy)
	}
}
