package insights

import (
	"time"

	"github.com/shopmind/shopmind"
)

// ComputeCohorts groups customers by the month of their first counted order
// and reports, for each of the last months cohorts before end, the share
// of the cohort ordering and its revenue in each later month up to end.
func ComputeCohorts(h *History, end time.Time, months int) shopmind.Cohorts {
	if months <= 0 {
		months = 12
	}
	monthIndex := func(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }
	last := monthIndex(end.Add(-time.Nanosecond))
	firstCohort := last - months + 1
	first := make(map[int32]int, len(h.Users))
	type cell struct {
		users   map[int32]struct{}
		revenue float64
	}
	cells := make([][]cell, months)
	for _, o := range h.Orders {
		if !o.Time.Before(end) {
			break
		}
		m := monthIndex(o.Time)
		c, ok := first[o.User]
		if !ok {
			c = m
			first[o.User] = m
		}
		if c < firstCohort {
			continue
		}
		row := c - firstCohort
		k := m - c
		if cells[row] == nil {
			cells[row] = make([]cell, last-c+1)
		}
		x := &cells[row][k]
		if x.users == nil {
			x.users = map[int32]struct{}{}
		}
		x.users[o.User] = struct{}{}
		x.revenue += o.Total
	}
	out := shopmind.Cohorts{Cohorts: []shopmind.Cohort{}}
	for row := 0; row < months; row++ {
		c := firstCohort + row
		co := shopmind.Cohort{Month: time.Date(c/12, time.Month(c%12+1), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")}
		n := last - c + 1
		co.Retention, co.Revenue = make([]float64, n), make([]float64, n)
		if cells[row] != nil {
			co.Customers = len(cells[row][0].users)
			for k, x := range cells[row] {
				if co.Customers > 0 {
					co.Retention[k] = float64(len(x.users)) / float64(co.Customers)
				}
				co.Revenue[k] = round2(x.revenue)
			}
		}
		out.Cohorts = append(out.Cohorts, co)
	}
	return out
}
