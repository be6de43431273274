#!/usr/bin/env python3
"""Mutants alive after two PIT runs of one component: one with every check, one with the contract alone after new
clauses were written (a mutant killed by either is killed). The XML files may be cut short or gzipped.

usage: pit-combine.py EVERY_CHECK_XML[.gz] CONTRACT_XML[.gz] COMPONENT"""
import gzip
import re
import sys
import xml.etree.ElementTree as ET

DEAD = ('KILLED', 'TIMED_OUT', 'MEMORY_ERROR', 'RUN_ERROR')


def load(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='utf-8') as f:
        text = f.read()
    found = {}
    for m in (ET.fromstring(x) for x in re.findall(r"<mutation .*?</mutation>", text, re.S)):
        key = (m.findtext('mutatedClass').split('.')[-1], m.findtext('mutatedMethod'), m.findtext('lineNumber'),
               m.findtext('mutator').split('.')[-1], m.findtext('description'), m.findtext('indexes/index'))
        found[key] = m.get('status')
    return found


every, contract, name = load(sys.argv[1]), load(sys.argv[2]), sys.argv[3]
alive = [(k, s, every.get(k)) for k, s in contract.items() if s not in DEAD and every.get(k) not in DEAD]
undecided = sum(1 for _, _, e in alive if e is None)
print(f"{name}: {len(contract)} mutants, {len(contract) - len(alive)} killed by a check, {len(alive)} alive "
      f"({undecided} of them not reached by the every-check run)")
for k, s, e in sorted(alive):
    print(f"  {k[0]}.{k[1]}:{k[2]} {k[3]} | {k[4][:70]} | contract {s}, every check {e}")
