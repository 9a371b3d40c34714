// Package fonts holds the TrueType fonts Keel embeds in its PDF packs: DejaVu Sans and
// DejaVu Sans Bold, copied from Debian's fonts-dejavu-core 2.37 (licence in
// LICENSE-DejaVu.txt). They cover Latin, Greek and Cyrillic and the symbols packs use
// (—, €, £, ≥), so every name renders without a system font.
package fonts

import _ "embed"

// Sans is DejaVu Sans (regular).
//
//go:embed DejaVuSans.ttf
var Sans []byte

// SansBold is DejaVu Sans Bold.
//
//go:embed DejaVuSans-Bold.ttf
var SansBold []byte
