import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/styles.css';
import { createTheme, DirectionProvider, MantineProvider, useDirection } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router';
import { ApiError } from './api/errors';
import { transport } from './api/client';
import { App } from './app/App';
import { TokenMissing } from './components/TokenMissing';
import i18n, { directionOf, i18nReady } from './i18n';

const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 7,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A refusal or a missing record will not change by asking again.
      retry: (failures, error) => !(error instanceof ApiError && error.code !== 'NETWORK' && error.code !== 'INTERNAL') && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/** Mantine's direction follows the language: Arabic mirrors the whole interface. */
function DirectionFollowsLanguage({ children }: { children: ReactNode }) {
  const { setDirection } = useDirection();
  useEffect(() => {
    const follow = (language: string) => setDirection(directionOf(language));
    follow(i18n.resolvedLanguage ?? i18n.language);
    i18n.on('languageChanged', follow);
    return () => i18n.off('languageChanged', follow);
  }, [setDirection]);
  return children;
}

const render = () =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <DirectionProvider initialDirection={directionOf(i18n.resolvedLanguage ?? i18n.language)} detectDirection={false}>
        <MantineProvider theme={theme}>
          <DirectionFollowsLanguage>
            {transport.ready ? (
              <QueryClientProvider client={queryClient}>
                <Notifications position="bottom-right" limit={3} />
                <HashRouter>
                  <App />
                </HashRouter>
              </QueryClientProvider>
            ) : (
              <TokenMissing />
            )}
          </DirectionFollowsLanguage>
        </MantineProvider>
      </DirectionProvider>
    </StrictMode>,
  );

// Render once the language in use is loaded (each language is its own chunk, fetched when chosen).
i18nReady.then(render, (error: unknown) => {
  console.error('Storeroom could not load its texts:', error);
  render();
});
