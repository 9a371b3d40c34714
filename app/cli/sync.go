package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"keel/app"
)

// syncCmd is `keel sync`: one round through a folder, or the sync state.
type syncCmd struct {
	Round   syncRoundCmd   `cmd:"" default:"withargs" hidden:"" help:"One sync round through the folder."`
	Status  syncStatusCmd  `cmd:"" help:"Show the sync state: folder, last round, changes not sent, refused files, devices."`
	Export  syncExportCmd  `cmd:"" help:"Write a sync file (for email or USB) with this device's changes and all it has from other devices."`
	Import  syncImportCmd  `cmd:"" help:"Merge a sync file made by another device."`
	Invite  syncInviteCmd  `cmd:"" help:"Write an invite file for a new device and print the one-time code that opens it."`
	Join    syncJoinCmd    `cmd:"" help:"Join a workspace another device invited this one to: keel sync join FILE --code CODE."`
	Devices syncDevicesCmd `cmd:"" help:"List the devices of the workspace and when each was last heard from."`
	Remove  syncRemoveCmd  `cmd:"" help:"Remove a device from the workspace: the workspace key changes, and the device cannot read what is written afterwards."`

	Conflicts syncConflictsCmd `cmd:"" help:"List what two devices changed while apart (both values, who, when) and the rules the merged workspace breaks."`
	Resolve   syncResolveCmd   `cmd:"" help:"Settle a conflict: keep one value (--pick OPID), write a merged one (--value V), or --restore / --confirm-delete a record deleted while edited elsewhere."`
}

type syncExportCmd struct {
	Out string `required:"" help:"The sync file to write." placeholder:"FILE"`
	All bool   `help:"Put everything in the file, not only what the other devices lack (by what each last said it holds)."`
}

func (c syncExportCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (app.SyncReport, error) {
		if c.All {
			return s.App().SyncExportAll(c.Out)
		}
		return s.App().SyncExport(c.Out)
	}, func(w io.Writer, r app.SyncReport) {
		fmt.Fprintf(w, "sync file written: %s\nreceived: %d changes\n", c.Out, r.Received)
		printProblems(w, r)
	})
}

type syncInviteCmd struct {
	Out string `required:"" help:"The invite file to write: give it to the new device (email, USB)." placeholder:"FILE"`
}

func (c syncInviteCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (app.SyncInvitation, error) {
		return s.App().SyncInvite(c.Out)
	}, func(w io.Writer, inv app.SyncInvitation) {
		fmt.Fprintf(w, "invite written: %s\ncode: %s\nexpires: %s\n", inv.File, inv.Code, inv.Expires)
		fmt.Fprintln(w, "Tell the code to the new device's owner another way than the file (in person, by phone); it is shown only now.")
	})
}

type syncJoinCmd struct {
	File   string `arg:"" help:"The invite file." type:"existingfile"`
	Code   string `required:"" help:"The six-word code the inviting device showed." placeholder:"CODE"`
	Folder string `help:"The folder the workspace's devices share (else sync by sync files)." placeholder:"DIR"`
	Name   string `help:"The workspace's name on this device (default: its name on the inviting device)." placeholder:"NAME"`
}

func (c syncJoinCmd) Run(e *env) error {
	return run(e, func(s *app.Session) (app.SyncJoined, error) {
		return s.App().SyncJoin(c.File, c.Code, c.Name, c.Folder)
	}, func(w io.Writer, j app.SyncJoined) {
		fmt.Fprintf(w, "joined workspace: %s\n", j.Workspace.Name)
		printRound(w, j.Report)
	})
}

type syncDevicesCmd struct{}

func (syncDevicesCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) ([]app.SyncDevice, error) {
		return s.App().SyncDevices()
	}, printDevices)
}

// printDevices prints the devices as a table.
func printDevices(w io.Writer, devs []app.SyncDevice) {
	if len(devs) == 0 {
		fmt.Fprintln(w, "no devices yet: the first sync round adds this one (keel sync --folder DIR), keel sync invite adds another")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE\tNAME\tUP TO\tLAST HEARD")
	for _, d := range devs {
		name := strings.TrimSpace(d.Name)
		if d.This {
			name += " (this device)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", d.Replica, name, d.Seq, or(d.LastHeard, "never"))
	}
	tw.Flush()
}

type syncRemoveCmd struct {
	Device string `arg:"" help:"The device id (see keel sync devices)."`
}

func (c syncRemoveCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (map[string]string, error) {
		return map[string]string{"removed": c.Device}, s.App().SyncRemoveDevice(c.Device)
	}, func(w io.Writer, _ map[string]string) {
		fmt.Fprintf(w, "removed: %s\nThe workspace key changed; the other devices take the new one on their next round.\n", c.Device)
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
	if r.Removed != "" {
		fmt.Fprintf(w, "this device was %s\n", r.Removed)
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
