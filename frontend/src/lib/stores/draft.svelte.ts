// The unsaved-changes guard: the form being edited holds it, and leaving that form (a link,
// the sidebar, another row, closing the window) asks first: keep editing, discard or save.
// The router calls leaving() before it changes the route.

/** What the form with unsaved changes offers the guard. */
export type DraftGuard = {
  dirty: () => boolean;
  /** Saves; true when the form has nothing unsaved left (a refused save stays). */
  save: () => Promise<boolean>;
  discard: () => void;
};

let held: DraftGuard | null = null;
/** The leave being asked about (kept out of $state: a guard must stay the same object). */
let pending: { guard: DraftGuard; go: () => void } | null = null;

/** Whether a leave is being asked about, and whether its save runs. */
export const leave = $state({ asking: false, saving: false });

function ask(p: typeof pending) {
  pending = p;
  leave.asking = !!p;
}

/** Whether the guard's form is the one being asked about (it shows the dialog). */
export const asksFor = (g: DraftGuard) => leave.asking && pending?.guard === g;

/** Holds the guard for a form; returns the function that lets it go (on unmount). */
export function holdDraft(g: DraftGuard): () => void {
  held = g;
  return () => {
    if (held === g) held = null;
    if (pending?.guard === g) ask(null);
  };
}

/** Whether there is a form with unsaved changes. */
export const hasUnsaved = () => !!held?.dirty();

/** Runs go now (true), or, with unsaved changes, asks first and runs it once they are saved or discarded (false). */
export function leaving(go: () => void): boolean {
  if (!held?.dirty()) {
    go();
    return true;
  }
  ask({ guard: held, go });
  return false;
}

export function keepEditing(): void {
  ask(null);
}

export function discardAndLeave(): void {
  const p = pending;
  ask(null);
  if (!p) return;
  p.guard.discard();
  p.go();
}

export async function saveAndLeave(): Promise<void> {
  const p = pending;
  if (!p || leave.saving) return;
  leave.saving = true;
  try {
    const ok = await p.guard.save();
    ask(null);
    if (ok) p.go();
  } finally {
    leave.saving = false;
  }
}

/** Closing or reloading the window with unsaved changes asks the browser's own question. */
export function guardUnload(e: BeforeUnloadEvent): void {
  if (hasUnsaved()) {
    e.preventDefault();
    e.returnValue = '';
  }
}
