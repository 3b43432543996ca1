/**
 * Reading labels: QR, DataMatrix and Code 128, the codes Storeroom prints. The browser's own BarcodeDetector is used
 * where it reads them (Chrome on Android and macOS); elsewhere the barcode-detector polyfill, over zxing-wasm, whose
 * WebAssembly is served from the app's own assets (never a CDN: the page's policy would refuse one anyway). This
 * module is loaded only when a camera opens, so a phone's first screen does not carry the decoder.
 */
import { BarcodeDetector as Polyfill, prepareZXingModule } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

export const LABEL_FORMATS = ['qr_code', 'data_matrix', 'code_128'] as const;

export interface Detected {
  text: string;
  format: string;
}

export interface Detector {
  /** The codes in an image or a video's current frame; none is an empty list. */
  detect(source: ImageBitmapSource): Promise<Detected[]>;
}

interface NativeDetector {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string; format: string }[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

let prepared = false;

async function nativeDetector(): Promise<NativeDetector | null> {
  const Native = (window as unknown as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Native) return null;
  try {
    const supported = await Native.getSupportedFormats();
    if (!LABEL_FORMATS.every((format) => supported.includes(format))) return null;
    return new Native({ formats: [...LABEL_FORMATS] });
  } catch {
    return null;
  }
}

export async function createDetector(): Promise<Detector> {
  const native = await nativeDetector();
  let detector: NativeDetector = native as NativeDetector;
  if (!native) {
    if (!prepared) {
      prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) } });
      prepared = true;
    }
    detector = new Polyfill({ formats: [...LABEL_FORMATS] });
  }
  return {
    async detect(source) {
      const found = await detector.detect(source);
      return found.map((code) => ({ text: code.rawValue, format: code.format })).filter((code) => code.text.trim() !== '');
    },
  };
}
