#!/usr/bin/python3
"""networkx doing the measures that bench_network times, on the same sample.

Reads the sample bench_network wrote (first line: the number of nodes;
then "from<TAB>to<TAB>type" per relation) and times, with networkx (and
scipy for PageRank, as networkx uses it):

  build                 an undirected simple Graph of the relations
  components            connected components
  chains                the recruitment DiGraph (recruiter -> recruit), each
                        person's generation by a breadth-first search from a
                        virtual source joined to every root, victim-recruiters
  betweenness           betweenness estimated from the same number of sampled
                        sources (k) as bench_network uses
  pagerank              PageRank, damping 0.85
  articulation_bridges  articulation points and bridges
  k_core                core numbers
  louvain               Louvain communities (resolution 1)
  label_propagation     asynchronous label propagation

Prints one JSON object: {"seconds": {...}, "found": {...}}.

    bench/network_nx.py SAMPLE.tsv [--samples K]
"""
import argparse
import json
import sys
import time

import networkx as nx

CHAIN = {"recruited_by", "exploited_by"}


def timed(results, name, fn):
    start = time.perf_counter()
    value = fn()
    results[name] = round(time.perf_counter() - start, 4)
    return value


def main():
    p = argparse.ArgumentParser()
    p.add_argument("sample")
    p.add_argument("--samples", type=int, default=64)
    a = p.parse_args()
    with open(a.sample) as f:
        n = int(f.readline())
        rows = [line.rstrip("\n").split("\t") for line in f]
    edges = [(int(u), int(v)) for u, v, _ in rows]
    chain_edges = [(int(v), int(u)) for u, v, t in rows if t in CHAIN]
    seconds, found = {}, {}

    def build():
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(edges)
        return g

    g = timed(seconds, "build", build)
    found["components"] = timed(seconds, "components", lambda: nx.number_connected_components(g))

    def chains():
        d = nx.DiGraph()
        d.add_edges_from(chain_edges)
        roots = [v for v in d if d.in_degree(v) == 0 and d.out_degree(v) > 0]
        d.add_edges_from(("source", r) for r in roots)
        generation = nx.single_source_shortest_path_length(d, "source")
        d.remove_node("source")
        victim_recruiters = [v for v in d if d.in_degree(v) > 0 and d.out_degree(v) > 0]
        return len(generation), len(victim_recruiters), nx.number_weakly_connected_components(d)

    _, found["victim_recruiters"], found["chains"] = timed(seconds, "chains", chains)
    timed(seconds, "betweenness", lambda: nx.betweenness_centrality(g, k=min(a.samples, n), seed=1))
    timed(seconds, "pagerank", lambda: nx.pagerank(g, alpha=0.85))

    def brokers():
        return len(list(nx.articulation_points(g))), len(list(nx.bridges(g)))

    found["articulation_points"], found["bridges"] = timed(seconds, "articulation_bridges", brokers)
    timed(seconds, "k_core", lambda: nx.core_number(g))
    communities = timed(seconds, "louvain", lambda: nx.community.louvain_communities(g, seed=1))
    found["communities_louvain"] = len(communities)
    found["modularity_louvain"] = round(nx.community.modularity(g, communities), 4)
    timed(seconds, "label_propagation", lambda: list(nx.community.asyn_lpa_communities(g, seed=1)))
    json.dump({"nodes": n, "relations": len(edges), "seconds": seconds, "found": found,
               "networkx": nx.__version__}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
