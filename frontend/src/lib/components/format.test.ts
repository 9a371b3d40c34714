import { describe, expect, it } from 'vitest';
import { formatValue, lowerLabel } from './format';

describe('lowerLabel', () => {
  it('lowercases ordinary words but keeps acronyms', () => {
    expect(lowerLabel('AI systems')).toBe('AI systems');
    expect(lowerLabel('DPIAs')).toBe('DPIAs');
    expect(lowerLabel('Context issues')).toBe('context issues');
    expect(lowerLabel('AI impact assessment')).toBe('AI impact assessment');
    expect(lowerLabel('Records of Processing')).toBe('records of processing');
  });
});

describe('formatValue', () => {
  it('shows yes/no, lists and empty values as a person reads them', () => {
    expect(formatValue(undefined, true)).toBe('Yes');
    expect(formatValue(undefined, false)).toBe('No');
    expect(formatValue(undefined, ['security', 'ai'])).toBe('security, ai');
    expect(formatValue(undefined, '')).toBe('');
  });
});
