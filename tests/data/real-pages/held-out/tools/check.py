#!/usr/bin/env python3
# ruff: noqa  (the labeller's own checking script, kept as written, next to the corpus it checks)
"""Check gold.json against the pages: every post_id listed (posts, rejected, quoted) occurs in its
page; snippets and quote starts occur in the page text; fields are complete; manifest matches."""
import gzip, html, json, re, sys, unicodedata, hashlib
from urllib.parse import unquote
ROOT = sys.argv[1] if len(sys.argv) > 1 else str(__import__('pathlib').Path(__file__).resolve().parent.parent)
g = json.load(open(f'{ROOT}/gold.json', encoding='utf-8'))
man = [l.split('\t') for l in open(f'{ROOT}/manifest.tsv', encoding='utf-8').read().splitlines()[1:]]
FIELDS = ['platform', 'post_id', 'handle', 'url', 'embed_kind', 'found_in', 'has_text', 'lang', 'doubtful']
PRON = {'he', 'she', 'they', 'it', 'er', 'sie', 'es', 'il', 'elle', 'ella', 'él', 'lui', 'on', 'ona', 'он', 'она', 'они', 'yesterday', 'today'}
PLAT = {'twitter', 'x', 'instagram', 'facebook', 'telegram', 'tiktok', 'youtube'}
bad = 0
def fail(*a):
    global bad; bad += 1; print('FAIL', *a)
def norm(s):
    s = unicodedata.normalize('NFC', html.unescape(html.unescape(s)))
    return re.sub(r'\s+', ' ', s.replace('\u00a0', ' '))
def variants(raw):
    t = raw.decode('utf-8', 'replace')
    vs = [t, unquote(t), t.replace('\\/', '/'), html.unescape(t)]
    try: vs.append(raw.decode('cp1251'))
    except Exception: pass
    return vs
assert [m[0] for m in man] == list(g['pages']), 'manifest order/names differ from gold'
for name, repo, path, commit in man:
    pg = g['pages'][name]
    if pg['source'] != f'{repo}:{path}': fail(name, 'source != manifest')
    if not re.fullmatch(r'[0-9a-f]{40}', commit): fail(name, 'commit')
    raw = gzip.open(f'{ROOT}/pages/{name}.gz').read()
    vs = variants(raw)
    text = norm(re.sub(r'<[^>]+>', ' ', vs[0])) + ' ' + norm(re.sub(r'<[^>]+>', ' ', html.unescape(vs[0])))
    text_cp = norm(re.sub(r'<[^>]+>', ' ', vs[-1])) + ' ' + norm(re.sub(r'<[^>]+>', '', vs[0]))
    def has(s): return any(s in v for v in vs)
    for p in pg['posts']:
        for f in FIELDS:
            if f not in p: fail(name, p.get('post_id'), 'missing', f)
        pid = str(p['post_id'])
        if not has(pid.split('/')[-1]): fail(name, 'post_id not in page', p['platform'], pid)
        if p['has_text']:
            if not p.get('lang'): fail(name, pid, 'has_text without lang')
            snip = norm(p.get('text_snippet') or '')
            if not snip: fail(name, pid, 'has_text without snippet')
            elif snip[:40] not in text and snip[:40] not in text_cp and not has(snip[:25]): fail(name, pid, 'snippet not in page', snip[:40])
        elif p.get('lang'): fail(name, pid, 'lang without text')
        if p['doubtful'] and not p.get('doubt'): fail(name, pid, 'doubtful without doubt')
        if p.get('date_text') and norm(p['date_text']) not in text and not has(p['date_text']): fail(name, pid, 'date not in page', p['date_text'])
    for r in pg['rejected']:
        if not has(str(r['post_id']).split('/')[-1]): fail(name, 'rejected id not in page', r)
    for q in pg['quoted']:
        for f in ['platform', 'speaker', 'quote_start', 'lang', 'post_id', 'note']:
            if f not in q: fail(name, 'quoted missing', f)
        sp = (q['speaker'] or '').strip().lower()
        if sp in PRON or sp in PLAT: fail(name, 'bad speaker', q['speaker'])
        qs = norm(q['quote_start'])
        if qs not in text and qs not in text_cp: fail(name, 'quote_start not in page text', qs)
        if q['post_id'] and not has(str(q['post_id']).split('/')[-1]): fail(name, 'quoted post_id not in page', q['post_id'])
    keys = [(p['platform'], str(p['post_id'])) for p in pg['posts']]
    if len(keys) != len(set(keys)): fail(name, 'duplicate posts')
    if pg['gold_count'] != sum(not p['doubtful'] for p in pg['posts']): fail(name, 'gold_count')
print('pages', len(man), 'failures', bad)
sys.exit(1 if bad else 0)
