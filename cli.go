package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"keel/backend/ims"
	"keel/backend/store"
	"keel/backend/workspace"
)

// printOut writes v as JSON with --format json, else calls text.
func printOut(g globals, v any, text func()) error {
	if g.format == "csv" || g.format == "oscal" {
		return usagef("--format %s is for `keel catalog export`; use text or json here", g.format)
	}
	if g.format == "json" {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	text()
	return nil
}

func runDemo(g globals, rest []string) error {
	name := "Demo"
	if len(rest) > 0 {
		name = rest[0]
	}
	sess, _ := newSession(g, "cli")
	defer sess.Close()
	info, err := sess.App().CreateWorkspace(name, true)
	if err != nil {
		return err
	}
	return printOut(g, info, func() { fmt.Printf("created demo workspace %q in %s\n", info.Name, info.Path) })
}

func runWorkspace(g globals, rest []string) error {
	if len(rest) == 0 {
		return usagef("workspace needs list, create, rename or delete")
	}
	sess, ws := newSession(g, "cli")
	defer sess.Close()
	a := sess.App()
	switch rest[0] {
	case "list":
		all, err := a.Workspaces()
		if err != nil {
			return err
		}
		return printOut(g, all, func() {
			if len(all) == 0 {
				fmt.Println("no workspaces yet: `keel workspace create NAME` or `keel demo`")
			}
			tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			for _, w := range all {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", w.Name, w.CreatedAt, w.Path)
			}
			tw.Flush()
		})
	case "create":
		if len(rest) != 2 {
			return usagef("workspace create NAME")
		}
		info, err := ws.Create(rest[1])
		if err != nil {
			return err
		}
		return printOut(g, info, func() { fmt.Printf("created workspace %q in %s\n", info.Name, info.Path) })
	case "rename":
		if len(rest) != 3 {
			return usagef("workspace rename NAME NEWNAME")
		}
		info, err := ws.Find(rest[1])
		if err != nil {
			return err
		}
		if info, err = a.RenameWorkspace(info.ID, rest[2]); err != nil {
			return err
		}
		return printOut(g, info, func() { fmt.Printf("renamed to %q\n", info.Name) })
	case "delete":
		if len(rest) != 2 {
			return usagef("workspace delete NAME --yes")
		}
		info, err := ws.Find(rest[1])
		if err != nil {
			return err
		}
		if !g.yes {
			return usagef("deleting %q removes all its records, evidence and backups: add --yes to confirm", info.Name)
		}
		// Opening it first proves no other Keel has it open.
		if _, err := sess.Open(info.ID); err != nil {
			return err
		}
		if err := a.DeleteWorkspace(info.ID); err != nil {
			return err
		}
		return printOut(g, map[string]string{"deleted": info.ID}, func() { fmt.Printf("deleted workspace %q\n", info.Name) })
	}
	return usagef("unknown workspace command %q", rest[0])
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
			return nil, ims.FieldErrorf(name, "%s has no field %q; its fields are: %s", kind.Label, name, fieldNames(kind))
		}
		out[name] = f.ParseText(val)
	}
	return out, nil
}

