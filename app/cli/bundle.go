package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"keel/app"
	"keel/backend/bundle"
)

// bundleCmd is `keel bundle`: the auditor's evidence bundle (docs/bundle.md).
type bundleCmd struct {
	Export   bundleExportCmd   `cmd:"" help:"Export the evidence bundle of the workspace: one signed ZIP for the auditor."`
	Verify   bundleVerifyCmd   `cmd:"" help:"Check a bundle: every file, the signed manifest, SHA256SUMS and its SSH signature."`
	Key      bundleKeyCmd      `cmd:"" help:"Print the fingerprint of the workspace's bundle key (tell it to the auditor separately)."`
	Response bundleResponseCmd `cmd:"" help:"The auditor's response: write one (auditor), or import one (client)."`
}

type bundleExportCmd struct {
	Out       string `required:"" help:"The ZIP to write." placeholder:"FILE.zip"`
	From      string `help:"Start of the period." placeholder:"YYYY-MM-DD"`
	To        string `help:"End of the period." placeholder:"YYYY-MM-DD"`
	Standards string `help:"The standards, comma-separated catalogue IDs (narrows the Statement of Applicability)." placeholder:"IDS"`
	Registers string `help:"The registers, comma-separated (default: all)." placeholder:"KINDS"`
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (c bundleExportCmd) Run(e *env) error {
	req := app.BundleRequest{Path: c.Out, From: c.From, To: c.To, Standards: splitList(c.Standards), Registers: splitList(c.Registers)}
	// Ctrl-C stops the export and leaves no file.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return inWorkspace(e, func(s *app.Session) (app.BundleExport, error) {
		return app.ExportBundle(ctx, s.App(), req, e.deps.Now(), nil)
	}, func(w io.Writer, r app.BundleExport) {
		fmt.Fprintf(w, "bundle written: %s (%d files, %d bytes)\nsigned by: %s\nmanifest SHA-256: %s\n", r.Path, r.Files, r.Bytes, r.Fingerprint, r.ManifestHash)
	})
}

type bundleVerifyCmd struct {
	File      string `arg:"" help:"The bundle's ZIP." type:"existingfile"`
	ExpectKey string `help:"The fingerprint the signer must have (SHA256:…), as the organisation told you." placeholder:"FINGERPRINT"`
}

// errBundleFailed makes verify exit 1 after it has printed every problem.
var errBundleFailed = errors.New("the bundle did not verify")

func (c bundleVerifyCmd) Run(e *env) error {
	var failed bool
	err := run(e, func(s *app.Session) (*bundle.Report, error) {
		rep, err := s.App().VerifyBundle(c.File, c.ExpectKey)
		failed = err == nil && !rep.OK
		return rep, err
	}, func(w io.Writer, r *bundle.Report) {
		fmt.Fprintln(w, r.Summary())
		for _, p := range r.Problems {
			fmt.Fprintf(w, "  %s: %s\n", p.Kind, p.String())
		}
	})
	if err == nil && failed {
		return errBundleFailed
	}
	return err
}

type bundleKeyCmd struct{}

func (bundleKeyCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (app.BundleKeyInfo, error) { return s.App().BundleKey() },
		func(w io.Writer, k app.BundleKeyInfo) { fmt.Fprintf(w, "%s\n%s\n", k.Fingerprint, k.PublicKey) })
}

type bundleResponseCmd struct {
	Write  bundleResponseWriteCmd  `cmd:"" help:"Write the auditor's response to a bundle, signed with this device's auditor key."`
	Import bundleResponseImportCmd `cmd:"" help:"Import an auditor's response: findings, and nonconformities for the nonconformity grades."`
}

type bundleResponseWriteCmd struct {
	Bundle       string   `arg:"" help:"The bundle's ZIP." type:"existingfile"`
	Out          string   `required:"" help:"The response file to write." placeholder:"FILE.json"`
	Auditor      string   `required:"" help:"Your name." placeholder:"NAME"`
	Organisation string   `help:"Your certification body." placeholder:"ORG"`
	Notes        string   `help:"Sampling notes: what was sampled and how." placeholder:"TEXT"`
	Finding      []string `help:"A finding, GRADE|REQUIREMENT|TEXT[|RECORD IDS[|EVIDENCE SHA-256S]] (lists comma-separated; grade: conformity, observation, minor nonconformity, major nonconformity; requirement catalogue:id or empty). Repeat for each." placeholder:"F" sep:"none"`
}

func (c bundleResponseWriteCmd) Run(e *env) error {
	req := app.BundleResponseRequest{Bundle: c.Bundle, Out: c.Out, Auditor: c.Auditor, Organisation: c.Organisation, SamplingNotes: c.Notes}
	for _, f := range c.Finding {
		parts := strings.Split(f, "|")
		if len(parts) < 3 || len(parts) > 5 {
			return usagef("--finding %q: want GRADE|REQUIREMENT|TEXT[|RECORDS[|EVIDENCE]]", f)
		}
		rf := bundle.ResponseFinding{Grade: strings.TrimSpace(parts[0]), Requirement: strings.TrimSpace(parts[1]), Text: strings.TrimSpace(parts[2])}
		if len(parts) > 3 {
			rf.Records = splitList(parts[3])
		}
		if len(parts) > 4 {
			rf.Evidence = splitList(parts[4])
		}
		req.Findings = append(req.Findings, rf)
	}
	return run(e, func(s *app.Session) (app.BundleResponseFile, error) { return s.App().WriteBundleResponse(req) },
		func(w io.Writer, r app.BundleResponseFile) {
			fmt.Fprintf(w, "response written: %s (%d findings)\nsigned by: %s\nanswers the bundle with manifest SHA-256: %s\n", r.Path, r.Findings, r.Fingerprint, r.ManifestHash)
		})
}

type bundleResponseImportCmd struct {
	File string `arg:"" help:"The auditor's response file." type:"existingfile"`
}

func (c bundleResponseImportCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (bundle.ResponseImport, error) { return s.App().ImportBundleResponse(c.File) },
		func(w io.Writer, r bundle.ResponseImport) {
			fmt.Fprintf(w, "imported %d findings by %s (%s) into audit %s\nnonconformities raised: %d\n", len(r.Findings), r.Auditor, r.Fingerprint, r.Audit, len(r.Nonconformity))
		})
}
