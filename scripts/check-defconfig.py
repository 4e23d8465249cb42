#!/usr/bin/python3
"""Validate defconfig files with kconfiglib (Debian python3-kconfiglib).

kconfig-conf silently ignores unknown symbols and out-of-range values, so
every configs/*_defconfig is checked here: no warning from kconfiglib,
every assignment takes effect, and the file is minimal (exactly what
savedefconfig writes). Usage: check-defconfig.py FILE... ; prints one line
per file, exits 1 if any fails.
"""
import os
import re
import sys
import tempfile

import kconfiglib

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSIGN = re.compile(r'^CONFIG_(\w+)=(.*)$')
UNSET = re.compile(r'^# CONFIG_(\w+) is not set$')


def significant(lines):
    return [l for l in lines if ASSIGN.match(l) or UNSET.match(l)]


def problems(path):
    os.environ['srctree'] = SRCTREE
    kconf = kconfiglib.Kconfig(os.path.join(SRCTREE, 'Kconfig'),
                               warn_to_stderr=False)
    kconf.load_config(path)
    found = ['kconfiglib: ' + w.splitlines()[0] for w in kconf.warnings]
    with open(path) as f:
        lines = [l.rstrip('\n') for l in f]
    for line in lines:
        m, u = ASSIGN.match(line), UNSET.match(line)
        if not (m or u):
            if line and not line.startswith('#'):
                found.append('not an assignment: ' + line)
            continue
        name = (m or u).group(1)
        sym = kconf.syms.get(name)
        if sym is None or not sym.nodes:
            found.append('unknown symbol CONFIG_' + name)
            continue
        want = m.group(2).strip('"') if m else 'n'
        if sym.str_value != want:
            found.append('CONFIG_%s=%s does not take effect (value is %s)'
                         % (name, want, sym.str_value or 'n'))
    with tempfile.NamedTemporaryFile('r', suffix='.defconfig') as tmp:
        kconf.write_min_config(tmp.name, header='')
        minimal = significant(l.rstrip('\n') for l in open(tmp.name))
    if not found and significant(lines) != minimal:
        found.append('not minimal; savedefconfig would write: '
                     + (' | '.join(minimal) or '(empty)'))
    return found


def main(paths):
    bad = 0
    for path in paths:
        p = problems(path)
        print('%s %s%s' % ('ok  ' if not p else 'FAIL', path,
                           ''.join('\n    ' + x for x in p)))
        bad += bool(p)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
