#!/usr/bin/env node
// DEVELOPMENT ONLY: an in-memory stand-in for `keel serve`, for screenshots and for trying
// the e2e tests before the Go binary exists. It follows docs/api.md loosely and is not the
// contract: the real e2e run uses KEEL_BIN. Usage:
//   node e2e/mock/keel-mock.mjs serve --data DIR --addr 127.0.0.1:0 [--seed N]
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'dist');
const schema = JSON.parse(readFileSync(join(here, 'schema.json'), 'utf8'));

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
if (argv[0] !== 'serve') {
  console.error('usage: keel-mock serve --data DIR --addr HOST:PORT');
  process.exit(2);
}
const [host, port] = opt('--addr', '127.0.0.1:0').split(':');
const seed = Number(opt('--seed', '0'));
const token = randomBytes(16).toString('hex');

class KeelError extends Error {
  constructor(code, message, field) {
    super(message);
    this.code = code;
    this.field = field;
  }
}
const fail = (code, message, field) => {
  throw new KeelError(code, message, field);
};

const state = { identity: null, workspaces: [], current: null, data: new Map() };
const kindOf = (name) => schema.kinds.find((k) => k.name === name) ?? fail('not_found', `unknown record kind "${name}"`);
const ws = () => {
  if (!state.current) fail('forbidden', 'Open or create a workspace first');
  if (!state.identity) fail('forbidden', 'Tell Keel who you are first (Settings → Your details)');
  return state.data.get(state.current);
};
const now = () => new Date().toISOString();
const listeners = new Set();
const emit = (name, data) => {
  for (const res of listeners) res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
};
const wsInfo = (w) => w && { ...w, current: w.id === state.current };

function normalizeValue(f, v) {
  if (v === null || v === undefined) return null;
  switch (f.type) {
    case 'number': {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      if (String(v).trim() === '') return null;
      if (!Number.isFinite(n)) fail('invalid', `${f.label}: "${v}" is not a number`, f.name);
      return n;
    }
    case 'bool':
      return v === true || v === 'true';
    case 'multienum':
    case 'links': {
      if (!Array.isArray(v)) fail('invalid', `${f.label} must be a list`, f.name);
      const out = [...new Set(v.map((x) => String(x).trim()).filter(Boolean))];
      if (f.type === 'multienum') {
        for (const x of out) if (!f.options.includes(x)) fail('invalid', `${f.label}: "${x}" is not allowed`, f.name);
        out.sort((a, b) => f.options.indexOf(a) - f.options.indexOf(b));
      }
      return out.length ? out : null;
    }
    case 'enum': {
      const s = String(v);
      if (!s) return null;
      if (!f.options.includes(s)) fail('invalid', `${f.label}: "${s}" is not allowed; choose one of: ${f.options.join(', ')}`, f.name);
      return s;
    }
    default: {
      const s = f.type === 'longtext' ? String(v) : String(v).trim();
      if (f.maxLen && s.length > f.maxLen) fail('invalid', `${f.label} is too long`, f.name);
      return s || null;
    }
  }
}

function record(d, r) {
  const k = kindOf(r.kind);
  return { ...r, title: r.fields[k.titleField] ?? '', fields: { ...r.fields } };
}

function write(d, r, type, field, value) {
  d.history.get(r.id).push({ opId: randomUUID(), at: now(), actor: state.identity, type, field, value });
  r.updatedAt = now();
  r.updatedBy = state.identity;
}

function setFields(d, r, fields, creating) {
  const k = kindOf(r.kind);
  const norm = {};
  for (const [name, v] of Object.entries(fields ?? {})) {
    const f = k.fields.find((x) => x.name === name) ?? fail('invalid', `${k.label} has no field "${name}"`, name);
    norm[name] = normalizeValue(f, v);
  }
  if (creating) {
    for (const f of k.fields) if (f.required && norm[f.name] == null) fail('invalid', `${f.label} is required`, f.name);
  } else {
    for (const f of k.fields) if (f.required && f.name in norm && norm[f.name] == null) fail('invalid', `${f.label} is required`, f.name);
  }
  for (const [name, v] of Object.entries(norm)) {
    const f = k.fields.find((x) => x.name === name);
    if (f.type === 'links') {
      const before = r.fields[name] ?? [];
      const after = v ?? [];
      for (const t of after) if (!before.includes(t)) write(d, r, 'link', name, t);
      for (const t of before) if (!after.includes(t)) write(d, r, 'unlink', name, t);
    } else if (JSON.stringify(r.fields[name] ?? null) !== JSON.stringify(v)) {
      write(d, r, 'set', name, v);
    }
    if (v == null) delete r.fields[name];
    else r.fields[name] = v;
  }
}

