import { type Input, type Output, type ProcedureName } from '@contract';
import { ApiError } from './errors';
import { getPersonId } from './person';
import { pickTransport } from './transport';

export const transport = pickTransport();

/** Calls one procedure of the contract. Resolves with its output, or throws an ApiError. */
export async function call<P extends ProcedureName>(procedure: P, input: Input<P>): Promise<Output<P>> {
  let result;
  try {
    result = await transport.invoke(procedure, input, { personId: getPersonId() });
  } catch (error) {
    throw new ApiError('NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error);
  return result.data as Output<P>;
}

/** Uploads one file for photos.import and resolves with its upload id, or throws an ApiError. */
export async function uploadFile(file: Blob): Promise<string> {
  let result;
  try {
    result = await transport.upload(file);
  } catch (error) {
    throw new ApiError('NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error);
  return (result.data as { uploadId: string }).uploadId;
}

/** The URL of a photo's thumbnail, preview or original, for an <img>. */
export const mediaUrl = (photoId: string, variant: 'thumb' | 'preview' | 'original'): string => transport.mediaUrl(photoId, variant);
