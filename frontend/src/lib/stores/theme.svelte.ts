// Light or dark, persisted per device; the first run follows the system preference.
export type ThemeName = 'light' | 'dark';

const KEY = 'keel.theme';

function initial(): ThemeName {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // storage disabled: fall back to the system preference
  }
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const theme = $state<{ name: ThemeName }>({ name: initial() });

function apply() {
  document.documentElement.dataset.theme = theme.name;
  document.documentElement.style.colorScheme = theme.name;
}

export function applyTheme(): void {
  apply();
}

export function setTheme(name: ThemeName): void {
  theme.name = name;
  try {
    localStorage.setItem(KEY, name);
  } catch {
    // not persisted; still applied for this session
  }
  apply();
}

export function toggleTheme(): void {
  setTheme(theme.name === 'dark' ? 'light' : 'dark');
}
