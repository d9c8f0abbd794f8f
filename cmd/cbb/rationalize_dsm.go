package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize"
	"github.com/cbb-alliance/cbb/rationalize/dsm"
)

// dsmParams are the parameters of a "dsm" run: the DSM file, the method
// and its options.
type dsmParams struct {
	File       string  `json:"file"`
	Method     string  `json:"method"`
	Seed       uint64  `json:"seed"`
	Resolution float64 `json:"resolution"`
	Inflation  float64 `json:"inflation"`
	Bus        string  `json:"bus,omitempty"`
	BusShare   float64 `json:"bus_share"`
	PowCC      float64 `json:"pow_cc"`
}

func init() {
	rationalize.Register(rationalize.Analysis{Kind: "dsm", Run: func(ctx context.Context, _ rationalize.Env, raw json.RawMessage) (any, string, string, error) {
		var p dsmParams
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, "", "", model.Errorf(model.Invalid, "dsm parameters: %v", err)
		}
		input, data, err := readInput(p.File)
		if err != nil {
			return nil, "", "", err
		}
		d, err := dsm.Read(bytes.NewReader(data), p.File)
		if err != nil {
			return nil, "", "", err
		}
		res, err := clusterDSM(ctx, d, p)
		if err != nil {
			return nil, "", "", err
		}
		sum := fmt.Sprintf("%d elements, %s: %d clusters, modularity %.3f, coordination cost %.0f",
			res.Elements, res.Method, len(res.Clusters), res.Modularity, res.CoordinationCost.Total)
		return res, sum, input, nil
	}})
	runPrinters["dsm"] = func(w io.Writer, run model.Run) error {
		var r dsmResult
		if err := json.Unmarshal(run.Result, &r); err != nil {
			return err
		}
		r.Seconds = run.Took.Seconds()
		printDSM(w, r)
		return nil
	}
	runPrinters["cells"] = func(w io.Writer, run model.Run) error {
		var r cellsReport
		if err := json.Unmarshal(run.Result, &r); err != nil {
			return err
		}
		r.Seconds = run.Took.Seconds()
		return r.writeTable(w)
	}
}

func (a *app) rationalizeDSMCommand() *cobra.Command {
	var (
		p   dsmParams
		rf  fileRunFlags
		svg string
	)
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
			p.File = args[0]
			return a.runDSM(cmd.Context(), p, rf, svg)
		},
	}
	rf.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&p.Method, "method", "louvain", "clustering method: louvain, mcl or thebeau")
	fl.StringVar(&svg, "svg", "", "write the reordered DSM heat map to this SVG file")
	fl.Uint64Var(&p.Seed, "seed", 1, "random seed (louvain, thebeau)")
	fl.Float64Var(&p.Resolution, "resolution", 1, "modularity resolution (louvain)")
	fl.Float64Var(&p.Inflation, "inflation", dsm.DefaultMCLParams().Inflation, "inflation (mcl)")
	fl.StringVar(&p.Bus, "bus", "", `bus elements by 1-based number, comma-separated, or "none" (default: detected)`)
	fl.Float64Var(&p.BusShare, "bus-share", dsm.DefaultBusParams().Share, "share of the other elements a detected bus element interacts with")
	fl.Float64Var(&p.PowCC, "pow-cc", dsm.DefaultParams().PowCC, "Thebeau's cluster size penalty in the coordination cost")
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
	// Seconds is the run's time, set when printed: a stored result
	// leaves it out so that a repeated run compares equal.
	Seconds float64 `json:"seconds,omitempty"`
	// dsm and part are what the picture is drawn from.
	dsm  *dsm.DSM
	part dsm.Partition
}

func (a *app) runDSM(ctx context.Context, p dsmParams, rf fileRunFlags, svg string) error {
	switch p.Method {
	case "louvain", "mcl", "thebeau":
	default:
		return usageError{fmt.Errorf("--method %q: want louvain, mcl or thebeau", p.Method)}
	}
	run, out, err := a.runFile(ctx, "dsm", p, rf)
	if err != nil {
		return err
	}
	res := out.(dsmResult)
	res.Seconds = run.Took.Seconds()
	if svg != "" {
		if err := writeFile(svg, func(w io.Writer) error { return dsm.WriteSVG(w, res.dsm, res.part) }); err != nil {
			return err
		}
	}
	if rf.asJSON {
		return writeJSON(a.stdout, res)
	}
	printDSM(a.stdout, res)
	if run.ID != "" {
		fmt.Fprintf(a.stdout, "\nstored as run %s; repeat it with: cbb rationalize rerun %s\n", run.ID, run.ID)
	}
	return nil
}

// clusterDSM sets the bus apart and clusters the rest by p.Method.
func clusterDSM(ctx context.Context, d *dsm.DSM, p dsmParams) (dsmResult, error) {
	bus, err := dsmBus(d, p)
	if err != nil {
		return dsmResult{}, err
	}
	var part dsm.Partition
	switch p.Method {
	case "louvain":
		part = dsm.Louvain(d, bus, p.Resolution, p.Seed)
	case "mcl":
		mp := dsm.DefaultMCLParams()
		mp.Inflation = p.Inflation
		part, err = dsm.MarkovClustering(ctx, d, bus, mp)
	case "thebeau":
		tp := dsm.DefaultParams()
		tp.PowCC = p.PowCC
		part, err = dsm.Thebeau(ctx, d, bus, tp, p.Seed)
	default:
		return dsmResult{}, usageError{fmt.Errorf("method %q: want louvain, mcl or thebeau", p.Method)}
	}
	if err != nil {
		return dsmResult{}, err
	}
	params := dsm.DefaultParams()
	params.PowCC = p.PowCC
	res := dsmResult{
		File: p.File, Format: d.Origin(), Elements: d.Len(), Dependencies: d.Dependencies(),
		Method: p.Method, Seed: p.Seed, Bus: dsmElements(d, part.BusElements()),
		Modularity: dsm.Modularity(d, part), CoordinationCost: dsm.CoordinationCost(d, part, params),
		PowCC: p.PowCC, dsm: d, part: part,
	}
	for _, c := range part.Clusters() {
		res.Clusters = append(res.Clusters, dsmElements(d, c))
	}
	return res, nil
}

func dsmBus(d *dsm.DSM, p dsmParams) ([]int, error) {
	switch p.Bus {
	case "":
		bp := dsm.DefaultBusParams()
		bp.Share = p.BusShare
		return dsm.DetectBus(d, bp), nil
	case "none":
		return nil, nil
	}
	var bus []int
	for _, s := range strings.Split(p.Bus, ",") {
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
