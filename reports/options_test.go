package reports

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"keel/backend/catalog"
)

// testLogo is a two-colour PNG of w×h pixels (16-bit when deep, which gofpdf cannot read).
func testLogo(t *testing.T, w, h int, deep bool) []byte {
	t.Helper()
	var img image.Image
	if deep {
		m := image.NewRGBA64(image.Rect(0, 0, w, h))
		for x := range w {
			for y := range h {
				m.Set(x, y, color.RGBA64{R: 0x1f1f, G: 0x6b6b, B: 0x7a7a, A: 0xffff})
			}
		}
		img = m
	} else {
		m := image.NewNRGBA(image.Rect(0, 0, w, h))
		for x := range w {
			for y := range h {
				c := color.NRGBA{R: 200, G: 30, B: 40, A: 255}
				if x > w/2 {
					c = color.NRGBA{R: 20, G: 90, B: 110, A: 128}
				}
				m.Set(x, y, c)
			}
		}
		img = m
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pdfImages lists the images of a PDF as "page width height" lines (pdfimages -list).
func pdfImages(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command(tool(t, "pdfimages"), "-list", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	var rows []string
	for _, line := range strings.Split(string(out), "\n")[2:] {
		f := strings.Fields(line)
		if len(f) > 4 && f[2] == "image" {
			rows = append(rows, f[0]+" "+f[3]+" "+f[4])
		}
	}
	return rows
}

func TestCoverLogo(t *testing.T) {
	snap := testSnapshot(t, 0)
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 90, 30)), nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		logo []byte
		want string
	}{
		{"png with transparency", testLogo(t, 240, 80, false), "1 240 80"},
		{"16-bit png", testLogo(t, 64, 64, true), "1 64 64"},
		{"jpeg", jpg.Bytes(), "1 90 30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions()
			o.Logo = tc.logo
			pdf, err := renderKind(KindSoA, snap, o)
			if err != nil {
				t.Fatal(err)
			}
			path := writePDF(t, "logo.pdf", pdf.Bytes)
			imgs := pdfImages(t, path)
			if !slices.Contains(imgs, tc.want) {
				t.Fatalf("images %v, want the logo %q on the cover", imgs, tc.want)
			}
			plain, err := renderKind(KindSoA, snap, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if n := len(pdfImages(t, writePDF(t, "plain.pdf", plain.Bytes))); n != 0 {
				t.Fatalf("a pack without a logo has %d images", n)
			}
			if plain.Pages != pdf.Pages {
				t.Errorf("the logo changed the page count: %d, %d", plain.Pages, pdf.Pages)
			}
			again, err := renderKind(KindSoA, snap, o)
			if err != nil || !bytes.Equal(again.Bytes, pdf.Bytes) {
				t.Errorf("two renders with the logo differ (%v)", err)
			}
		})
	}
}

func TestOptionsRefuse(t *testing.T) {
	snap := testSnapshot(t, 0)
	big := make([]byte, MaxLogoBytes+1)
	copy(big, testLogo(t, 4, 4, false))
	for _, tc := range []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"unknown standard", func(o *Options) { o.Standards = []string{"iso9001-2015"} }, "not a standard"},
		{"both 27701 editions", func(o *Options) {
			o.Standards = []string{catalog.ISO27701v2019, catalog.ISO27701v2025}
		}, "one edition"},
		{"logo not an image", func(o *Options) { o.Logo = []byte("<svg></svg>") }, "not a PNG or JPEG"},
		{"logo too large", func(o *Options) { o.Logo = big }, "the limit is 1024 KB"},
		{"logo too wide", func(o *Options) { o.Logo = testLogo(t, 4100, 2, false) }, "at most 4096"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions()
			tc.edit(&o)
			for _, k := range []Kind{KindSoA, KindGap, KindRisk} {
				if _, err := renderKind(k, snap, o); err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: err %v, want %q", k, err, tc.want)
				}
			}
		})
	}
}

func TestSoAStandardsChosen(t *testing.T) {
	snap := testSnapshot(t, 0)
	text := func(o Options) string {
		t.Helper()
		pdf, err := renderKind(KindSoA, snap, o)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(pdfText(t, writePDF(t, "soa.pdf", pdf.Bytes)), "\n")
	}
	all := text(testOptions())
	if !strings.Contains(all, "27701:2025") || strings.Contains(all, "27701:2019") {
		t.Fatal("the default SoA should carry 27701:2025 (statuses recorded) and not 2019 (none)")
	}
	o := testOptions()
	o.Standards = []string{catalog.ISO42001}
	only := text(o)
	if !strings.Contains(only, "Annex A controls of ISO/IEC 42001") || strings.Contains(only, "27001:2022") || strings.Contains(only, "27701") {
		t.Error("choosing 42001 alone should leave 27001 and 27701 out")
	}
	o.Standards = []string{catalog.ISO27001, catalog.ISO27701v2019}
	ed := text(o)
	if !strings.Contains(ed, "27701:2019") || strings.Contains(ed, "27701:2025") || strings.Contains(ed, "ISO/IEC 42001") {
		t.Error("choosing 27001 and 27701:2019 should print the 2019 edition, with no status yet, and nothing else")
	}
}

func TestProgressAndCancel(t *testing.T) {
	snap := testSnapshot(t, 0)
	var seen []Progress
	o := testOptions()
	o.Progress = func(p Progress) { seen = append(seen, p) }
	if _, err := renderKind(KindSoA, snap, o); err != nil {
		t.Fatal(err)
	}
	var pass1, pass2 []string
	for i, p := range seen {
		if p.Pass == 1 {
			pass1 = append(pass1, p.Section)
			continue
		}
		pass2 = append(pass2, p.Section)
		if p.Total != len(pass1) || p.Done != len(pass2)-1 {
			t.Fatalf("event %d: %+v, want done %d of %d", i, p, len(pass2)-1, len(pass1))
		}
	}
	if len(pass1) < 3 || !slices.Equal(pass1, pass2) {
		t.Fatalf("pass 1 sections %v, pass 2 %v", pass1, pass2)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o = testOptions()
	o.Ctx = ctx
	if _, err := renderKind(KindSoA, snap, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled context: err %v", err)
	}
	// Cancelled half-way through the second pass, from the progress callback.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	o.Ctx = ctx
	o.Progress = func(p Progress) {
		if p.Pass == 2 && p.Done == 2 {
			cancel()
		}
	}
	if pdf, err := renderKind(KindSoA, snap, o); !errors.Is(err, context.Canceled) || pdf.Bytes != nil {
		t.Fatalf("cancelled mid-render: err %v, %d bytes", err, len(pdf.Bytes))
	}
}
