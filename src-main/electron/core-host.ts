/**
 * Entry of the core's utility process (forked by main.ts): the catalogue and its database run here,
 * off the UI thread. Plain Node plus Electron's process.parentPort; no `electron` import.
 */
import { runCoreHost, type FromCore } from './core-service';
import type { Port } from './port-bridge';

/** The parts of Electron's MessagePortMain used here. */
interface MessagePortMainLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  console.error('core-host.js runs inside Storeroom’s desktop app (an Electron utility process); use "storeroom serve" or the CLI under Node.');
  process.exit(2);
}

function adaptPort(port: MessagePortMainLike): Port {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage(handler) {
      port.on('message', (event) => handler(event.data));
      port.start();
    },
  };
}

runCoreHost<MessagePortMainLike>({
  parent: {
    postMessage: (message: FromCore) => parentPort.postMessage(message),
    onMessage: (handler) => parentPort.on('message', (event) => handler(event.data, event.ports ?? [])),
  },
  adaptPort,
  argv: process.argv,
  env: process.env,
  exit: (code) => process.exit(code),
});
