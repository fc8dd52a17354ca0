package forecast

import "gonum.org/v1/gonum/stat/distuv"

// normalQuantile returns the p-quantile of the standard normal distribution.
func normalQuantile(p float64) float64 {
	return distuv.UnitNormal.Quantile(p)
}

// normalCDF returns P(Z <= x) for a standard normal Z.
func normalCDF(x float64) float64 {
	return distuv.UnitNormal.CDF(x)
}
