#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The documentation holds together.

Usage: docs_links.py [ROOT] [--example-pages PAGE...]

- The design is docs/design.md: no file of the project cites another
  design file, and every section of docs/design.md cited by its anchor
  anywhere (sources, tests, build files, pages) is a heading there.
- The rules R1 to R8 each have exactly one heading in docs/design.md
  ("### R5: ..."), and every rule number cited in the tree (R<n>) is one
  of them.
- Every relative link of README.md and docs/ (a page, a figure, a
  #anchor in a page) resolves.
- Every shell block of a page is marked `sh example` or `sh manual`
  (docs_examples.py), and every page with examples is one of the
  --example-pages (the pages tests/docs/meson.build runs).

Exit 0 when all hold, 1 otherwise; every failure is listed with its file
and line.
"""

import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docs_examples  # noqa: E402

RULES = range(1, 9)
# where citations live: every text file under these, and these files
SCAN_DIRS = ('app', 'lib', 'tests', 'scripts', 'config', 'docs', '.ci')
SCAN_FILES = ('README.md', 'meson.build', 'meson_options.txt')
TEXT_EXT = ('.c', '.h', '.py', '.sh', '.md', '.build', '.txt', '.ini',
            '.h2m', '')
OLD_DESIGN = 'DESIGN' + '.md'   # not spelt out, so this file does not cite it


def slug(heading):
    """GitHub's anchor of a heading: its text without markup, lower case,
    punctuation other than '-' and '_' dropped, spaces as '-'."""
    t = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', heading)
    t = t.replace('`', '').strip().lower()
    t = re.sub(r'[^\w\- ]', '', t)
    return t.replace(' ', '-')


def headings(path):
    """Return ([(line, level, text)], set of anchors) of a markdown page."""
    found, anchors, seen = [], set(), {}
    fence = None
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            m = re.match(r'^ {0,3}(`{3,}|~{3,})', line)
            if m:
                if fence is None:
                    fence = m.group(1)[0]
                elif m.group(1)[0] == fence:
                    fence = None
                continue
            if fence is not None:
                continue
            m = re.match(r'^(#{1,6})\s+(.*?)\s*#*\s*$', line)
            if not m:
                continue
            found.append((n, len(m.group(1)), m.group(2)))
            a = slug(m.group(2))
            if a in seen:
                seen[a] += 1
                a = '%s-%d' % (a, seen[a])
            else:
                seen[a] = 0
            anchors.add(a)
    return found, anchors


def text_files(root):
    for name in SCAN_FILES:
        p = os.path.join(root, name)
        if os.path.isfile(p):
            yield p
    for d in SCAN_DIRS:
        for base, dirs, files in os.walk(os.path.join(root, d)):
            dirs[:] = [x for x in dirs if not x.startswith('.') or
                       x == '.ci']
            for f in sorted(files):
                if os.path.splitext(f)[1] in TEXT_EXT or f == 'meson.build':
                    yield os.path.join(base, f)


def read(path):
    try:
        with open(path, encoding='utf-8') as f:
            return f.read()
    except (UnicodeDecodeError, OSError):
        return None


def links(path):
    """Yield (line, target) of the markdown links of a page, outside code."""
    fence = None
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            m = re.match(r'^ {0,3}(`{3,}|~{3,})', line)
            if m:
                if fence is None:
                    fence = m.group(1)[0]
                elif m.group(1)[0] == fence:
                    fence = None
                continue
            if fence is not None:
                continue
            line = re.sub(r'`[^`]*`', '', line)
            for m in re.finditer(r'\]\(([^)\s]+)\)', line):
                yield n, m.group(1)


def main():
    args = sys.argv[1:]
    example_pages = None
    if '--example-pages' in args:
        i = args.index('--example-pages')
        example_pages = set(args[i + 1:])
        args = args[:i]
    root = os.path.abspath(args[0] if args else
                           os.path.join(os.path.dirname(__file__), '..', '..'))
    design = os.path.join(root, 'docs', 'design.md')
    bad = []
    if not os.path.isfile(design):
        print('docs/design.md: missing')
        return 1
    heads, design_anchors = headings(design)

    # R1 .. R8: one heading each
    for r in RULES:
        hs = [(n, t) for n, lvl, t in heads
              if re.match(r'R%d\b' % r, t)]
        if len(hs) != 1:
            bad.append('docs/design.md: rule R%d: %d headings (%s), expected '
                       'exactly one "### R%d: ..."' % (
                           r, len(hs), ', '.join('line %d' % n for n, _ in hs)
                           or 'none', r))
    rules = {int(m.group(1)) for _, _, t in heads
             for m in [re.match(r'R(\d+)\b', t)] if m}

    # citations across the tree
    cited = 0
    for path in text_files(root):
        text = read(path)
        if text is None:
            continue
        rel = os.path.relpath(path, root)
        for n, line in enumerate(text.split('\n'), 1):
            if OLD_DESIGN in line:
                bad.append('%s:%d: cites %s, which the project does not '
                           'have: cite docs/design.md and the section\'s '
                           'anchor' %
                           (rel, n, OLD_DESIGN))
            if re.search(r'design\.md,? section \d', line):
                bad.append('%s:%d: cites a section of docs/design.md by '
                           'number: cite it by anchor (design.md#...)' %
                           (rel, n))
            for m in re.finditer(r'design\.md#([\w-]+)', line):
                cited += 1
                if m.group(1) not in design_anchors:
                    bad.append('%s:%d: docs/design.md#%s: no such heading in '
                               'docs/design.md' % (rel, n, m.group(1)))
            for m in re.finditer(r'(?<![\w.-])R(\d+)(?![\w])', line):
                if int(m.group(1)) not in rules:
                    bad.append('%s:%d: rule R%s is not defined in '
                               'docs/design.md (a heading "### R%s: ...")' %
                               (rel, n, m.group(1), m.group(1)))

    # links of the pages
    pages = [os.path.join(root, 'README.md')]
    for base, _, files in os.walk(os.path.join(root, 'docs')):
        pages += [os.path.join(base, f) for f in files if f.endswith('.md')]
    anchors = {}
    nlinks = 0
    for page in sorted(pages):
        rel = os.path.relpath(page, root)
        examples, errors = docs_examples.classify(page)
        bad += [e.replace(page, rel) for e in errors]
        if examples and example_pages is not None and \
                rel not in example_pages:
            bad.append('%s: has %d example(s) that no test runs: add the '
                       'page to docs_example_pages in tests/docs/meson.build'
                       % (rel, len(examples)))
        for n, target in links(page):
            if re.match(r'^[a-z][a-z0-9+.-]*:', target):
                continue  # http:, https:, mailto:
            nlinks += 1
            path, _, anchor = target.partition('#')
            dest = page if path == '' else os.path.normpath(
                os.path.join(os.path.dirname(page), path))
            if not dest.startswith(root + os.sep):
                bad.append('%s:%d: %s: points outside the project' %
                           (rel, n, target))
                continue
            if not os.path.exists(dest):
                bad.append('%s:%d: %s: no such file' % (rel, n, target))
                continue
            if anchor:
                if not dest.endswith('.md'):
                    bad.append('%s:%d: %s: an anchor in a file that is not a '
                               'page' % (rel, n, target))
                    continue
                if dest not in anchors:
                    anchors[dest] = headings(dest)[1]
                if anchor not in anchors[dest]:
                    bad.append('%s:%d: %s: no heading with anchor #%s in %s' %
                               (rel, n, target, anchor,
                                os.path.relpath(dest, root)))

    for b in bad:
        print(b)
    print('docs_links: R%d-R%d, %d citations of docs/design.md, %d links in '
          '%d pages: %s' % (min(RULES), max(RULES), cited, nlinks,
                            len(pages), 'FAIL' if bad else 'ok'))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
