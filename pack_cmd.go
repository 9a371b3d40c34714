package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"keel/app"
	"keel/backend/workspace"
)

const packUsage = "pack --kind soa|gap|risk|ai-inventory|audit|management-review [--out FILE.pdf] [--from YYYY-MM-DD] [--to YYYY-MM-DD]" +
	" [--standards iso27001-2022,iso42001-2023,iso27701-2019|iso27701-2025] [--review ID] [--version V] [--classification C] [--approver NAME] [--logo FILE.png|--no-logo]"

// packFile is what `keel pack --format json` prints.
type packFile struct {
	Kind  string `json:"kind"`
	File  string `json:"file"`
	Pages int    `json:"pages"`
	Bytes int    `json:"bytes"`
}

// runPack implements `keel pack`: a PDF pack of the selected workspace (docs/packs.md).
func runPack(g globals, rest []string) error {
	return packCommand(g, rest, os.Stdout, time.Now())
}

func packCommand(g globals, rest []string, out io.Writer, now time.Time) error {
	opts := map[string]string{}
	for i := 0; i < len(rest); i++ {
		name, val, hasVal := strings.Cut(strings.TrimPrefix(rest[i], "--"), "=")
		if rest[i] == "--no-logo" {
			opts["no-logo"] = "yes"
			continue
		}
		if !strings.HasPrefix(rest[i], "--") || !strings.Contains(" kind out from to standards review version classification approver logo ", " "+name+" ") {
			return usagef("%s (unexpected %q)", packUsage, rest[i])
		}
		if !hasVal {
			if i+1 >= len(rest) {
				return usagef("--%s needs a value; %s", name, packUsage)
			}
			i++
			val = rest[i]
		}
		opts[name] = val
	}
	if opts["kind"] == "" {
		return usagef("%s (--kind is required)", packUsage)
	}
	if g.format != "text" && g.format != "json" {
		return usagef("--format %s is not for packs; %s", g.format, packUsage)
	}
	sess, ws := newSession(g, "cli")
	defer sess.Close()
	if err := openDefault(sess, ws, g, true); err != nil {
		return err
	}
	req := app.PackRequest{Kind: opts["kind"], From: opts["from"], To: opts["to"], Review: opts["review"],
		Version: opts["version"], Classification: opts["classification"], Approver: opts["approver"], NoLogo: opts["no-logo"] != ""}
	if f := opts["logo"]; f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return usagef("--logo %s: %v", f, err)
		}
		req.Logo = base64.StdEncoding.EncodeToString(b)
	}
	for _, id := range strings.Split(opts["standards"], ",") {
		if id = strings.TrimSpace(id); id != "" {
			req.Standards = append(req.Standards, id)
		}
	}
	pdf, name, err := app.RenderPack(sess.App(), req, now)
	if err != nil {
		return err
	}
	path := opts["out"]
	if path == "" {
		path = name
	}
	if err := workspace.WriteFileAtomicPerm(path, pdf.Bytes, 0o644); err != nil {
		return fmt.Errorf("write the pack to %s: %w", path, err)
	}
	res := packFile{Kind: opts["kind"], File: path, Pages: pdf.Pages, Bytes: len(pdf.Bytes)}
	if g.format == "json" {
		return writeJSON(out, res)
	}
	fmt.Fprintf(out, "wrote the %s pack to %s (%d pages)\n", res.Kind, path, res.Pages)
	return nil
}
