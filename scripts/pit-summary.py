#!/usr/bin/env python3
"""Summarises PIT's mutations.xml: the score and every surviving mutant (the gaps of the checks, until shown equivalent).

A campaign cut short by its time limit leaves an unterminated XML file: the mutants of every unit that finished are
then read from it line by line (one <mutation> element per line), and the summary says it is partial."""
import collections
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