function createRecord(kind, fields) {
  const d = ws();
  kindOf(kind);
  const r = { id: randomUUID().replace(/-/g, '').slice(0, 20), kind, fields: {}, deleted: false, createdAt: now(), createdBy: state.identity, updatedAt: now(), updatedBy: state.identity };
  d.history.set(r.id, [{ opId: randomUUID(), at: now(), actor: state.identity, type: 'create' }]);
  try {
    setFields(d, r, fields, true);
  } catch (e) {
    d.history.delete(r.id);
    throw e;
  }
  d.records.set(r.id, r);
  emit('records:changed', { kind, id: r.id });
  return record(d, r);
}

function get(d, kind, id) {
  const r = d.records.get(id);
  if (!r || r.kind !== kind) fail('not_found', `No ${kind} with id ${id}`);
  return r;
}

const methods = {
  Version: () => ({ version: '0.0.0-mock', transport: 'http' }),
  Identity: () => state.identity,
  SetIdentity: (a) => {
    if (!a || String(a.name ?? '').trim().length < 2) fail('invalid', 'Name is required (at least 2 characters)', 'name');
    state.identity = { name: a.name.trim(), email: a.email ?? '', role: a.role ?? '' };
    return state.identity;
  },
  Workspaces: () => state.workspaces.map(wsInfo),
  CurrentWorkspace: () => wsInfo(state.workspaces.find((w) => w.id === state.current)) ?? null,
  CreateWorkspace: (name, demo) => {
    if (!String(name ?? '').trim()) fail('invalid', 'A workspace needs a name', 'name');
    const w = { id: randomUUID().slice(0, 8), name: name.trim(), createdAt: now(), path: `/data/${name.trim()}` };
    state.workspaces.push(w);
    state.data.set(w.id, { records: new Map(), history: new Map() });
    state.current = w.id;
    if (demo && state.identity) demoData();
    emit('workspace:changed', wsInfo(w));
    return wsInfo(w);
  },
  OpenWorkspace: (id) => {
    const w = state.workspaces.find((x) => x.id === id) ?? fail('not_found', 'No such workspace');
    state.current = id;
    emit('workspace:changed', wsInfo(w));
    return wsInfo(w);
  },
  RenameWorkspace: (id, name) => {
    const w = state.workspaces.find((x) => x.id === id) ?? fail('not_found', 'No such workspace');
    w.name = name;
    emit('workspace:changed', wsInfo(w));
    return wsInfo(w);
  },
  DeleteWorkspace: (id) => {
    state.workspaces = state.workspaces.filter((x) => x.id !== id);
    state.data.delete(id);
    if (state.current === id) state.current = null;
    emit('workspace:changed', null);
    return null;
  },
  BackupWorkspace: () => `/data/backups/${Date.now()}.keelbak`,
  Kinds: () => schema.kinds,
  Groups: () => schema.groups.map((g) => ({ name: g, kinds: schema.kinds.filter((k) => k.group === g).map((k) => k.name) })),
  ListRecords: (q) => {
    const d = ws();
    const k = kindOf(q.kind);
    let rs = [...d.records.values()].filter((r) => r.kind === q.kind && r.deleted === !!q.deleted);
    if (q.search) {
      const s = q.search.toLowerCase();
      rs = rs.filter((r) => JSON.stringify(r.fields).toLowerCase().includes(s));
    }
    for (const [f, v] of Object.entries(q.filters ?? {})) {
      rs = rs.filter((r) => (Array.isArray(r.fields[f]) ? r.fields[f].includes(v) : r.fields[f] === v));
    }
    const sort = q.sort || k.titleField;
    rs.sort((a, b) => String(a.fields[sort] ?? '').localeCompare(String(b.fields[sort] ?? '')) * (q.desc ? -1 : 1));
    return { records: rs.map((r) => record(d, r)), total: rs.length };
  },
  GetRecord: (kind, id) => {
    const d = ws();
    return record(d, get(d, kind, id));
  },
  CreateRecord: createRecord,
  UpdateRecord: (kind, id, fields) => {
    const d = ws();
    const r = get(d, kind, id);
    setFields(d, r, fields, false);
    emit('records:changed', { kind, id });
    return record(d, r);
  },
  DeleteRecord: (kind, id) => {
    const d = ws();
    const r = get(d, kind, id);
    r.deleted = true;
    write(d, r, 'delete');
    emit('records:changed', { kind, id });
    return null;
  },
  RestoreRecord: (kind, id) => {
    const d = ws();
    const r = get(d, kind, id);
    r.deleted = false;
    write(d, r, 'restore');
    emit('records:changed', { kind, id });
    return record(d, r);
  },
  AddLink: (kind, id, field, target) => methods.UpdateRecord(kind, id, { [field]: [...(get(ws(), kind, id).fields[field] ?? []), target] }),
  RemoveLink: (kind, id, field, target) => methods.UpdateRecord(kind, id, { [field]: (get(ws(), kind, id).fields[field] ?? []).filter((t) => t !== target) }),
  ResolveConflict: (kind, id, field, value) => {
    const d = ws();
    const r = get(d, kind, id);
    if (r.conflicts) delete r.conflicts[field];
    return methods.UpdateRecord(kind, id, { [field]: value });
  },
  History: (kind, id) => {
    const d = ws();
    get(d, kind, id);
    return d.history.get(id);
  },
  Search: (text) => {
    const d = ws();
    const s = String(text).toLowerCase();
    const out = [];
    for (const r of d.records.values()) {
      if (r.deleted) continue;
      const rec = record(d, r);
      if (rec.title.toLowerCase().includes(s)) out.push({ kind: r.kind, id: r.id, title: rec.title });
      if (out.length >= 50) break;
    }
    return out;
  },
};

