import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/styles.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/errors';
import { transport } from './api/client';
import { Gate } from './app/Gate';
import { PHONE_QUERY } from './app/layout';
import { installKeyboardWedge } from './lib/keyboardWedge';
import './i18n';

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

const render = () =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider theme={theme}>
        <PlacedNotifications />
        <QueryClientProvider client={queryClient}>
          <Gate />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );

// A browser with the server's token first trades it for a cookie, so that images and events carry no token.
void transport.ready.then(render);
