package app

import "keel/backend/ims"

// Fields that hold catalogue references (ims.Field.Refs) must name items of the catalogues
// Keel ships. The schema cannot load the catalogue itself, so the app lends it the lookup:
// every write path (the services, the CLI, CSV/XLSX imports, the store) normalises fields
// through the schema and so refuses an unknown item.
func init() { ims.RefKnown = catalogueHasItem }

// catalogueHasItem reports whether ref ("iso27001-2022:A.5.15") names a catalogue item.
func catalogueHasItem(ref string) bool {
	s, err := StandardsCatalogue()
	if err != nil {
		// A catalogue that does not load is a broken build, reported wherever the catalogue
		// is shown; records keep the shape check rather than refusing every reference.
		return true
	}
	_, ok := s.Item(ref)
	return ok
}
