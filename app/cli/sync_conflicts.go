package cli

import (
	"fmt"
	"io"
	"text/tabwriter"

	"keel/app"
	"keel/backend/ims"
)

// syncConflictsCmd is `keel sync conflicts`: the conflict inbox.
type syncConflictsCmd struct{}

func (syncConflictsCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (app.ConflictInbox, error) { return s.App().Conflicts() }, printInbox)
}

// printInbox prints one table of conflicts (a line per value) and one of rule flags.
func printInbox(w io.Writer, in app.ConflictInbox) {
	if len(in.Conflicts) == 0 && len(in.Flags) == 0 {
		fmt.Fprintln(w, "no conflicts (one appears when two devices change the same field, or one deletes a record another edits, while apart)")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(in.Conflicts) > 0 {
		fmt.Fprintln(tw, "KIND\tID\tTITLE\tFIELD\tVALUE\tOP\tWHO\tDEVICE\tWHEN")
	}
	for _, c := range in.Conflicts {
		row := func(field, value string, v ims.ConflictValue) {
			device := v.Device
			if device == "" {
				device = v.Replica
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Kind, c.ID, c.Title, field, value, v.OpID, v.Actor.Name, device, v.At)
		}
		for _, v := range c.Values {
			switch {
			case c.Type == ims.ConflictField:
				row(c.Field, textValue(v.Value), v)
			case v.Value == true:
				row("(deleted)", "deleted", v)
			default:
				row("(deleted)", "restored", v)
			}
		}
		for _, v := range c.Edits {
			row(v.Field, "edited while deleted: "+textValue(v.Value), v)
		}
	}
	tw.Flush()
	if len(in.Flags) > 0 {
		if len(in.Conflicts) > 0 {
			fmt.Fprintln(w)
		}
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "RULE\tKIND\tID\tTITLE\tPROBLEM\tWHAT TO DO")
		for _, f := range in.Flags {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", f.Rule, f.Kind, f.ID, f.Title, f.Problem, f.Fix)
		}
		tw.Flush()
	}
}

// syncResolveCmd is `keel sync resolve`: one op settles a conflict on every device.
type syncResolveCmd struct {
	idArgs
	Field   string `arg:"" optional:"" help:"The field in conflict (not for --restore or --confirm-delete)."`
	Pick    string `help:"Keep the value written by this op (the OP column of keel sync conflicts)." placeholder:"OPID" xor:"how"`
	Value   string `help:"Write this value instead (a merged one), typed as the field's other values." placeholder:"V" xor:"how"`
	Restore bool   `help:"A record deleted while edited elsewhere: take it out of the bin with the edits." xor:"how"`
	Confirm bool   `name:"confirm-delete" help:"A record deleted while edited elsewhere: keep it deleted." xor:"how"`
}

func (c syncResolveCmd) Run(e *env) error {
	deleting := c.Restore || c.Confirm
	switch {
	case deleting && c.Field != "":
		return usagef("--restore and --confirm-delete settle a whole record: give no FIELD")
	case !deleting && c.Field == "":
		return usagef("give the FIELD in conflict with --pick OPID or --value V, or --restore or --confirm-delete for a delete")
	case !deleting && c.Pick == "" && c.Value == "":
		return usagef("say which value to keep: --pick OPID or --value V")
	}
	return e.withRecord(c.Kind, func(a *app.App, k *ims.Kind) (ims.Record, error) {
		switch {
		case c.Restore:
			return a.RestoreDeleted(k.Name, c.ID)
		case c.Confirm:
			return a.ConfirmDelete(k.Name, c.ID)
		}
		f, ok := k.Field(c.Field)
		if !ok {
			return ims.Record{}, ims.FieldErrorf(c.Field, "%s has no field %q", k.Label, c.Field)
		}
		var value any
		if c.Pick == "" {
			value = f.ParseText(c.Value)
		}
		return a.ResolveFieldConflict(k.Name, c.ID, f.Name, c.Pick, value)
	})
}
