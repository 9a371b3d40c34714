package store

// The key schema of a workspace's Badger database. This file is the one place it is written
// down; every key the store reads or writes is built here.
//
//	meta/schema_version               -> decimal: the last migration applied
//	meta/migration/<NNNN>             -> JSON {name, appliedAt}: one record per migration run
//	meta/replica                      -> this device's replica id (UUID), made by migration 1
//	meta/seq                          -> decimal: the last op sequence number of this replica
//	op/<hlc:016x>/<opid>              -> ims.Op JSON: the op log, in clock order
//	hist/<entity>/<hlc:016x>/<opid>   -> empty: per-entity history index into op/
//	ent/<kind>/<id>                   -> ims.EntityState JSON: materialised state (derived)
//	idx/<kind>/<field>/<value>\x00<id> -> empty: secondary index on the schema's Index fields (derived)
//	rep/<replica>/<seq:016x>          -> the op/ key: the log by replica and sequence, for sync
//	vv/<replica>                      -> decimal: the highest seq held of that replica (version vector)
//
// ent/ and idx/ are derived from op/ and can be rebuilt from it at any time (Rebuild).

import "fmt"

var (
	keySchemaVersion = []byte("meta/schema_version")
	keyReplica       = []byte("meta/replica")
	keySeq           = []byte("meta/seq")
	prefixOp         = []byte("op/")
	prefixEnt        = []byte("ent/")
	prefixIdx        = []byte("idx/")
	prefixHist       = []byte("hist/")
	prefixVV         = []byte("vv/")
)

func keyRep(replica string, seq uint64) []byte {
	return appendHex16(append(append(make([]byte, 0, 4+len(replica)+1+16), "rep/"...), replica+"/"...), seq)
}
func prefixRepOf(replica string) []byte { return fmt.Appendf(nil, "rep/%s/", replica) }
func keyVV(replica string) []byte       { return fmt.Appendf(nil, "vv/%s", replica) }
func keyMigration(n int) []byte         { return fmt.Appendf(nil, "meta/migration/%04d", n) }
func keyOp(hlc uint64, opID string) []byte {
	b := appendHex16(append(make([]byte, 0, 3+16+1+len(opID)), "op/"...), hlc)
	return append(append(b, '/'), opID...)
}
func keyHist(entity string, hlc uint64, opID string) []byte {
	b := append(append(make([]byte, 0, 5+len(entity)+1+16+1+len(opID)), "hist/"...), entity+"/"...)
	return append(append(appendHex16(b, hlc), '/'), opID...)
}

// appendHex16 appends v as 16 lower-case hex digits (%016x), the clock and seq parts of
// keys, which sort as the numbers do. Keys are built on every op, so without fmt.
func appendHex16(b []byte, v uint64) []byte {
	const digits = "0123456789abcdef"
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, digits[v>>uint(shift)&0xf])
	}
	return b
}
func prefixHistOf(entity string) []byte { return fmt.Appendf(nil, "hist/%s/", entity) }
func keyEnt(kind, id string) []byte     { return fmt.Appendf(nil, "ent/%s/%s", kind, id) }
func prefixEntOf(kind string) []byte    { return fmt.Appendf(nil, "ent/%s/", kind) }
func keyIdx(kind, field, value, id string) []byte {
	return fmt.Appendf(nil, "idx/%s/%s/%s\x00%s", kind, field, value, id)
}
func prefixIdxOf(kind, field, value string) []byte {
	return fmt.Appendf(nil, "idx/%s/%s/%s\x00", kind, field, value)
}
