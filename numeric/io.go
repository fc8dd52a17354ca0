package numeric

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

const paramMagic = "SMNP1"

// WriteParams writes the parameters' names, shapes and values (little-endian
// float32), not their gradients.
func WriteParams(w io.Writer, params []*Param) error {
	if _, err := io.WriteString(w, paramMagic); err != nil {
		return fmt.Errorf("write params: %w", err)
	}
	if err := binary.Write(w, binary.LittleEndian, uint32(len(params))); err != nil {
		return fmt.Errorf("write params: %w", err)
	}
	for _, p := range params {
		hdr := []uint32{uint32(len(p.Name)), uint32(p.Rows), uint32(p.Cols)}
		if err := binary.Write(w, binary.LittleEndian, hdr); err != nil {
			return fmt.Errorf("write param %s: %w", p.Name, err)
		}
		if _, err := io.WriteString(w, p.Name); err != nil {
			return fmt.Errorf("write param %s: %w", p.Name, err)
		}
		if err := binary.Write(w, binary.LittleEndian, p.W); err != nil {
			return fmt.Errorf("write param %s: %w", p.Name, err)
		}
	}
	return nil
}

// ReadParams reads values written by WriteParams into params, which must have
// the same names and shapes in the same order; a mismatch is an error.
func ReadParams(r io.Reader, params []*Param) error {
	magic := make([]byte, len(paramMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != paramMagic {
		return fmt.Errorf("read params: not a parameter file")
	}
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return fmt.Errorf("read params: %w", err)
	}
	if int(n) != len(params) {
		return fmt.Errorf("read params: file has %d parameters, want %d", n, len(params))
	}
	for _, p := range params {
		hdr := make([]uint32, 3)
		if err := binary.Read(r, binary.LittleEndian, hdr); err != nil {
			return fmt.Errorf("read param %s: %w", p.Name, err)
		}
		if hdr[0] > math.MaxUint16 {
			return fmt.Errorf("read param %s: bad name length %d", p.Name, hdr[0])
		}
		name := make([]byte, hdr[0])
		if _, err := io.ReadFull(r, name); err != nil {
			return fmt.Errorf("read param %s: %w", p.Name, err)
		}
		if string(name) != p.Name || int(hdr[1]) != p.Rows || int(hdr[2]) != p.Cols {
			return fmt.Errorf("read params: got %s %dx%d, want %s %dx%d", name, hdr[1], hdr[2], p.Name, p.Rows, p.Cols)
		}
		if err := binary.Read(r, binary.LittleEndian, p.W); err != nil {
			return fmt.Errorf("read param %s: %w", p.Name, err)
		}
	}
	return nil
}