func fieldNames(k *ims.Kind) string {
	names := make([]string, len(k.Fields))
	for i, f := range k.Fields {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

func printRecord(g globals, r ims.Record) error {
	return printOut(g, r, func() {
		k, _ := ims.KindByName(r.Kind)
		tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "id\t%s\n", r.ID)
		for _, f := range k.Fields {
			if v, ok := r.Fields[f.Name]; ok {
				fmt.Fprintf(tw, "%s\t%s\n", f.Name, textValue(v))
			}
		}
		if r.Deleted {
			fmt.Fprintf(tw, "deleted\tyes (in the bin)\n")
		}
		fmt.Fprintf(tw, "updated\t%s by %s\n", r.UpdatedAt, r.UpdatedBy.Name)
		tw.Flush()
	})
}

func textValue(v any) string {
	switch x := v.(type) {
	case []string:
		return strings.Join(x, ", ")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ", ")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func runRecords(g globals, rest []string) error {
	if len(rest) == 0 {
		return usagef("records needs kinds, list, get, create, update, delete, restore or history")
	}
	sub, rest := rest[0], rest[1:]
	if sub == "kinds" {
		kinds := ims.Kinds()
		return printOut(g, kinds, func() {
			tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			for _, k := range kinds {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.Name, k.Plural, k.Group, k.Clause)
			}
			tw.Flush()
		})
	}
	if len(rest) == 0 {
		return usagef("records %s needs a KIND (see `keel records kinds`)", sub)
	}
	kind, err := ims.KindByName(rest[0])
	if err != nil {
		return err
	}
	sess, ws := newSession(g, "cli")
	defer sess.Close()
	if err := openDefault(sess, ws, g, true); err != nil {
		return err
	}
	a := sess.App()
	needID := func() (string, error) {
		if len(rest) < 2 {
			return "", usagef("records %s %s needs an ID", sub, kind.Name)
		}
		return rest[1], nil
	}
	switch sub {
	case "list":
		q := ims.ListQuery{Kind: kind.Name, Filters: map[string]string{}}
		for i := 1; i < len(rest); i++ {
			switch rest[i] {
			case "--deleted":
				q.Deleted = true
			case "--search", "--filter", "--sort":
				if i+1 >= len(rest) {
					return usagef("%s needs a value", rest[i])
				}
				switch rest[i] {
				case "--search":
					q.Search = rest[i+1]
				case "--sort":
					q.Sort = rest[i+1]
				default:
					f, v, ok := strings.Cut(rest[i+1], "=")
					if !ok {
						return usagef("--filter FIELD=VALUE")
					}
					q.Filters[f] = v
				}
				i++
			default:
				return usagef("unknown option %q", rest[i])
			}
		}
		res, err := a.ListRecords(q)
		if err != nil {
			return err
		}
		return printOut(g, res, func() {
			tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			for _, r := range res.Records {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Title, r.UpdatedAt)
			}
			tw.Flush()
			fmt.Printf("%d %s\n", res.Total, strings.ToLower(kind.Plural))
		})
	case "get":
		id, err := needID()
		if err != nil {
			return err
		}
		r, err := a.GetRecord(kind.Name, id)
		if err != nil {
			return err
		}
		return printRecord(g, r)
	case "create":
		fields, err := fieldArgs(kind, rest[1:])
		if err != nil {
			return err
		}
		r, err := a.CreateRecord(kind.Name, fields)
		if err != nil {
			return err
		}
		return printRecord(g, r)
	case "update":
		id, err := needID()
		if err != nil {
			return err
		}
		fields, err := fieldArgs(kind, rest[2:])
		if err != nil {
			return err
		}
		r, err := a.UpdateRecord(kind.Name, id, fields)
		if err != nil {
			return err
		}
		return printRecord(g, r)
	case "delete":
		id, err := needID()
		if err != nil {
			return err
		}
		if err := a.DeleteRecord(kind.Name, id); err != nil {
			return err
		}
		return printOut(g, map[string]string{"deleted": id}, func() { fmt.Println("moved to the bin:", id) })
	case "restore":
		id, err := needID()
		if err != nil {
			return err
		}
		r, err := a.RestoreRecord(kind.Name, id)
		if err != nil {
			return err
		}
		return printRecord(g, r)
	case "history":
		id, err := needID()
		if err != nil {
			return err
		}
		h, err := a.History(kind.Name, id)
		if err != nil {
			return err
		}
		return printOut(g, h, func() {
			tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			for _, e := range h {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.At, e.Actor.Name, e.Type, e.Field, textValue(e.Value))
			}
			tw.Flush()
		})
	}
	return usagef("unknown records command %q", sub)
}

func runMaintenance(g globals, cmd string, rest []string) error {
	sess, ws := newSession(g, "cli")
	if err := openDefault(sess, ws, g, true); err != nil {
		return err
	}
	st, info, err := sess.Current()
	if err != nil {
		return err
	}
	switch cmd {
	case "backup":
		defer sess.Close()
		path, err := st.Backup()
		if err != nil {
			return err
		}
		return printOut(g, map[string]string{"backup": path}, func() { fmt.Println("backup written:", path) })
	case "rebuild":
		defer sess.Close()
		n, err := st.Rebuild()
		if err != nil {
			return err
		}
		return printOut(g, map[string]int{"ops": n}, func() { fmt.Printf("rebuilt from %d ops\n", n) })
	case "restore":
		if len(rest) != 1 {
			sess.Close()
			return usagef("restore FILE --yes")
		}
		if !g.yes {
			sess.Close()
			return usagef("restoring replaces every record in %q with the backup's: add --yes to confirm", info.Name)
		}
		// Close without the backup-on-close step's effect on the file we restore from:
		// the closing backup is itself a safety copy of what is replaced.
		if err := sess.Close(); err != nil {
			return err
		}
		if err := store.RestoreBackup(ws.DBDir(info.ID), rest[0]); err != nil {
			return err
		}
		return printOut(g, map[string]string{"restored": rest[0]}, func() { fmt.Printf("restored %q from %s\n", info.Name, rest[0]) })
	}
	return nil
}

func runIdentity(g globals, rest []string) error {
	ws := workspace.Workspaces{Root: g.data}
	if len(rest) >= 2 && rest[0] == "set" {
		a := ims.Actor{Name: rest[1]}
		if len(rest) > 2 {
			a.Email = rest[2]
		}
		if len(rest) > 3 {
			a.Role = rest[3]
		}
		if err := ws.SetIdentity(a); err != nil {
			return err
		}
	} else if len(rest) > 0 {
		return usagef("identity set NAME [EMAIL [ROLE]]")
	}
	a, err := ws.Identity()
	if err != nil {
		return err
	}
	return printOut(g, a, func() {
		if a == nil {
			fmt.Println("not set: keel identity set NAME EMAIL ROLE")
			return
		}
		fmt.Printf("%s <%s> %s\n", a.Name, a.Email, a.Role)
	})
}
