package ingest

import (
	"io"
	"strings"
)

// memFile is an input File whose content is data.
func memFile(name string, format Format, entity Entity, data string) File {
	return File{Path: name, Format: format, Entity: entity, Size: int64(len(data)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(data)), nil }}
}
