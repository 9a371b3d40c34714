// Package sample is a service for apigen's tests: one of each shape the generator handles.
package sample

import (
	"time"

	"keel/app/apigen/internal/sample/other"
)

// Service is what the tests generate types for.
type Service struct{}

// Colour is a named string with constants: a union.
type Colour string

const (
	Red  Colour = "red"
	Blue Colour = "blue" // a comment
)

// Tag is a named string without constants.
type Tag string

// Base is embedded in Item without a tag name, so its fields are Item's.
type Base struct {
	ID string `json:"id"`
}

// Item is the one struct with every kind of field.
type Item struct {
	Base
	// Name is documented above the field.
	Name     string `json:"name"`
	Note     string `json:"note,omitempty"` // documented after it
	Secret   string `json:"-"`
	Dash     string `json:"-,"`
	Untagged int
	Count    int64             `json:"count,string"`
	Colour   Colour            `json:"colour"`
	Tags     []Tag             `json:"tags"`
	ByName   map[string]*Item  `json:"byName"`
	Parent   *Item             `json:"parent"`
	Maybe    *Colour           `json:"maybe,omitempty"`
	At       time.Time         `json:"at"`
	Value    any               `json:"value"`
	Raw      []byte            `json:"raw"`
	Inline   struct{ A bool }  `json:"inline"`
	Grid     [][]float64       `json:"grid"`
	Other    other.Item        `json:"other"`
	Colours  map[Colour]Colour `json:"colours"`
	hidden   string
}

// Change is an event payload.
type Change struct {
	ID string `json:"id"`
}

// Get returns one item.
func (s *Service) Get(id string, new bool) (*Item, error) { return nil, nil }

// Put takes an item and returns nothing.
func (s *Service) Put(item Item) error { return nil }

// List lists items by colour.
func (s *Service) List(c Colour, _ int) []Item { return nil }

// Ping has no doc on its parameters.
func (s *Service) Ping() {}

func (s *Service) unexported() {}

// Variadic is a service the generator refuses.
type Variadic struct{}

func (Variadic) Many(ids ...string) error { return nil }

// TwoResults is a service the generator refuses.
type TwoResults struct{}

func (TwoResults) Both() (int, string, error) { return 0, "", nil }

// FuncField is a service the generator refuses.
type FuncField struct{}

// Callback holds what JSON cannot carry.
type Callback struct {
	Do func() `json:"do"`
}

func (FuncField) Get() Callback { return Callback{} }
