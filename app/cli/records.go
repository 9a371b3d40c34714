package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"keel/app"
	"keel/backend/ims"
)

type recordsCmd struct {
	Kinds   kindsCmd         `cmd:"" help:"List the registers: kind, plural, group, clause."`
	List    recordsListCmd   `cmd:"" help:"List the records of a register."`
	Get     recordGetCmd     `cmd:"" help:"Show one record."`
	Create  recordCreateCmd  `cmd:"" help:"Create a record from FIELD=VALUE pairs."`
	Update  recordUpdateCmd  `cmd:"" help:"Change fields of a record (FIELD= clears one)."`
	Delete  recordDeleteCmd  `cmd:"" help:"Move a record to the bin."`
	Restore recordRestoreCmd `cmd:"" help:"Bring a record back from the bin."`
	History recordHistoryCmd `cmd:"" help:"Every change to a record: who, when, what."`
}

// kindArg is the register a records command works on.
type kindArg struct {
	Kind string `arg:"" help:"The register (see keel records kinds)."`
}

// idArgs are a register and a record in it.
type idArgs struct {
	kindArg
	ID string `arg:"" help:"The record's id."`
}

// fieldsArg are FIELD=VALUE pairs.
type fieldsArg struct {
	Fields []string `arg:"" optional:"" sep:"none" help:"FIELD=VALUE pairs; list values comma-separated."`
}

type kindsCmd struct{}

func (kindsCmd) Run(e *env) error {
	kinds := ims.Kinds()
	return e.print(kinds, func(w io.Writer) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, k := range kinds {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.Name, k.Plural, k.Group, k.Clause)
		}
		tw.Flush()
	})
}

type recordsListCmd struct {
	kindArg
	Search  string   `help:"Only records that contain TEXT." placeholder:"TEXT"`
	Filter  []string `help:"Only records whose FIELD has VALUE (repeatable)." placeholder:"FIELD=VALUE" sep:"none"`
	Sort    string   `help:"Sort by FIELD." placeholder:"FIELD"`
	Deleted bool     `help:"List the bin instead."`
	AsOf    string   `name:"as-of" help:"The register as it stood at the end of DATE (read-only)." placeholder:"YYYY-MM-DD"`
}

func (c recordsListCmd) Run(e *env) error {
	q := ims.ListQuery{Kind: c.Kind, Search: c.Search, Sort: c.Sort, Deleted: c.Deleted, Filters: map[string]string{}}
	for _, f := range c.Filter {
		name, v, ok := strings.Cut(f, "=")
		if !ok {
			return usagef("--filter FIELD=VALUE")
		}
		q.Filters[name] = v
	}
	kind, err := ims.KindByName(c.Kind)
	if err != nil {
		return err
	}
	return inWorkspace(e, func(s *app.Session) (ims.ListResult, error) { return s.App().ListRecordsAsOf(q, c.AsOf) }, func(w io.Writer, res ims.ListResult) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, r := range res.Records {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Title, r.UpdatedAt)
		}
		tw.Flush()
		fmt.Fprintf(w, "%d %s\n", res.Total, strings.ToLower(kind.Plural))
		if c.AsOf != "" {
			fmt.Fprintf(w, "as of %s (as it stood then)\n", strings.TrimSpace(c.AsOf))
		}
	})
}

type recordGetCmd struct {
	idArgs
	AsOf string `name:"as-of" help:"The record as it stood at the end of DATE." placeholder:"YYYY-MM-DD"`
}

func (c recordGetCmd) Run(e *env) error {
	return e.withRecord(c.Kind, func(a *app.App, k *ims.Kind) (ims.Record, error) { return a.GetRecordAsOf(k.Name, c.ID, c.AsOf) })
}

type recordCreateCmd struct {
	kindArg
	fieldsArg
}

func (c recordCreateCmd) Run(e *env) error {
	return e.writeFields(c.Kind, c.Fields, func(a *app.App, kind string, fields map[string]any) (ims.Record, error) {
		return a.CreateRecord(kind, fields)
	})
}

type recordUpdateCmd struct {
	idArgs
	fieldsArg
}

