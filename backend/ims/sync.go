package ims

// OpLog is what sync needs of a workspace's store: what it holds ({replica → highest
// seq}), the ops of one replica after a seq, and a way to merge ops from elsewhere.
type OpLog interface {
	Replica() string
	VersionVector() map[string]uint64
	OpsAfter(replica string, after uint64, limit int) ([]Op, error)
	ApplyRemote(ops []Op) (RemoteResult, error)
}

// RemoteResult says what merging ops from other replicas did.
type RemoteResult struct {
	Applied int      `json:"applied"`          // ops appended
	Skipped int      `json:"skipped"`          // ops already held (duplicates)
	Skewed  []string `json:"skewed,omitempty"` // replicas with an op clock too far ahead: applied, the local clock not pulled forward
}
