import { afterEach, describe, expect, it, vi } from 'vitest';

function prefersDark(dark: boolean) {
  vi.stubGlobal('matchMedia', (q: string) => ({ matches: dark && q.includes('dark'), media: q }));
}

describe('theme', () => {
  afterEach(() => {
    localStorage.clear();
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('follows the system preference on the first run', async () => {
    prefersDark(true);
    const { theme, applyTheme } = await import('./theme.svelte');
    expect(theme.name).toBe('dark');
    applyTheme();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('remembers the choice on this device, over the system preference', async () => {
    prefersDark(true);
    const first = await import('./theme.svelte');
    first.toggleTheme();
    expect(first.theme.name).toBe('light');
    expect(localStorage.getItem('keel.theme')).toBe('light');
    expect(document.documentElement.dataset.theme).toBe('light');

    vi.resetModules();
    const again = await import('./theme.svelte');
    expect(again.theme.name).toBe('light');
  });
});
