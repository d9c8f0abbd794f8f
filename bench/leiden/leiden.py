#!/usr/bin/python3
"""Leiden peer of the rationalize/scale benchmark.

Reads the edge list Go's scale.WriteEdgeList writes ("# nodes N edges M",
then "u v w" per undirected edge), runs leidenalg's Leiden with
ModularityVertexPartition (Newman's modularity, resolution 1) and a fixed
seed, writes the membership (one cluster number per line, node order) and
prints one JSON object:

  {"method", "nodes", "edges", "read_seconds", "seconds", "peak_rss_mb",
   "modularity", "clusters", "iterations", "seed"}

seconds is the clustering alone; modularity is igraph's, on the same
weighted graph. Benchmark-only: needs python3-igraph and python3-leidenalg
(install.sh).
"""

import argparse
import json
import resource
import sys
import time

import igraph
import leidenalg


def read_graph(path):
    with open(path) as f:
        header = f.readline().split()
        if len(header) != 5 or header[:2] != ["#", "nodes"] or header[3] != "edges":
            sys.exit(f"{path}: bad header {' '.join(header)!r}")
        n, m = int(header[2]), int(header[4])
        edges, weights = [], []
        for line in f:
            u, v, w = line.split()
            edges.append((int(u), int(v)))
            weights.append(float(w))
    if len(edges) != m:
        sys.exit(f"{path}: {len(edges)} edges, header says {m}")
    return igraph.Graph(n=n, edges=edges, edge_attrs={"weight": weights})


def peak_rss_mb():
    """This process's peak resident set. VmHWM, not ru_maxrss: Linux carries
    ru_maxrss over exec, so a child started by a big parent reports the
    parent's size."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", help="edge list written by scale.WriteEdgeList")
    ap.add_argument("--membership", required=True, help="output: one cluster per line")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--iterations", type=int, default=-1,
                    help="leidenalg n_iterations; negative: until stable")
    args = ap.parse_args()

    t0 = time.perf_counter()
    g = read_graph(args.graph)
    t1 = time.perf_counter()
    part = leidenalg.find_partition(
        g, leidenalg.ModularityVertexPartition, weights="weight",
        n_iterations=args.iterations, seed=args.seed)
    t2 = time.perf_counter()
    q = g.modularity(part.membership, weights="weight")
    with open(args.membership, "w") as f:
        f.write("\n".join(map(str, part.membership)))
        f.write("\n")
    json.dump({
        "method": "leiden",
        "nodes": g.vcount(),
        "edges": g.ecount(),
        "read_seconds": round(t1 - t0, 3),
        "seconds": round(t2 - t1, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "modularity": q,
        "clusters": len(set(part.membership)),
        "iterations": args.iterations,
        "seed": args.seed,
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
