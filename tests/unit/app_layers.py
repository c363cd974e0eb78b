#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The rooms of app/nblpmd stand in layers (docs/design.md#modules).

Usage: app_layers.py [ROOT]

A room is a folder of app/nblpmd; at its top, main.c is the program (the
top room) and the headers are the state every room shares (the bottom
room). A room uses another when one of its files includes a header of the
other (as `grep '#include "'` shows it) or names a function the other
defines. The test fails, listing each offence with its file and line, when:

- the rooms use each other in a cycle (the include graph alone, or
  with the functions named);
- a room uses a room above it in LAYERS (a file in a folder LAYERS does
  not place counts as an offence too);
- a shared header (app/nblpmd/*.h) declares or defines a function: the
  shared headers hold types and state, every function is offered by the
  header of its room;
- a room other than main and shared has no header of its own, or more
  than one that is not private (*_pvt.h);
- another room includes a room's private header, or declares a function
  of another room in its header.

Exit 0 when all hold, 1 otherwise.
"""

import os
import re
import sys

# Top to bottom: a room may use the rooms below it, never one above.
LAYERS = (
    'main',       # main.c: the program's life cycle
    'run',        # set-up, lcores, the main loop, teardown, the sizing
    'report',     # what a person sees: text, display, JSON, telemetry
    'stats',      # the counters the reports read, and their snapshots
    'consumers',  # one file per --fwd mode, the hold model
    'cli',        # the command line and profiles
    'replay',     # --replay and net_pcap capture files
    'json',       # JSON helpers, the histogram in microseconds
    'shared',     # nblpmd.h, nblpmd_app.h: types and shared state
)

APP = os.path.join('app', 'nblpmd')
NOT_FUNCTIONS = {'if', 'for', 'while', 'switch', 'return', 'sizeof',
                 'typeof', '__typeof__', '__attribute__', 'defined',
                 'offsetof', 'RTE_DIM', 'RTE_STR', 'RTE_BUILD_BUG_ON'}


def room_of(rel):
    """The room of a path relative to app/nblpmd."""
    folder = os.path.dirname(rel)
    if folder == '':
        return 'main' if rel.endswith('.c') else 'shared'
    return folder.split(os.sep)[0]


def strip_c(src):
    """Comments and string literals out, line numbers kept."""
    def blank(m):
        return '\n' * m.group(0).count('\n')
    src = re.sub(r'/\*.*?\*/', blank, src, flags=re.S)
    src = re.sub(r'//[^\n]*', '', src)
    src = re.sub(r"'(\\.|[^'\\\n])'", "' '", src)
    return re.sub(r'"(\\.|[^"\\\n])*"', '""', src)


def line_of(src, pos):
    return src.count('\n', 0, pos) + 1


def load(root):
    """{rel: (raw text, stripped text)} of every .c and .h."""
    files = {}
    base = os.path.join(root, APP)
    for folder, dirs, names in os.walk(base):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(('.c', '.h')):
                path = os.path.join(folder, name)
                with open(path, encoding='utf-8') as f:
                    raw = f.read()
                files[os.path.relpath(path, base)] = (raw, strip_c(raw))
    return files


def resolve(files, rel, name):
    """The file of app/nblpmd an #include "name" of rel reaches, or None
    (a library's header): the including file's folder, the top of
    app/nblpmd, then any folder holding one header of that name."""
    for cand in (os.path.normpath(os.path.join(os.path.dirname(rel), name)),
                 os.path.normpath(name)):
        if cand in files:
            return cand
    same = [f for f in files if os.path.basename(f) == os.path.basename(name)
            and f.endswith(name)]
    return same[0] if len(same) == 1 else None


def includes(files):
    """[(rel, line, target rel)] for every #include "..." of app/nblpmd."""
    found = []
    for rel, (raw, _) in files.items():
        for m in re.finditer(r'^\s*#\s*include\s+"([^"]+)"', raw, re.M):
            target = resolve(files, rel, m.group(1))
            if target is not None:
                found.append((rel, line_of(raw, m.start()), target))
    return found


def top_level(text):
    """Yield (position, statement) of the statements of a header at brace
    depth 0, preprocessor lines left out."""
    text = re.sub(r'^[ \t]*#(?:[^\n]*\\\n)*[^\n]*', lambda m:
                  re.sub(r'[^\n]', ' ', m.group(0)), text, flags=re.M)
    depth, start = 0, 0
    for i, c in enumerate(text):
        if c == '{':
            if depth == 0:
                yield start, text[start:i]
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                start = i + 1
        elif c == ';' and depth == 0:
            yield start, text[start:i]
            start = i + 1


def declared_functions(text):
    """[(position, name)] of the functions a header declares or defines at
    its top level (a typedef of a function pointer is a type)."""
    found = []
    for pos, stmt in top_level(text):
        if re.match(r'\s*typedef\b', stmt):
            continue
        for m in re.finditer(r'\b([A-Za-z_]\w*)\s*\(', stmt):
            if m.group(1) in NOT_FUNCTIONS or m.group(1).isupper():
                continue
            found.append((pos + m.start(1), m.group(1)))
            break
    return found


def defined_functions(files):
    """{name: rel} of the functions app/nblpmd defines for others: those
    of .c files that are not static, and the inline ones of headers."""
    defs = {}
    for rel, (_, text) in files.items():
        lines = text.split('\n')
        for i, line in enumerate(lines):
            m = re.match(r'([A-Za-z_]\w*)\(', line)
            if m is None or i == 0 or lines[i - 1].strip() == '':
                continue
            prev = lines[i - 1]
            if rel.endswith('.c') and re.search(r'\bstatic\b', prev):
                continue
            if rel.endswith('.c') or re.search(r'\binline\b', prev):
                defs[m.group(1)] = rel
    return defs


def check(root):
    files = load(root)
    problems = []
    rank = {r: i for i, r in enumerate(LAYERS)}

    for rel in files:
        if room_of(rel) not in rank:
            problems.append('%s/%s: room %s/ is not in LAYERS '
                            '(tests/unit/app_layers.py); place it there '
                            'and in docs/design.md#modules' %
                            (APP, rel, room_of(rel)))

    # uses: (from room, to room) -> first evidence
    uses = {}

    def use(a, b, why):
        if a != b and (a, b) not in uses:
            uses[(a, b)] = why

    inc = includes(files)
    for rel, line, target in inc:
        use(room_of(rel), room_of(target), '%s/%s:%d includes %s' %
            (APP, rel, line, target))

    # functions named in another room's files
    defs = defined_functions(files)
    for rel, (_, text) in files.items():
        here = room_of(rel)
        for m in re.finditer(r'\b[A-Za-z_]\w*\b', text):
            drel = defs.get(m.group(0))
            if drel is None or room_of(drel) == here:
                continue
            use(here, room_of(drel), '%s/%s:%d names %s() of %s' % (
                APP, rel, line_of(text, m.start()), m.group(0), drel))

    # a cycle between rooms (includes and names), shown whole
    graph = {}
    for (a, b) in uses:
        graph.setdefault(a, set()).add(b)
    state = {}

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cyc = path[path.index(nxt):] + [nxt]
                problems.append('cycle between rooms %s: %s' % (
                    ' -> '.join(cyc), '; '.join(
                        uses[(cyc[i], cyc[i + 1])]
                        for i in range(len(cyc) - 1))))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])

    for (a, b), why in sorted(uses.items()):
        if a in rank and b in rank and rank[a] > rank[b]:
            problems.append('room %s uses room %s above it: %s' %
                            (a, b, why))

    # the shared headers hold no function; a header declares only its
    # own room's functions
    for rel, (_, text) in files.items():
        if not rel.endswith('.h'):
            continue
        for pos, name in declared_functions(text):
            where = '%s/%s:%d' % (APP, rel, line_of(text, pos))
            if room_of(rel) == 'shared':
                problems.append('%s: %s() in a shared header: declare it '
                                'in the header of the room that defines '
                                'it' % (where, name))
            elif name in defs and room_of(defs[name]) != room_of(rel):
                problems.append('%s: declares %s() of %s, a function of '
                                'room %s' % (where, name, defs[name],
                                             room_of(defs[name])))

    # one header per room; private headers stay in their room
    for room in LAYERS:
        if room in ('main', 'shared'):
            continue
        heads = sorted(f for f in files if room_of(f) == room and
                       f.endswith('.h') and not f.endswith('_pvt.h'))
        if any(room_of(f) == room for f in files) and len(heads) != 1:
            problems.append('room %s has %s: give it one header that says '
                            'what it offers (others private, *_pvt.h)' %
                            (room, ', '.join(heads) or 'no header'))
    for rel, line, target in inc:
        if target.endswith('_pvt.h') and room_of(rel) != room_of(target):
            problems.append('%s/%s:%d includes %s, private to room %s' %
                            (APP, rel, line, target, room_of(target)))
    return problems


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', '..')
    if not os.path.isdir(os.path.join(root, APP)):
        print('%s: no %s here' % (root, APP), file=sys.stderr)
        return 1
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print('%d problem(s): the rooms of %s do not stand in layers' %
              (len(problems), APP))
        return 1
    print('the rooms of %s stand in layers: %s' % (APP, ' > '.join(LAYERS)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
