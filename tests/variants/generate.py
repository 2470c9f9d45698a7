#!/usr/bin/env python3
# Regenerate: python3 tests/variants/generate.py (from the repository root). Encoded copies are made by hand:
#   boxdraw -> GB18030 with CRLF, tsv_quoted -> UTF-16BE with BOM.
# Re-render the two tables of other_district_2024.txt in every table layout the parser reads.
import unicodedata, sys
src = open('tests/corpus/other_district_2024.txt', encoding='utf-8').read().split('\n')
# indicator table: pipe rows at lines 39..69 (1-based)
ind_start = next(i for i,l in enumerate(src) if l.startswith('| 领域'))
ind_end = ind_start
while ind_end < len(src) and src[ind_end].startswith('|'): ind_end += 1
ind_rows = [[c.strip() for c in l.strip()[1:-1].split('|')] for l in src[ind_start:ind_end]]
ind_rows = [[c.split('、') if '、' in c and i == 7 else [c] for i, c in enumerate(r)] for r in ind_rows]
# project table: tab cells from the header line '\t序号' to the line before '五、'
p_start = next(i for i,l in enumerate(src) if l == '\t序号')
p_end = next(i for i,l in enumerate(src) if l.startswith('五、'))
cells = []
for l in src[p_start:p_end]:
    if l.startswith('\t'): cells.append([l[1:]])
    elif l.strip(): cells[-1].append(l)
cells = [[p for p in c if p.strip()] or [''] for c in cells]
prj_rows = [cells[i:i+7] for i in range(0, len(cells), 7)]

def w(s): return sum(2 if unicodedata.east_asian_width(ch) in 'WF' else 1 for ch in s)
def text(c, sep=''): return sep.join(c)

def tab_cells(rows):
    out = []
    for r in rows:
        for c in r:
            out.append('\t' + (c[0] if c else ''))
            for p in c[1:]: out += ['', p]
        out.append('')
    return out
def pipe_cells(rows): return [text(c) + ' |' for r in rows for c in r]
def pipe_rows(rows, md=False):
    out = ['| ' + ' | '.join(text(c, ' ') for c in r) + ' |' for r in rows]
    if md: out.insert(1, '|' + '---|' * len(rows[0]))
    return out
def tsv(rows):
    def q(c):
        t = '\n'.join(c)
        return '"' + t.replace('"', '""') + '"' if '\n' in t or '"' in t else t
    return ['\t'.join(q(c) for c in r) for r in rows]
def boxdraw(rows, widths):
    def wrap(c, W):
        lines = []
        for p in c:
            cur = ''
            for ch in p:
                if w(cur + ch) > W: lines.append(cur); cur = ''
                cur += ch
            lines.append(cur)
        return lines or ['']
    n = len(widths)
    top = '┌' + '┬'.join('─' * (x + 2) for x in widths) + '┐'
    mid = '├' + '┼'.join('─' * (x + 2) for x in widths) + '┤'
    bot = '└' + '┴'.join('─' * (x + 2) for x in widths) + '┘'
    out = [top]
    for k, r in enumerate(rows):
        r = r + [['']] * (n - len(r))
        wr = [wrap(c, widths[i]) for i, c in enumerate(r)]
        h = max(len(x) for x in wr)
        for j in range(h):
            out.append('│' + '│'.join(' ' + (wr[i][j] if j < len(wr[i]) else '') + ' ' * (widths[i] - w(wr[i][j] if j < len(wr[i]) else '')) + ' ' for i in range(n)) + '│')
        out.append(mid if k < len(rows) - 1 else bot)
    return out

layouts = {
    'tab_cells': (tab_cells, tab_cells),
    'pipe_cells': (pipe_cells, pipe_cells),
    'pipe_rows': (pipe_rows, pipe_rows),
    'markdown': (lambda r: pipe_rows(r, True), lambda r: pipe_rows(r, True)),
    'tsv_quoted': (tsv, tsv),
    'boxdraw': (lambda r: boxdraw(r, [8, 12, 4, 16, 8, 6, 6, 12]), lambda r: boxdraw(r, [4, 14, 16, 10, 8, 10, 12])),
}
for name, (fi, fp) in layouts.items():
    body = src[:ind_start] + fi(ind_rows) + src[ind_end:p_start] + fp(prj_rows) + src[p_end:]
    # keep a blank line between a table and the text after it
    open(f'tests/variants/other_district_2024.{name}.txt', 'w', encoding='utf-8').write('\n'.join(body))
print(len(ind_rows), 'indicator rows,', len(prj_rows), 'project rows')
