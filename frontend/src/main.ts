import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { applyTheme } from './lib/stores/theme.svelte';

// Set the theme before the first paint so a dark-mode user never sees a white flash.
applyTheme();

const app = mount(App, { target: document.getElementById('app')! });

export default app;
