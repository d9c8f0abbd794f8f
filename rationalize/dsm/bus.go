package dsm

import "slices"

// BusParams say which elements DetectBus sets apart.
type BusParams struct {
	// Share: a bus element interacts (in either direction) with at least
	// this share of the other elements.
	Share float64
	// Factor: a bus element also interacts with at least Factor times as
	// many elements as the median element does, so that in a dense DSM,
	// where most elements pass Share, only the outstanding ones are bus.
	Factor float64
	// MinElements: DSMs smaller than this have no bus.
	MinElements int
}

// DefaultBusParams returns share 0.3, factor 2 and 12 elements. On
// Thebeau's elevator DSM they find 6 of the 8 elements he set apart by
// judgement (Travelling Comm. Cable, Power Supplies, Motion Controller,
// Safety System, Cab, Passenger Load) and no others; his remaining two,
// Travel Cable Power and Service Guy, interact with 23% of the elements.
func DefaultBusParams() BusParams { return BusParams{Share: 0.3, Factor: 2, MinElements: 12} }

// DetectBus returns, in increasing order, the elements that interact with
// at least params.Share of the other elements and with params.Factor times
// the median number: platform, integrative or system elements that would
// otherwise glue every module together.
func DetectBus(d *DSM, params BusParams) []int {
	n := d.Len()
	if n < max(params.MinElements, 2) {
		return nil
	}
	adj := d.undirected()
	degrees := make([]int, n)
	for i, ls := range adj {
		degrees[i] = len(ls)
	}
	slices.Sort(degrees)
	median := float64(degrees[n/2])
	if n%2 == 0 {
		median = float64(degrees[n/2-1]+degrees[n/2]) / 2
	}
	limit := max(params.Share*float64(n-1), params.Factor*median)
	var bus []int
	for i, ls := range adj {
		if float64(len(ls)) >= limit && len(ls) > 0 {
			bus = append(bus, i)
		}
	}
	return bus
}

// Degree returns the number of other elements element i interacts with in
// either direction, the measure DetectBus compares.
func (d *DSM) Degree(i int) int { return len(d.undirected()[i]) }
