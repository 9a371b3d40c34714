// The date the screens show the workspace as of ('' is today): set on a register screen or
// the Packs screen, kept while moving between them, cleared by "Back to today". While it
// is set, registers read the records as they stood at the end of that day and nothing can
// be changed (docs/parts/asof.md).
export const asOf = $state<{ date: string }>({ date: '' });

export function setAsOf(date: string): void {
  asOf.date = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '';
}

export function backToToday(): void {
  asOf.date = '';
}
