// Package oscaltest checks documents against the OSCAL JSON schema bundled in go-oscal, for
// the tests of the packages that write OSCAL (the catalogue export, the evidence bundle).
package oscaltest

import (
	"fmt"
	"strings"

	"github.com/defenseunicorns/go-oscal/src/pkg/validation"
)

// Validate checks an OSCAL JSON document against the schema of version; the error lists
// the first ten schema errors.
func Validate(doc []byte, version string) error {
	v, err := validation.NewValidatorDesiredVersion(doc, version)
	if err != nil {
		return err
	}
	if err := v.Validate(); err != nil {
		res, _ := v.GetValidationResult()
		var msgs []string
		for i, e := range res.Errors {
			if i == 10 {
				break
			}
			msgs = append(msgs, e.InstanceLocation+": "+e.Error)
		}
		return fmt.Errorf("does not validate against OSCAL %s: %v\n%s", version, err, strings.Join(msgs, "\n"))
	}
	return nil
}
