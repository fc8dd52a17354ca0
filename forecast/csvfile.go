package forecast

import (
	"fmt"
	"os"

	"github.com/shopmind/shopmind"
)

// ReadCSVFile reads the long-format CSV file at path (gzipped or not) with
// ReadCSV. Errors name the file.
func ReadCSVFile(path string, opt CSVOptions) ([]Series, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open data: %w", err)
	}
	defer f.Close()
	series, err := ReadCSV(f, opt)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return series, nil
}

// ParseFill returns the Fill named "missing" or "zero"; any other name is
// an EINVALID error naming the field "fill".
func ParseFill(name string) (Fill, error) {
	switch name {
	case "missing":
		return FillMissing, nil
	case "zero":
		return FillZero, nil
	}
	return 0, shopmind.FieldErrorf("fill", "fill must be missing or zero, got %q", name)
}