function demoData() {
  const p1 = createRecord('interested_party', { name: 'Information Commissioner’s Office', category: 'regulator', lens: ['privacy', 'ai'], influence: 'high', addressed: true, requirements: 'UK GDPR accountability; DPIAs for high-risk processing; breach reports within 72 hours.' });
  const p2 = createRecord('interested_party', { name: 'Retail customers', category: 'customer', lens: ['security', 'privacy', 'ai'], influence: 'high', addressed: true });
  const p3 = createRecord('interested_party', { name: 'Cloud hosting provider', category: 'supplier', lens: ['security'], influence: 'medium', addressed: false });
  createRecord('context_issue', { title: 'FCA expectations on AI in credit decisions', type: 'external', lens: ['ai', 'privacy'], category: 'legal', effect: 'negative', owner: 'Priya Shah', status: 'open', review_date: '2026-03-31', related_parties: [p1.id, p2.id] });
  createRecord('context_issue', { title: 'Small security team, heavy reliance on one engineer', type: 'internal', lens: ['security'], category: 'organisational', effect: 'negative', owner: 'Tom Reed', status: 'monitored', review_date: '2026-01-15' });
  createRecord('context_issue', { title: 'Customers ask for AI-assisted support', type: 'external', lens: ['ai'], category: 'technological', effect: 'positive', owner: 'Priya Shah', status: 'open', related_parties: [p2.id] });
  createRecord('context_issue', { title: 'Data (Use and Access) Act 2025 changes to automated decisions', type: 'external', lens: ['privacy', 'ai'], category: 'legal', effect: 'both', owner: 'Dana Wells', status: 'open', review_date: '2026-02-01', related_parties: [p1.id] });
  createRecord('context_issue', { title: 'Move of core systems to managed cloud', type: 'internal', lens: ['security', 'privacy'], category: 'technological', effect: 'both', owner: 'Tom Reed', status: 'closed', related_parties: [p3.id] });
  createRecord('scope_statement', { title: 'Integrated IMS scope 2026', version: 2, status: 'approved', approved_by: 'Board', effective_date: '2026-01-01', isms_boundary: 'All customer-facing systems and the Leeds office.', aims_boundary: 'The credit-scoring model and the support assistant.' });
}

function seedRecords(n) {
  const types = ['internal', 'external'];
  const statuses = ['open', 'monitored', 'closed'];
  for (let i = 0; i < n; i++) {
    createRecord('context_issue', { title: `Seeded issue ${String(i + 1).padStart(5, '0')}`, type: types[i % 2], status: statuses[i % 3], owner: `Owner ${i % 17}`, lens: ['security'] });
  }
}

const mime = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/api/events') {
    if (url.searchParams.get('token') !== token) return res.writeHead(403).end();
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write(': hello\n\n');
    listeners.add(res);
    req.on('close', () => listeners.delete(res));
    return;
  }
  if (url.pathname.startsWith('/api/call/')) {
    const send = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (req.method !== 'POST') return send(405, { code: 'invalid', message: 'POST only' });
    if (req.headers['x-keel-token'] !== token) return send(403, { code: 'forbidden', message: 'Bad or missing token' });
    const name = url.pathname.slice('/api/call/'.length);
    const fn = methods[name];
    if (!fn) return send(404, { code: 'not_found', message: `No method ${name}` });
    let body = '';
    for await (const chunk of req) body += chunk;
    try {
      const args = body ? JSON.parse(body) : [];
      const out = fn(...args);
      return send(200, out === undefined ? null : out);
    } catch (e) {
      if (e instanceof KeelError) return send(e.code === 'not_found' ? 404 : e.code === 'forbidden' ? 403 : e.code === 'conflict' ? 409 : 400, { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) });
      console.error(e);
      return send(500, { code: 'internal', message: 'internal error' });
    }
  }
  let p = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
  if (p === '/' || p === '') p = '/index.html';
  const file = join(dist, p);
  if (!file.startsWith(dist) || !existsSync(file)) return res.writeHead(404).end('not found');
  res.writeHead(200, { 'Content-Type': mime[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});

server.listen(Number(port), host, () => {
  if (seed > 0) {
    state.identity = { name: 'Seed Bot', email: '', role: '' };
    methods.CreateWorkspace('Seeded', false);
    seedRecords(seed);
    state.identity = null;
  }
  const a = server.address();
  console.log(`Keel is ready at http://${a.address}:${a.port}/?token=${token}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
