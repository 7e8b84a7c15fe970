import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { I18nProvider } from './i18n/I18nProvider.js';
import { initI18n } from './i18n/store.js';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// The chosen language's catalogue (a lazy chunk) arrives before the first render.
void initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  );
});
