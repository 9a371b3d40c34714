package cli

import (
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"strings"

	"keel/app"
	"keel/backend/workspace"
	"keel/reports"
)

// packKindsHelp is the packs the command line offers, from the reports registry: the one
// place it learns them.
func packKindsHelp() string { return orList(reports.KindNames()) }

// packCmd is `keel pack`: a PDF pack of the selected workspace (docs/packs.md).
type packCmd struct {
	Kind           string `required:"" help:"The pack: ${packKinds}." placeholder:"KIND"`
	Out            string `help:"The PDF file (default: the pack's own name, here)." placeholder:"FILE.pdf"`
	From           string `help:"Start of the period." placeholder:"YYYY-MM-DD"`
	To             string `help:"End of the period." placeholder:"YYYY-MM-DD"`
	Standards      string `help:"The standards to include, comma-separated (iso27001-2022,iso42001-2023 and iso27701-2019 or iso27701-2025)." placeholder:"IDS"`
	Review         string `help:"The management review (management-review pack)." placeholder:"ID"`
	Version        string `help:"The document version printed on the cover." placeholder:"V"`
	Classification string `help:"The classification printed on every page." placeholder:"C"`
	Approver       string `help:"Who approves the document." placeholder:"NAME"`
	Logo           string `help:"A PNG or JPEG for the cover, this pack only." placeholder:"FILE.png"`
	NoLogo         bool   `help:"No logo on the cover."`
	AsOf           string `name:"as-of" help:"The pack as the workspace stood at the end of DATE; the cover says so." placeholder:"YYYY-MM-DD"`
}

// Help lists every pack of the registry under `keel pack --help`.
func (packCmd) Help() string {
	var b strings.Builder
	b.WriteString("The packs:\n")
	for _, p := range reports.Packs() {
		fmt.Fprintf(&b, "  %-18s %s\n", p.Kind, p.Title) // indented: kong keeps the lines
	}
	return b.String()
}

// packFile is what `keel pack --format json` prints.
type packFile struct {
	Kind  string `json:"kind"`
	File  string `json:"file"`
	Pages int    `json:"pages"`
	Bytes int    `json:"bytes"`
}

func (c packCmd) Run(e *env) error {
	if e.g.format != "text" && e.g.format != "json" {
		return usagef("--format %s is not for packs: text or json", e.g.format)
	}
	req := app.PackRequest{Kind: c.Kind, From: c.From, To: c.To, Review: c.Review,
		Version: c.Version, Classification: c.Classification, Approver: c.Approver, NoLogo: c.NoLogo, AsOf: c.AsOf}
	if c.Logo != "" {
		b, err := os.ReadFile(c.Logo)
		if err != nil {
			return usagef("--logo %s: %v", c.Logo, err)
		}
		req.Logo = base64.StdEncoding.EncodeToString(b)
	}
	for _, id := range strings.Split(c.Standards, ",") {
		if id = strings.TrimSpace(id); id != "" {
			req.Standards = append(req.Standards, id)
		}
	}
	sess, err := e.open()
	if err != nil {
		return err
	}
	defer sess.Close()
	pdf, name, err := app.RenderPack(sess.App(), req, e.deps.Now())
	if err != nil {
		return err
	}
	path := c.Out
	if path == "" {
		path = name
	}
	if err := workspace.WriteFileAtomicPerm(path, pdf.Bytes, 0o644); err != nil {
		return fmt.Errorf("write the pack to %s: %w", path, err)
	}
	res := packFile{Kind: c.Kind, File: path, Pages: pdf.Pages, Bytes: len(pdf.Bytes)}
	return e.print(res, func(w io.Writer) { fmt.Fprintf(w, "wrote the %s pack to %s (%d pages)\n", res.Kind, path, res.Pages) })
}
