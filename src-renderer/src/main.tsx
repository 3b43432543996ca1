import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/styles.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router';
import { ApiError } from './api/errors';
import { transport } from './api/client';
import { App } from './app/App';
import { TokenMissing } from './components/TokenMissing';
import './i18n';

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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
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
    </MantineProvider>
  </StrictMode>,
);
