package app

import (
	"keel/backend/followup"
	"keel/backend/ims"
)

// StoreRules are the domain rules main gives every workspace's store when it opens it:
// fields that hold catalogue references (ims.Field.Refs) must name items of the catalogues
// Keel ships (the schema cannot load the catalogue itself, so the app lends it the
// lookup), and the follow-ups of backend/followup run inside the writes that trigger them.
func StoreRules() ims.Rules {
	return ims.Rules{RefKnown: catalogueHasItem, FollowUps: followup.Rules()}
}

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
