// Package other gives apigen's sample a type whose name another package uses too.
package other

// Item is a thing of this package.
type Item struct {
	Code string `json:"code"`
}
