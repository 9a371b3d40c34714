package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// logFile is Keel's log in the data folder (logs/keel.log), opened at the first line and
// rotated by size: past maxSize the file becomes keel.log.1 (keel.log.2 … up to keep).
type logFile struct {
	path    string
	maxSize int64
	keep    int

	mu   sync.Mutex
	f    *os.File
	size int64
}

func newLogFile(dataDir string) *logFile {
	return &logFile{path: filepath.Join(dataDir, "logs", "keel.log"), maxSize: 5 << 20, keep: 3}
}

func (l *logFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil && l.size+int64(len(p)) > l.maxSize {
		l.f.Close()
		l.f = nil
		for i := l.keep - 1; i >= 1; i-- {
			os.Rename(fmt.Sprintf("%s.%d", l.path, i), fmt.Sprintf("%s.%d", l.path, i+1))
		}
		os.Rename(l.path, l.path+".1")
	}
	if l.f == nil {
		if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
			return 0, err
		}
		f, err := os.OpenFile(l.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return 0, err
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return 0, err
		}
		l.f, l.size = f, fi.Size()
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}