func (c recordUpdateCmd) Run(e *env) error {
	return e.writeFields(c.Kind, c.Fields, func(a *app.App, kind string, fields map[string]any) (ims.Record, error) {
		return a.UpdateRecord(kind, c.ID, fields)
	})
}

// writeFields is withRecord for a write of FIELD=VALUE pairs.
func (e *env) writeFields(kind string, pairs []string, write func(a *app.App, kind string, fields map[string]any) (ims.Record, error)) error {
	return e.withRecord(kind, func(a *app.App, k *ims.Kind) (ims.Record, error) {
		fields, err := fieldArgs(k, pairs)
		if err != nil {
			return ims.Record{}, err
		}
		return write(a, k.Name, fields)
	})
}

type recordRestoreCmd struct{ idArgs }

func (c recordRestoreCmd) Run(e *env) error {
	return e.withRecord(c.Kind, func(a *app.App, k *ims.Kind) (ims.Record, error) { return a.RestoreRecord(k.Name, c.ID) })
}

type recordDeleteCmd struct{ idArgs }

func (c recordDeleteCmd) Run(e *env) error {
	kind, err := ims.KindByName(c.Kind)
	if err != nil {
		return err
	}
	return inWorkspace(e, func(s *app.Session) (map[string]string, error) {
		return map[string]string{"deleted": c.ID}, s.App().DeleteRecord(kind.Name, c.ID)
	}, func(w io.Writer, _ map[string]string) { fmt.Fprintln(w, "moved to the bin:", c.ID) })
}

type recordHistoryCmd struct{ idArgs }

func (c recordHistoryCmd) Run(e *env) error {
	kind, err := ims.KindByName(c.Kind)
	if err != nil {
		return err
	}
	return inWorkspace(e, func(s *app.Session) ([]ims.HistoryEntry, error) { return s.App().History(kind.Name, c.ID) }, func(w io.Writer, h []ims.HistoryEntry) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, x := range h {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", x.At, x.Actor.Name, x.Type, x.Field, textValue(x.Value))
		}
		tw.Flush()
	})
}

// withRecord opens the workspace, runs do and prints the record it returns.
func (e *env) withRecord(kind string, do func(a *app.App, k *ims.Kind) (ims.Record, error)) error {
	k, err := ims.KindByName(kind)
	if err != nil {
		return err
	}
	return inWorkspace(e, func(s *app.Session) (ims.Record, error) { return do(s.App(), k) }, func(w io.Writer, r ims.Record) {
		rk, _ := ims.KindByName(r.Kind)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "id\t%s\n", r.ID)
		for _, f := range rk.Fields {
			if v, ok := r.Fields[f.Name]; ok {
				fmt.Fprintf(tw, "%s\t%s\n", f.Name, textValue(v))
			}
			for _, c := range r.Conflicts[f.Name] {
				fmt.Fprintf(tw, "  conflict\t%s (%s, %s, op %s)\n", textValue(c.Value), c.Actor.Name, c.At, c.OpID)
			}
		}
		if r.Deleted {
			fmt.Fprintf(tw, "deleted\tyes (in the bin)\n")
		}
		fmt.Fprintf(tw, "updated\t%s by %s\n", r.UpdatedAt, r.UpdatedBy.Name)
		tw.Flush()
	})
}

// fieldArgs turns FIELD=VALUE arguments into values for the kind's fields.
func fieldArgs(kind *ims.Kind, args []string) (map[string]any, error) {
	out := map[string]any{}
	for _, a := range args {
		name, val, ok := strings.Cut(a, "=")
		if !ok {
			return nil, usagef("expected FIELD=VALUE, got %q", a)
		}
		f, found := kind.Field(name)
		if !found {
			names := make([]string, len(kind.Fields))
			for i, f := range kind.Fields {
				names[i] = f.Name
			}
			return nil, ims.FieldErrorf(name, "%s has no field %q; its fields are: %s", kind.Label, name, strings.Join(names, ", "))
		}
		out[name] = f.ParseText(val)
	}
	return out, nil
}
