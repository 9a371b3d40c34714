package app_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"keel/app"
)

// Every method of App is served over HTTP and bound in the window, so each is documented
// in docs/ (docs/api.md and the feature pages it links). This also keeps the App the tests
// drive the shipped one: a method added to App in test builds only is undocumented and
// fails here.
func TestEveryMethodIsDocumented(t *testing.T) {
	files, err := filepath.Glob("../docs/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs: %v", err)
	}
	var docs strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs.Write(b)
	}
	text := docs.String()
	at := reflect.TypeOf(&app.App{})
	for i := range at.NumMethod() {
		name := at.Method(i).Name
		if !strings.Contains(text, "`"+name+"`") && !strings.Contains(text, "`"+name+"(") {
			t.Errorf("App.%s is served but no page of docs/ names it (`%s` or `%s(…)`)", name, name, name)
		}
	}
}
