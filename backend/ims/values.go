package ims

import (
	"fmt"
	"strconv"
)

// ValueStrings is the text form of a field's value, for filters, indexes, search and the
// gap analysis's evidence rules: a list as it is, a number as NumberText, a bool as "true"
// or "false".
func ValueStrings(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	case float64:
		return []string{NumberText(x)}
	case bool:
		return []string{strconv.FormatBool(x)}
	}
	return []string{fmt.Sprint(v)}
}
