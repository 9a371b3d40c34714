// The sync benchmark's writes in Automerge 3 and in Yjs, for make bench: on a writer, each
// record a create and `sets` title sets, every write its own change (as every Keel op is);
// then a new device applies all of those changes and so merges the writer's document.
// Prints one line: library, writes, time to write them, time to apply and merge them on
// the new device, the merged document's saved size, and the heap after merging.
//
//	node merge.mjs automerge|yjs [records=20000] [sets=9]
import * as A from "@automerge/automerge";
import * as Y from "yjs";

const [lib, records = 20000, sets = 9] = [process.argv[2], +(process.argv[3] ?? 20000), +(process.argv[4] ?? 9)];
const writes = records * (1 + sets);
// AUTOMERGE_PER_RECORD=1: one Automerge change per record (its create and sets), as a
// batch would be, when one change per write takes too long to make.
const perRecord = process.env.AUTOMERGE_PER_RECORD === "1";
const ms = (t) => (performance.now() - t).toFixed(0);
const id = (e) => "e" + String(e).padStart(7, "0");

function automerge() {
  let t = performance.now();
  let doc = A.init();
  for (let e = 0; e < records; e++) {
    if (perRecord) {
      doc = A.change(doc, (d) => {
        d[id(e)] = { kind: "context_issue" };
        for (let f = 0; f < sets; f++) d[id(e)].title = `Issue ${e} rev ${f}`;
      });
      continue;
    }
    doc = A.change(doc, (d) => { d[id(e)] = { kind: "context_issue" }; });
    for (let f = 0; f < sets; f++) doc = A.change(doc, (d) => { d[id(e)].title = `Issue ${e} rev ${f}`; });
  }
  const changes = A.getAllChanges(doc);
  const write = ms(t);
  doc = null;
  global.gc?.();
  t = performance.now();
  let other = A.init();
  [other] = A.applyChanges(other, changes);
  const merge = ms(t);
  const check = other[id(records - 1)].title;
  if (check !== `Issue ${records - 1} rev ${sets - 1}`) throw new Error("automerge merged to " + check);
  return { write, merge, saved: A.save(other).length };
}

function yjs() {
  let t = performance.now();
  const doc = new Y.Doc();
  const updates = [];
  doc.on("update", (u) => updates.push(u));
  const root = doc.getMap("records");
  for (let e = 0; e < records; e++) {
    const rec = new Y.Map();
    doc.transact(() => { root.set(id(e), rec); rec.set("kind", "context_issue"); });
    for (let f = 0; f < sets; f++) rec.set("title", `Issue ${e} rev ${f}`);
  }
  const write = ms(t);
  t = performance.now();
  const other = new Y.Doc();
  Y.transact(other, () => { for (const u of updates) Y.applyUpdate(other, u); });
  const merge = ms(t);
  const check = other.getMap("records").get(id(records - 1)).get("title");
  if (check !== `Issue ${records - 1} rev ${sets - 1}`) throw new Error("yjs merged to " + check);
  return { write, merge, saved: Y.encodeStateAsUpdate(other).length };
}

const r = lib === "automerge" ? automerge() : lib === "yjs" ? yjs() : null;
if (!r) { console.error("usage: node merge.mjs automerge|yjs [records] [sets]"); process.exit(2); }
const heap = (process.memoryUsage().heapUsed / 1e6).toFixed(0);
console.log(`${lib === "automerge" ? "Automerge 3" + (perRecord ? " (a change per record)" : "") : "Yjs"}: ${writes} writes: write ${r.write} ms, apply+merge on a new device ${r.merge} ms, saved ${(r.saved / 1e6).toFixed(1)} MB, heap ${heap} MB`);
