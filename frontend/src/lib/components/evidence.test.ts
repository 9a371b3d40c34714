import { describe, expect, it } from 'vitest';
import { isStale, previewKind, previewType, todayISO } from './evidence';
import { attachmentHash, attachmentName } from './format';

describe('evidence', () => {
  it('picks the preview by name', () => {
    expect(previewKind('Cert.PDF')).toBe('pdf');
    expect(previewKind('screen.png')).toBe('image');
    expect(previewKind('access.log')).toBe('text');
    expect(previewKind('minutes.docx')).toBe('none');
    expect(previewType('a.jpg')).toBe('image/jpeg');
  });
  it('marks stale evidence', () => {
    expect(isStale('2025-01-01', '2025-01-02')).toBe(true);
    expect(isStale('2025-01-02', '2025-01-02')).toBe(false);
    expect(isStale('', '2025-01-02')).toBe(false);
    expect(todayISO(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
  it('reads entries with metadata', () => {
    const h = 'ab'.repeat(32);
    const ref = `${h};type=certificate&valid=2027-01-01/ISO cert.pdf`;
    expect(attachmentHash(ref)).toBe(h);
    expect(attachmentName(ref)).toBe('ISO cert.pdf');
    expect(attachmentHash(`${h}/a.pdf`)).toBe(h);
  });
});
