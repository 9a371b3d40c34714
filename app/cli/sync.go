package cli

import (
	"fmt"
	"io"
	"strings"

	"keel/app"
)

// syncCmd is `keel sync`: one round through a folder, or the sync state.
type syncCmd struct {
	Round  syncRoundCmd  `cmd:"" default:"withargs" hidden:"" help:"One sync round through the folder."`
	Status syncStatusCmd `cmd:"" help:"Show the sync state: folder, last round, changes not sent, refused files, devices."`
	Export syncExportCmd `cmd:"" help:"Write a sync file (for email or USB) with this device's changes and all it has from other devices."`
	Import syncImportCmd `cmd:"" help:"Merge a sync file made by another device."`

	Conflicts syncConflictsCmd `cmd:"" help:"List what two devices changed while apart (both values, who, when) and the rules the merged workspace breaks."`
	Resolve   syncResolveCmd   `cmd:"" help:"Settle a conflict: keep one value (--pick OPID), write a merged one (--value V), or --restore / --confirm-delete a record deleted while edited elsewhere."`
}

type syncExportCmd struct {
	Out string `required:"" help:"The sync file to write." placeholder:"FILE"`
}

func (c syncExportCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (app.SyncReport, error) {
		return s.App().SyncExport(c.Out)
	}, func(w io.Writer, r app.SyncReport) {
		fmt.Fprintf(w, "sync file written: %s\nreceived: %d changes\n", c.Out, r.Received)
		printProblems(w, r)
	})
}

type syncImportCmd struct {
	File string `arg:"" help:"The sync file." type:"existingfile"`
}

func (c syncImportCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (app.SyncReport, error) {
		return s.App().SyncImport(c.File)
	}, printRound)
}

type syncRoundCmd struct {
	Folder string `help:"The folder a cloud drive or Syncthing keeps in step (default: the one used last)." placeholder:"DIR"`
}

func (c syncRoundCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (app.SyncReport, error) {
		return s.App().SyncFolder(c.Folder)
	}, printRound)
}

// printRound prints what a round sent and received, then its problems.
func printRound(w io.Writer, r app.SyncReport) {
	fmt.Fprintf(w, "sent: %d changes (%d files)\nreceived: %d changes\n", r.Sent, r.Segments, r.Received)
	printProblems(w, r)
}

// printProblems lists what a round refused or is waiting for.
func printProblems(w io.Writer, r app.SyncReport) {
	for _, x := range r.Refused {
		fmt.Fprintf(w, "refused: %s: %s\n", x.File, x.Reason)
	}
	for _, x := range r.Waiting {
		fmt.Fprintf(w, "waiting for: %s\n", x)
	}
	for _, x := range r.Skewed {
		fmt.Fprintf(w, "warning: device %s has a clock too far ahead\n", x)
	}
}

type syncStatusCmd struct{}

func (syncStatusCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (app.SyncStatus, error) {
		return s.App().SyncStatus()
	}, func(w io.Writer, st app.SyncStatus) {
		if !st.Enabled {
			fmt.Fprintf(w, "sync: off (turn it on with keel sync --folder DIR, or keel sync export --out FILE)\nthis device: %s\nchanges not sent: %d\n", st.Replica, st.Pending)
			return
		}
		fmt.Fprintf(w, "folder: %s\nthis device: %s\nlast sync: %s\nchanges not sent: %d\n", st.Folder, st.Replica, or(st.LastSync, "never"), st.Pending)
		if st.Last != nil {
			fmt.Fprintf(w, "last round: sent %d, received %d\n", st.Last.Sent, st.Last.Received)
			printProblems(w, *st.Last)
		}
		fmt.Fprintln(w, "devices:")
		for _, d := range st.Devices {
			this := ""
			if d.This {
				this = " (this device)"
			}
			fmt.Fprintf(w, "  %s  %s%s  up to change %d, last heard %s\n", d.Replica, strings.TrimSpace(d.Name), this, d.Seq, or(d.LastHeard, "never"))
		}
	})
}

func or(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}
