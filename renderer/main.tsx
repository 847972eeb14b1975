import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Settings } from 'luxon';
import { setDisplayLocale } from '../shared/locale';
import { App } from './App';
import './styles.css';

// Numbers, amounts and dates follow the OS / browser language (navigator.language), everywhere.
setDisplayLocale(navigator.language);
Settings.defaultLocale = navigator.language;

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
