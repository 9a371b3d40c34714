// Command syncgen prepares a sync benchmark for the real keel binary: it gives the one
// workspace of a data folder (made with `keel workspace create`) sync keys, and writes a
// folder of other devices' segments for that workspace for `keel sync --folder` to merge.
//
//	go run ./bench/syncbench/syncgen -data DATA -folder DIR -records 20000 -sets 9 -writers 1
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	ksync "keel/backend/sync"
	"keel/bench/syncbench"
)

func main() {
	data := flag.String("data", "", "keel data folder with one workspace")
	folder := flag.String("folder", "", "sync folder to write")
	records := flag.Int("records", 20000, "records")
	sets := flag.Int("sets", 9, "title sets per record (ops per record: one more)")
	writers := flag.Int("writers", 1, "devices the records are spread over")
	flag.Parse()
	if err := run(*data, *folder, *records, *sets, *writers); err != nil {
		fmt.Fprintln(os.Stderr, "syncgen:", err)
		os.Exit(1)
	}
}

func run(data, folder string, records, sets, writers int) error {
	dirs, _ := filepath.Glob(filepath.Join(data, "workspaces", "*"))
	if len(dirs) != 1 || folder == "" {
		return fmt.Errorf("want -folder and a data folder with one workspace, found %v", dirs)
	}
	cfg, err := ksync.NewConfig()
	if err != nil {
		return err
	}
	if err := cfg.Save(dirs[0]); err != nil {
		return err
	}
	n, err := syncbench.WriteFolder(folder, cfg.SyncID, cfg.Key, writers, records, sets)
	if err != nil {
		return err
	}
	fmt.Println(n)
	return nil
}
