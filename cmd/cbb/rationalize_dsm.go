package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cbb/rationalize/dsm"
)

type dsmFlags struct {
	method     string
	asJSON     bool
	svg        string
	seed       uint64
	resolution float64
	inflation  float64
	bus        string
	busShare   float64
	powCC      float64
}

func (a *app) rationalizeDSMCommand() *cobra.Command {
	var f dsmFlags
	cmd := &cobra.Command{
		Use:   "dsm FILE",
		Short: "Cluster a DSM or co-occurrence matrix into modules",
		Long: `Partition the elements of a design structure matrix into modules.

FILE is a DSM in any format of ../shared/data/dsm: a square labelled CSV
matrix, a rectangular one (a DMM; its columns are clustered by the rows they
share) or a CSV list of scored pairs (a,b,... or from,to,...). No store is
needed.

Bus elements, which interact with a large share of the others, are set apart
first (--bus-share, or --bus with 1-based element numbers, or --bus none),
then the rest is clustered by --method:

  louvain  modularity maximisation (gonum graph/community)
  mcl      Markov clustering
  thebeau  Thebeau's (2001) bid-based search for the lowest coordination cost

Every result is scored by modularity (higher is better) and Thebeau's
coordination cost (lower is better). --svg writes the DSM reordered by
cluster as a heat map.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if err := cobra.ExactArgs(1)(cmd, args); err != nil {
				return usageError{err}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runDSM(cmd.Context(), args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.method, "method", "louvain", "clustering method: louvain, mcl or thebeau")
	fl.BoolVar(&f.asJSON, "json", false, "print JSON")
	fl.StringVar(&f.svg, "svg", "", "write the reordered DSM heat map to this SVG file")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed (louvain, thebeau)")
	fl.Float64Var(&f.resolution, "resolution", 1, "modularity resolution (louvain)")
	fl.Float64Var(&f.inflation, "inflation", dsm.DefaultMCLParams().Inflation, "inflation (mcl)")
	fl.StringVar(&f.bus, "bus", "", `bus elements by 1-based number, comma-separated, or "none" (default: detected)`)
	fl.Float64Var(&f.busShare, "bus-share", dsm.DefaultBusParams().Share, "share of the other elements a detected bus element interacts with")
	fl.Float64Var(&f.powCC, "pow-cc", dsm.DefaultParams().PowCC, "Thebeau's cluster size penalty in the coordination cost")
	return cmd
}

// dsmElement is an element in the JSON output: 1-based number as in the
// file, and label.
type dsmElement struct {
	Number int    `json:"number"`
	Name   string `json:"name"`
}

type dsmResult struct {
	File             string         `json:"file"`
	Format           string         `json:"format"`
	Elements         int            `json:"elements"`
	Dependencies     int            `json:"dependencies"`
	Method           string         `json:"method"`
	Seed             uint64         `json:"seed"`
	Bus              []dsmElement   `json:"bus"`
	Clusters         [][]dsmElement `json:"clusters"`
	Modularity       float64        `json:"modularity"`
	CoordinationCost dsm.Cost       `json:"coordination_cost"`
	PowCC            float64        `json:"pow_cc"`
	Seconds          float64        `json:"seconds"`
}

func (a *app) runDSM(ctx context.Context, file string, f dsmFlags) error {
	switch f.method {
	case "louvain", "mcl", "thebeau":
	default:
		return usageError{fmt.Errorf("--method %q: want louvain, mcl or thebeau", f.method)}
	}
	d, err := dsm.ReadFile(file)
	if err != nil {
		return err
	}
	bus, err := dsmBus(d, f)
	if err != nil {
		return err
	}
	start := time.Now()
	var p dsm.Partition
	switch f.method {
	case "louvain":
		p = dsm.Louvain(d, bus, f.resolution, f.seed)
	case "mcl":
		mp := dsm.DefaultMCLParams()
		mp.Inflation = f.inflation
		p, err = dsm.MarkovClustering(ctx, d, bus, mp)
	case "thebeau":
		tp := dsm.DefaultParams()
		tp.PowCC = f.powCC
		p, err = dsm.Thebeau(ctx, d, bus, tp, f.seed)
	}
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	params := dsm.DefaultParams()
	params.PowCC = f.powCC
	res := dsmResult{
		File: file, Format: d.Origin(), Elements: d.Len(), Dependencies: d.Dependencies(),
		Method: f.method, Seed: f.seed, Bus: dsmElements(d, p.BusElements()),
		Modularity: dsm.Modularity(d, p), CoordinationCost: dsm.CoordinationCost(d, p, params),
		PowCC: f.powCC, Seconds: elapsed.Seconds(),
	}
	for _, c := range p.Clusters() {
		res.Clusters = append(res.Clusters, dsmElements(d, c))
	}
	if f.svg != "" {
		if err := writeDSMSVG(f.svg, d, p); err != nil {
			return err
		}
	}
	if f.asJSON {
		return writeJSON(a.stdout, res)
	}
	printDSM(a.stdout, res)
	return nil
}

func dsmBus(d *dsm.DSM, f dsmFlags) ([]int, error) {
	switch f.bus {
	case "":
		bp := dsm.DefaultBusParams()
		bp.Share = f.busShare
		return dsm.DetectBus(d, bp), nil
	case "none":
		return nil, nil
	}
	var bus []int
	for _, s := range strings.Split(f.bus, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || k < 1 || k > d.Len() {
			return nil, usageError{fmt.Errorf("--bus %q: want element numbers 1..%d or none", s, d.Len())}
		}
		bus = append(bus, k-1)
	}
	return bus, nil
}

func dsmElements(d *dsm.DSM, idx []int) []dsmElement {
	out := make([]dsmElement, len(idx))
	for k, i := range idx {
		out[k] = dsmElement{Number: i + 1, Name: d.Name(i)}
	}
	return out
}

func writeDSMSVG(path string, d *dsm.DSM, p dsm.Partition) error {
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := dsm.WriteSVG(out, d, p); err != nil {
		out.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func printDSM(w io.Writer, r dsmResult) {
	fmt.Fprintf(w, "%s: %d elements (%s), %d dependencies\n", r.File, r.Elements, r.Format, r.Dependencies)
	fmt.Fprintf(w, "%s: %d clusters, %d bus; modularity %.3f, coordination cost %.1f (pow_cc %g); %s\n",
		r.Method, len(r.Clusters), len(r.Bus), r.Modularity, r.CoordinationCost.Total, r.PowCC,
		time.Duration(r.Seconds*float64(time.Second)).Round(time.Microsecond))
	if len(r.Bus) > 0 {
		fmt.Fprintf(w, "bus: %s\n", joinElements(r.Bus))
	}
	for k, c := range r.Clusters {
		fmt.Fprintf(w, "%3d (%d): %s\n", k+1, len(c), joinElements(c))
	}
}

func joinElements(es []dsmElement) string {
	parts := make([]string, len(es))
	for k, e := range es {
		parts[k] = fmt.Sprintf("%d %s", e.Number, e.Name)
	}
	return strings.Join(parts, ", ")
}
