#!/usr/bin/env python3
"""Summarises PIT's mutations.xml: the score and every surviving mutant (the gaps of the checks, until shown equivalent).

A campaign cut short by its time limit leaves an unterminated or empty XML file: the mutants of every unit that
finished are then read from what it holds, or, given PIT's verbose log as a fifth argument (scripts/pit.sh VERBOSE=1),
from the fate PIT logs for each mutant (class, method and mutator; no line numbers there), and the summary says it is
partial.

usage: pit-summary.py MUTATIONS_XML COMPONENT SECONDS THREADS [VERBOSE_LOG[.gz]]"""
import collections
import gzip
import re
import sys
import xml.etree.ElementTree as ET

path, component, seconds, threads = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
partial = False
try:
    muts = ET.parse(path).getroot().findall("mutation")
except ET.ParseError:
    partial = True
    with open(path, encoding="utf-8") as f:
        text = f.read()
    muts = [ET.fromstring(m) for m in re.findall(r"<mutation .*?</mutation>", text, re.S)]

LOGGED = re.compile(r"PIT >> FINE : MutationIdentifier \[location=Location \[clazz=([\w.$]+), method=([^,]+),.*?"
                    r"indexes=\[([\d, ]+)\], mutator=[\w.]*\.(\w+)\] ([A-Z_]+)")


def from_log(log):
    """Mutants as PIT's main process logs their fates (verbose): one line per mutant, minion echoes excluded."""
    opener = gzip.open if log.endswith(".gz") else open
    seen = {}
    with opener(log, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith(("stderr", "stdout")):
                continue
            m = LOGGED.search(line)
            if m:
                cls, method, idx, mutator, st = m.groups()
                e = ET.Element("mutation", status=st,
                               detected="true" if st in ("KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR") else "false")
                for tag, text in (("mutatedClass", cls), ("mutatedMethod", method), ("lineNumber", "index " + idx),
                                  ("mutator", mutator), ("description", "(from the log)")):
                    ET.SubElement(e, tag).text = text
                seen[(cls, method, idx, mutator)] = e
    return list(seen.values())


if not muts and len(sys.argv) > 5:
    partial = True
    muts = from_log(sys.argv[5])
status = collections.Counter(m.get("status") for m in muts)
detected = sum(1 for m in muts if m.get("detected") == "true")
print(f"PIT campaign: {component} ({seconds} s, {threads} threads)"
      + (" — PARTIAL: cut by its time limit, finished units only" if partial else ""))
print(f"mutants: {len(muts)}; detected {detected} ({100.0 * detected / max(1, len(muts)):.1f}%); "
      + ", ".join(f"{k} {v}" for k, v in sorted(status.items())))
for m in muts:
    if m.get("detected") != "true":
        cls = m.findtext("mutatedClass").rsplit(".", 1)[-1]
        print(f"  {m.get('status'):<12} {cls}.{m.findtext('mutatedMethod')}:{m.findtext('lineNumber')}  "
              f"{m.findtext('mutator').rsplit('.', 1)[-1]}: {m.findtext('description')}")
