package template

import (
	"archive/zip"
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"keel/backend/ims"
)

func sample(t *testing.T) *Template {
	t.Helper()
	records := map[string][]ims.Record{
		"policy": {
			{ID: "p1", Fields: map[string]any{"title": "AI policy", "owner": "Ada", "approved_by": "Bea", "status": "approved",
				"review_date": "2026-01-10", "attachments": []any{"sha"}}},
			{ID: "p2", Deleted: true, Fields: map[string]any{"title": "Gone"}},
		},
		"objective": {
			{ID: "o1", Fields: map[string]any{"title": "Review declines", "owner": "Ada", "due_date": "2026-03-01",
				"policies": []any{"p1", "outside"}}},
		},
		"measurement": {
			{ID: "m1", Fields: map[string]any{"objective": "o1", "value": 3.0}},
			{ID: "m2", Fields: map[string]any{"objective": "not-in-template", "value": 4.0}},
		},
	}
	tp, err := New("Lender pack", "Fenmore", "1.2.3", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), []string{"policy", "objective", "measurement"}, records)
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func roundTrip(t *testing.T, tp *Template) *Template {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, tp); err != nil {
		t.Fatal(err)
	}
	got, err := Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// The remapping: links inside the template follow the new ids, links outside are dropped,
// people are blank or placeholders, dates move by the days since the template was saved.
func TestInstantiateRemaps(t *testing.T) {
	tp := roundTrip(t, sample(t))
	n := 0
	recs, err := Instantiate(tp, time.Date(2026, 1, 31, 15, 0, 0, 0, time.UTC), func() string { n++; return fmt.Sprintf("new%d", n) })
	if err != nil {
		t.Fatal(err)
	}
	byOld := map[string]NewRecord{}
	for i, old := range []string{"p1", "o1", "m1", "m2"} {
		byOld[old] = recs[i]
	}
	for _, c := range []struct {
		name string
		got  any
		want any
	}{
		{"records (the deleted one left out)", len(recs), 4},
		{"new id", byOld["p1"].ID, "new1"},
		{"required person: placeholder", byOld["p1"].Fields["owner"], Placeholder},
		{"optional person: blank", byOld["p1"].Fields["approved_by"], nil},
		{"evidence not carried", byOld["p1"].Fields["attachments"], nil},
		{"date moved 30 days", byOld["p1"].Fields["review_date"], "2026-02-09"},
		{"plain field kept", byOld["p1"].Fields["title"], "AI policy"},
		{"links: inside remapped, outside dropped", byOld["o1"].Fields["policies"], []any{"new1"}},
		{"link inside remapped", byOld["m1"].Fields["objective"], "new2"},
		{"link outside dropped", byOld["m2"].Fields["objective"], nil},
		{"number kept", byOld["m2"].Fields["value"], 4.0},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestReadRefusesBadInput(t *testing.T) {
	good := sample(t)
	zipOf := func(files map[string]string) []byte {
		var buf bytes.Buffer
		z := zip.NewWriter(&buf)
		for name, body := range files {
			f, _ := z.Create(name)
			f.Write([]byte(body))
		}
		z.Close()
		return buf.Bytes()
	}
	var ok bytes.Buffer
	if err := Write(&ok, good); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"not a zip", []byte("hello"), "damaged or not a ZIP"},
		{"truncated", ok.Bytes()[:ok.Len()/2], "damaged"},
		{"no records", zipOf(map[string]string{"manifest.json": `{"format":1,"name":"x","saved":"2026-01-01","registers":[]}`}), "records.json is missing"},
		{"damaged json", zipOf(map[string]string{"manifest.json": `{"format":1`, "records.json": `{}`}), "manifest.json is damaged"},
		{"newer keel", zipOf(map[string]string{"manifest.json": `{"format":2,"keel":"9.0.0","name":"x","saved":"2026-01-01","registers":["policy"]}`, "records.json": `{}`}), "newer Keel (9.0.0"},
		{"unknown register", zipOf(map[string]string{"manifest.json": `{"format":1,"name":"x","saved":"2026-01-01","registers":["policy","spaceship"]}`, "records.json": `{}`}), "does not know: spaceship"},
		{"records of a register not named", zipOf(map[string]string{"manifest.json": `{"format":1,"name":"x","saved":"2026-01-01","registers":["policy"]}`, "records.json": `{"risk":[]}`}), "does not know: risk"},
	} {
		_, err := Read(c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := New("x", "w", "1", time.Now(), []string{"spaceship"}, nil); err == nil {
		t.Error("a template of an unknown register was made")
	}
}
