package app

import (
	"flag"
	"path/filepath"
	"reflect"
	"testing"

	"keel/app/apigen"
	"keel/backend/golden"
	"keel/backend/ims"
)

var update = flag.Bool("update", false, "rewrite frontend/src/lib/api/generated.ts from the App's methods")

// generatedAPI is the frontend's copy of the API types, written from *App's methods.
const generatedAPI = "../frontend/src/lib/api/generated.ts"

// regenerate is the one command that rewrites it (also in frontend/README.md and docs/api.md).
const regenerate = "go test ./app -run TestGeneratedAPI -update"

// TestGeneratedAPI fails when generated.ts is not what the App's methods give: a method or
// a type changed and the file was not regenerated.
func TestGeneratedAPI(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	got, err := apigen.Generate(reflect.TypeFor[*App](), apigen.Options{
		ModulePath: "keel",
		ModuleRoot: root,
		// Names the frontend reads better than the Go ones (Record is a TypeScript global).
		Rename: map[string]string{
			"ims.Record": "KeelRecord", "ims.Kind": "Kind",
			"gap.Analysis": "GapAnalysis", "catalog.Class": "GapClass", "gap.Step": "PlanStep",
			"catalog.Kind": "CatalogueItemKind", "catalog.Item": "CatalogueItem", "risk.Cell": "HeatCell",
		},
		Prefix: map[string]string{"review": "Review"}, // review.Summary, review.Action… read as ReviewSummary
		Events: map[string]reflect.Type{
			ims.EventRecordsChanged:   reflect.TypeFor[ims.RecordChange](),
			ims.EventWorkspaceChanged: reflect.TypeFor[*ims.WorkspaceInfo](),
			EventWindowAction:         reflect.TypeFor[WindowAction](),
		},
		Command: regenerate,
	})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, generatedAPI, got, *update, regenerate, "the App's methods or their types changed")
}
