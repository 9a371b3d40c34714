package workspace

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// stallWrite is KEEL_TEST_STALL_WRITE, read once at start: tests set it to a file-name
// suffix (".seg") to kill a real keel process in the middle of writing such a file.
var stallWrite = os.Getenv("KEEL_TEST_STALL_WRITE")

// stallIfAsked, when a test asked for it, writes the first half of b to the temp file,
// syncs it, says so on stderr and never returns: the test kills the process (kill -9)
// while the file is half-written under its temp name.
func stallIfAsked(tmp *os.File, path string, b []byte) {
	if stallWrite == "" || !strings.HasSuffix(path, stallWrite) {
		return
	}
	tmp.Write(b[:len(b)/2])
	tmp.Sync()
	fmt.Fprintf(os.Stderr, "keel: test stall: %d of %d bytes of %s written to %s\n", len(b)/2, len(b), path, tmp.Name())
	for {
		time.Sleep(time.Hour)
	}
}
