#!/usr/bin/python3
"""The network's exports read back by independent readers.

A database gets a small network through `signaal network import`, with
every kind of entity, every relation type and keys that need escaping in
XML.  `signaal network export --format graphml` is then read by networkx
(Debian's python3-networkx): the same nodes, the same relations, each with
its attributes, must come back.  The GEXF export must be well-formed XML
with the same counts, the FollowTheMoney export one JSON entity per line.
Last, the component sizes that `signaal network analyse --json` reports
must be those networkx finds on the GraphML.

    graphml_readback.py --binary build/signaal --workdir build/network-work/graphml

Prints one line per check and ends with "network/graphml: N passed, M failed".
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import networkx as nx

ROWS = [
    # from, to, type, confidence, first_seen, last_seen, source
    ("ext:nickname:De Baas", "ext:nickname:Rambo & Co", "exploited_by", "probable", "2026-09-01", "", "report:PV-1"),
    ("ext:nickname:Jongen <1>", "ext:nickname:De Baas", "recruited_by", "confirmed", "2026-09-10", "2026-10-01", "report:PV-1"),
    ("ext:nickname:Jongen 2", "ext:nickname:Jongen <1>", "recruited_by", "unverified", "2026-09-12", "", "report:\"PV\" 2"),
    ("ext:nickname:Jongen 2", "ext:nickname:Jongen 3", "co_offended_with", "confirmed", "2026-09-12", "", "report:PV-2"),
    ("ext:nickname:Jongen 3", "ext:nickname:Jongen 2", "sibling_of", "confirmed", "2026-01-01", "", "report:PV-2"),
    ("ext:nickname:Jongen 2", "ext:phone:06-1234 5678", "uses_phone", "confirmed", "2026-09-12", "", "report:PV-3"),
    ("ext:nickname:Jongen 3", "ext:address:Stationsplein 1, Utrecht", "lives_at", "probable", "2026-09-12", "", "report:PV-3"),
    ("ext:vehicle:ab-12-cd", "ext:place:Station Centraal", "seen_at", "unverified", "2026-09-13", "", "report:PV-3"),
    ("ext:nickname:De Baas", "ext:group:Groep Oost", "member_of", "probable", "2026-08-01", "", "report:PV-4"),
    ("ext:account:insta:baas_030", "ext:group:Groep Oost", "member_of", "unverified", "2026-08-01", "", "report:PV-4"),
    ("ext:nickname:De Baas", "ext:vehicle:ab-12-cd", "associates_with", "confirmed", "2026-08-02", "", "report:PV-4"),
    ("ext:nickname:Los", "ext:nickname:Alleen", "associates_with", "unverified", "2026-08-03", "", "report:PV-5"),
]

# The one spelling the importer gives each key (analysis/netvocab.c).
LABELS = {
    "ext:nickname:De Baas": "de baas", "ext:nickname:Rambo & Co": "rambo & co",
    "ext:nickname:Jongen <1>": "jongen <1>", "ext:nickname:Jongen 2": "jongen 2",
    "ext:nickname:Jongen 3": "jongen 3", "ext:phone:06-1234 5678": "0612345678",
    "ext:address:Stationsplein 1, Utrecht": "stationsplein 1, utrecht",
    "ext:vehicle:ab-12-cd": "AB12CD", "ext:place:Station Centraal": "Station Centraal",
    "ext:group:Groep Oost": "Groep Oost", "ext:account:insta:baas_030": "insta:baas_030",
    "ext:nickname:Los": "los", "ext:nickname:Alleen": "alleen",
}
DIRECTED = {"recruited_by", "exploited_by", "uses_phone", "lives_at", "seen_at", "member_of"}

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok {passed + failed} - {what}")
    else:
        failed += 1
        print(f"not ok {passed + failed} - {what}")


def csv_field(value):
    if any(c in value for c in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def run(binary, *args, stdin=None):
    env = dict(os.environ, SIGNAAL_PASSWORD_COST="minimal")
    return subprocess.run([binary, *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=120)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--workdir", required=True)
    a = p.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    db = os.path.join(a.workdir, "signaal.db")
    for args, stdin in [
        (["init", "--db", db], None),
        (["org", "add", "--db", db, "--name", "Analyse", "--type", "national-analysis"], None),
        (["user", "add", "--db", db, "--org", "Analyse", "--role", "analyst", "--name", "analist",
          "--password-stdin"], "a long password 1"),
    ]:
        r = run(a.binary, *args, stdin=stdin)
        if r.returncode != 0:
            print(f"setup failed: {' '.join(args)}: {r.stderr}")
            return 2
    csv = "from,to,type,confidence,first_seen,last_seen,source\n" + "".join(
        ",".join(csv_field(v) for v in row) + "\n" for row in ROWS)
    path = os.path.join(a.workdir, "relations.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(csv)
    r = run(a.binary, "network", "import", "--db", db, "--as", "analist", "--purpose", "test", path)
    check(r.returncode == 0, f"the import is accepted ({r.stderr.strip()})")

    out = os.path.join(a.workdir, "network.graphml")
    r = run(a.binary, "network", "export", "--db", db, "--as", "analist", "--format", "graphml",
            "--purpose", "read back by networkx", "--output", out)
    check(r.returncode == 0, "the GraphML export is written")
    g = nx.read_graphml(out)
    check(g.number_of_nodes() == len(LABELS), f"networkx reads {len(LABELS)} nodes ({g.number_of_nodes()})")
    check(g.number_of_edges() == len(ROWS), f"and {len(ROWS)} relations ({g.number_of_edges()})")
    by_label = {d.get("label"): n for n, d in g.nodes(data=True)}
    check(set(by_label) == set(LABELS.values()), "every node keeps its key as label")
    kinds = {d["label"]: d["kind"] for _, d in g.nodes(data=True)}
    check(all(kinds[LABELS[ref]] == ref.split(":")[1] for ref in LABELS), "and its kind")
    edges = {}
    for u, v, d in g.edges(data=True):
        edges[(u, v, d["type"])] = d
    all_ok = True
    for frm, to, typ, conf, first, last, source in ROWS:
        d = edges.get((by_label[LABELS[frm]], by_label[LABELS[to]], typ))
        ok = (d is not None and d["confidence"] == conf and d["first_seen"] == first
              and d["last_seen"] == (last or first) and d["source"] == source
              and d["directed"] == (typ in DIRECTED) and len(d["relation"]) == 36)
        if not ok:
            print(f"# relation {frm} {typ} {to}: {d}")
        all_ok = all_ok and ok
    check(all_ok, "every relation comes back with its ends, direction, type, confidence, period and source")
    ids = [d["relation"] for _, _, d in g.edges(data=True)]
    check(len(set(ids)) == len(ids), "each relation keeps its own id")

    r = run(a.binary, "network", "export", "--db", db, "--as", "analist", "--format", "gexf",
            "--purpose", "Gephi")
    root = ET.fromstring(r.stdout)
    ns = {"g": "http://gexf.net/1.3"}
    check(len(root.findall(".//g:node", ns)) == len(LABELS)
          and len(root.findall(".//g:edge", ns)) == len(ROWS), "the GEXF export is XML with the same counts")
    r = run(a.binary, "network", "export", "--db", db, "--as", "analist", "--format", "ftm",
            "--purpose", "Aleph")
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    check(len(lines) == len(LABELS) + len(ROWS) and all("schema" in e and "properties" in e for e in lines),
          "the FollowTheMoney export has one entity per line")

    r = run(a.binary, "network", "analyse", "--db", db, "--as", "analist", "--json", "--purpose", "check")
    res = json.loads(r.stdout)
    ours = sorted(c["size"] for c in res["components"])
    theirs = sorted(len(c) for c in nx.connected_components(g.to_undirected()) if len(c) > 1)
    check(ours == theirs, f"component sizes agree with networkx ({ours} / {theirs})")
    print(f"network/graphml: {passed} passed, {failed} failed")
    if not failed:
        shutil.rmtree(a.workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
