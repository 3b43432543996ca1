import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/styles.css';
import { createTheme, DirectionProvider, MantineProvider, useDirection } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/errors';
import { transport } from './api/client';
import { Gate } from './app/Gate';
import { PHONE_QUERY } from './app/layout';
import { installKeyboardWedge } from './lib/keyboardWedge';
import i18n, { directionOf, i18nReady } from './i18n';

// A scanner typing like a keyboard in rapid move: no key lost, even while the page opens.
installKeyboardWedge();

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

/**
 * Notifications where they never cover the button needed next: on a phone or tablet, at the top (the actions and the
 * bottom navigation are below); on a computer, bottom right.
 */
function PlacedNotifications() {
  const phone = useMediaQuery(PHONE_QUERY);
  return <Notifications position={phone ? 'top-center' : 'bottom-right'} limit={3} />;
}

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
            {/* Inside the query client: a notification may carry an action that calls the catalogue (Undo a move). */}
            <QueryClientProvider client={queryClient}>
              <PlacedNotifications />
              <Gate />
            </QueryClientProvider>
          </DirectionFollowsLanguage>
        </MantineProvider>
      </DirectionProvider>
    </StrictMode>,
  );

// Render once the language in use is loaded (each language is its own chunk, fetched when chosen), and a browser with
// the server's token has traded it for a cookie, so that images and events carry no token.
void Promise.all([
  i18nReady.catch((error: unknown) => console.error('Storeroom could not load its texts:', error)),
  transport.ready,
]).then(render);
