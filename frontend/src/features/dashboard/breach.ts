// The 72-hour clock of a personal-data breach (UK GDPR Art 33), as the dashboard shows it:
// time left until the deadline, ticking on this device, red when under 24 hours or overdue.
import type { BreachClock } from '../../lib/api';

export type BreachTone = 'stopped' | 'ok' | 'urgent' | 'overdue';

export interface BreachView {
  /** Hours left (negative once passed), to one decimal as the backend gives them. */
  hoursLeft: number;
  /** "66 h 54 min left", "Overdue by 3 h 10 min", "Clock stopped". */
  text: string;
  tone: BreachTone;
}

export const URGENT_HOURS = 24;

/** "3 h 05 min", "45 min", "2 d 3 h" for long spans. */
export function formatSpan(ms: number): string {
  const mins = Math.floor(Math.abs(ms) / 60_000);
  const h = Math.floor(mins / 60);
  const m = mins % 60;
  if (h >= 96) return `${Math.floor(h / 24)} d ${h % 24} h`;
  if (h === 0) return `${m} min`;
  return `${h} h ${String(m).padStart(2, '0')} min`;
}

/**
 * The clock as of `nowMs` (this device's time corrected by `skewMs` = server now − device
 * now when the summary was fetched, so a wrong device clock does not move the deadline).
 */
export function breachView(clock: BreachClock, nowMs: number, skewMs = 0): BreachView {
  const deadline = Date.parse(clock.deadline);
  const left = Number.isNaN(deadline) ? clock.hoursLeft * 3_600_000 : deadline - (nowMs + skewMs);
  const hoursLeft = Math.trunc(left / 360_000) / 10;
  if (clock.stopped) return { hoursLeft, text: 'Clock stopped: reported or not reportable', tone: 'stopped' };
  if (left < 0) return { hoursLeft, text: `Overdue by ${formatSpan(left)}`, tone: 'overdue' };
  return { hoursLeft, text: `${formatSpan(left)} left`, tone: left < URGENT_HOURS * 3_600_000 ? 'urgent' : 'ok' };
}

/** Share of the 72 hours used, 0–1, for the progress bar. */
export function breachUsed(clock: BreachClock, nowMs: number, skewMs = 0): number {
  const start = Date.parse(clock.awareAt);
  const end = Date.parse(clock.deadline);
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return 1;
  return Math.min(1, Math.max(0, (nowMs + skewMs - start) / (end - start)));
}

/** Milliseconds until the next whole minute, so the ticking lines up with the clock. */
export function msToNextMinute(nowMs: number): number {
  return 60_000 - (nowMs % 60_000) || 60_000;
}

/** "in 3 days", "today", "tomorrow", "2 days ago" for due items. */
export function daysText(daysLeft: number): string {
  if (daysLeft === 0) return 'today';
  if (daysLeft === 1) return 'tomorrow';
  if (daysLeft === -1) return 'yesterday';
  return daysLeft > 0 ? `in ${daysLeft} days` : `${-daysLeft} days ago`;
}
