#!/usr/bin/env python3
"""Mutants of one component alive after two PIT runs (every check, then the contract after new clauses): usage
edit the paths below (docs/results/2026-11-30-pit-h200-alloc was made with it)."""
import gzip,re,sys,xml.etree.ElementTree as ET
def load(p):
    t=open(p,encoding='utf-8').read()
    ms=[ET.fromstring(m) for m in re.findall(r"<mutation .*?</mutation>",t,re.S)]
    d={}
    for m in ms:
        k=(m.findtext('mutatedClass').split('.')[-1],m.findtext('mutatedMethod'),m.findtext('lineNumber'),m.findtext('mutator').split('.')[-1],m.findtext('description'),m.findtext('indexes/index') or m.findtext('index'))
        d[k]=m.get('status')
    return d
for c in ['alloc-main','alloc-cache','alloc-shard']:
    a=load(f'/work/.device/3/{c}-mutations.xml'); b=load(f'/work/.device/5/{c}-mutations.xml')
    alive=[]; und=0
    for k,s in b.items():
        if s in ('KILLED','TIMED_OUT','MEMORY_ERROR','RUN_ERROR'): continue
        sa=a.get(k)
        if sa in ('KILLED','TIMED_OUT','MEMORY_ERROR','RUN_ERROR'): continue
        if sa is None: und+=1
        alive.append((k,s,sa))
    print(c,'total',len(b),'killed by a check',len(b)-len(alive),'alive',len(alive),'of which not decided by the every-check run',und)
    for k,s,sa in sorted(alive): print('  ',k[0]+'.'+k[1]+':'+k[2],k[3],'|',k[4][:70],'|',s,sa)
